package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/export"
	"github.com/modcomp/modcomp/reports/summary"
	"github.com/modcomp/modcomp/reports/table"
)

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf cli.CaseFlags
	cf.Register(fs)
	asJSON := fs.Bool("json", false, "print one JSON document on stdout instead of tables")
	out := fs.String("out", "", "also write run.json and summary.md into this directory")
	var csvOut cli.CSVFlag
	csvOut.Register(fs)
	logPath := fs.String("log", "", "write a per-step CSV log (loss, accuracies of the net and its branches, branch scores, imbalance, Λ) at the Λ schedule's steps to this file")
	var prof cli.Profile
	prof.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c, seeds, err := cf.Resolve(fs)
	if err != nil {
		return err
	}
	if err := csvOut.Check(); err != nil {
		return err
	}
	var slog *export.StepLog
	if *logPath != "" {
		if slog, err = export.NewStepLog(*logPath, c.Params); err != nil {
			return cli.Usagef("-log: %v", err)
		}
		defer slog.Abort() // nothing, once committed
	}
	if *out != "" {
		if err := cli.WritableDir(*out); err != nil {
			return err
		}
	}
	ctx, stop, stopProfile, err := prof.Begin()
	if err != nil {
		return err
	}
	defer stop()
	bar := cli.NewProgress(stderr, *asJSON, int64(len(seeds))*train.StepsPerRun(c.Params), "training")
	prov := cli.Provenance()
	doc := result.Document{Case: c.Name, Params: c.Params, Provenance: &prov}
	for i, seed := range seeds {
		label := fmt.Sprintf("seed %d (%d/%d)", seed, i+1, len(seeds))
		opt := train.Options{Progress: bar.TrainHook(func() string { return label }), Kernels: cli.Kernels()}
		if slog != nil {
			slog.Seed, opt.OnRecord = seed, slog.Record
		}
		run, err := train.Run(ctx, c.Params, seed, opt)
		if err != nil {
			bar.Finish()
			if errors.Is(err, context.Canceled) && (*out != "" || csvOut.Dir != "") && len(doc.Runs) > 0 {
				// Keep what finished: a complete document of the finished
				// seeds, and their tables.
				var kept []string
				if *out != "" {
					if werr := writeRunFiles(*out, &doc); werr != nil {
						return werr
					}
					kept = append(kept, filepath.Join(*out, "run.json"))
				}
				if csvOut.Dir != "" {
					if werr := csvOut.Write(runTables(&doc)); werr != nil {
						return werr
					}
					kept = append(kept, "the tables in "+csvOut.Dir)
				}
				return cli.Interrupted(err, "the %d finished seed(s) are in %s", len(doc.Runs), strings.Join(kept, " and "))
			}
			return cli.Interrupted(fmt.Errorf("case %s: %w", c.Name, err), "no seed had finished; nothing was written")
		}
		doc.Runs = append(doc.Runs, run)
		cli.Event("seed-finished %d", seed)
	}
	bar.Finish()
	if err := stopProfile(); err != nil {
		return err
	}
	if slog != nil {
		if err := slog.Finish(); err != nil {
			return err
		}
	}
	js, err := json.MarshalIndent(&doc, "", "  ")
	if err != nil {
		return err
	}
	js = append(js, '\n')
	if *out != "" {
		if err := writeRunFiles(*out, &doc); err != nil {
			return err
		}
	}
	if err := csvOut.Write(runTables(&doc)); err != nil {
		return err
	}
	if *asJSON {
		_, err := stdout.Write(js)
		return err
	}
	return summary.Write(stdout, &doc, table.Text)
}

// runTables returns the CSV tables of doc's runs.
func runTables(doc *result.Document) *export.Tables {
	var tabs export.Tables
	for _, run := range doc.Runs {
		tabs.Add(export.Run{Case: doc.Case, Run: run})
	}
	return &tabs
}

// writeRunFiles writes run.json and summary.md of doc into dir, atomically.
func writeRunFiles(dir string, doc *result.Document) error {
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "run.json"), append(js, '\n')); err != nil {
		return err
	}
	var md strings.Builder
	if err := summary.Write(&md, doc, table.Markdown); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "summary.md"), []byte(md.String()))
}

func cmdCases(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cases", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	width := 0
	for _, c := range cases.All() {
		width = max(width, len(c.Name))
	}
	for _, c := range cases.All() {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, c.Name, c.Summary)
	}
	return nil
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the provenance as JSON")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	p := cli.Provenance()
	if *asJSON {
		js, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(js, '\n'))
		return err
	}
	revision, modified := p.Revision, fmt.Sprint(p.Modified)
	switch p.RevisionFrom {
	case "":
		revision += " (no version-control stamp, and no checkout to read: results are combined with others only with -force)"
		modified = "unknown"
	case "checkout":
		revision += " (read from the checkout at start: a go run build carries no stamp)"
	case "test binary":
		modified = "unknown"
	}
	rows := [][2]string{{"module", p.Module + " " + p.Version}, {"revision", revision}, {"modified", modified},
		{"go", p.GoVersion}, {"platform", p.GOOS + "/" + p.GOARCH}, {"GOAMD64", p.GOAMD64}, {"GOEXPERIMENT", p.GOEXPERIMENT},
		{"kernel path", p.Kernel}, {"kernel contract", p.KernelContract}}
	for _, r := range rows {
		fmt.Fprintf(stdout, "%-16s %s\n", r[0]+":", r[1])
	}
	return nil
}

func cmdKernels(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kernels", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	for _, p := range kernel.Paths() {
		fmt.Fprintln(stdout, p)
	}
	k, err := cli.ChosenKernels()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "in use: %s (all paths give the same bits; %s=PATH chooses one)\n", k.Name(), cli.KernelEnv)
	return nil
}
