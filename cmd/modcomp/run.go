package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/export"
	"github.com/modcomp/modcomp/reports/summary"
	"github.com/modcomp/modcomp/reports/table"
)

// runFlags are the flags of modcomp run.
type runFlags struct {
	cf           cli.CaseFlags
	asJSON       bool
	out, logPath string
	csv          cli.CSVFlag
	prof         cli.Profile
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.cf.Register(fs)
	fs.BoolVar(&f.asJSON, "json", false, "print one JSON document on stdout instead of tables")
	fs.StringVar(&f.out, "out", "", "also write run.json and summary.md into this directory")
	f.csv.Register(fs)
	fs.StringVar(&f.logPath, "log", "", "write a per-step CSV log (loss, accuracies of the net and its branches, branch scores, imbalance, Λ) at the Λ schedule's steps to this file")
	f.prof.Register(fs)
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs, err := cli.Parse("run", args, stderr, f.register)
	if err != nil {
		return err
	}
	c, seeds, err := f.cf.Resolve(fs)
	if err != nil {
		return err
	}
	if err := f.csv.Check(); err != nil {
		return err
	}
	var slog *export.StepLog
	if f.logPath != "" {
		if slog, err = export.NewStepLog(f.logPath, c.Params); err != nil {
			return cli.Usagef("-log: %v", err)
		}
		defer slog.Abort() // nothing, once committed
	}
	if f.out != "" {
		if err := cli.WritableDir(f.out); err != nil {
			return err
		}
	}
	ctx, stop, stopProfile, err := f.prof.Begin()
	if err != nil {
		return err
	}
	defer stop()
	doc, err := runSeeds(ctx, stderr, &f, c, seeds, slog)
	if err != nil {
		return keepFinished(&f, doc, err)
	}
	if err := stopProfile(); err != nil {
		return err
	}
	if slog != nil {
		if err := slog.Finish(); err != nil {
			return err
		}
	}
	if err := writeRunOutputs(&f, doc); err != nil {
		return err
	}
	if f.asJSON {
		return cli.WriteJSON(stdout, doc)
	}
	return summary.Write(stdout, doc, table.Text)
}

// runSeeds trains case c on each seed in turn, with a progress bar and the
// step log (nil for none); on an error it returns the document of the seeds
// that finished.
func runSeeds(ctx context.Context, stderr io.Writer, f *runFlags, c cases.Case, seeds []uint64, slog *export.StepLog) (*result.Document, error) {
	bar := cli.NewProgress(stderr, f.asJSON, int64(len(seeds))*train.StepsPerRun(c.Params), "training")
	defer bar.Finish()
	prov := cli.Provenance()
	doc := &result.Document{Case: c.Name, Params: c.Params, Provenance: &prov}
	for i, seed := range seeds {
		label := fmt.Sprintf("seed %d (%d/%d)", seed, i+1, len(seeds))
		opt := train.Options{Progress: bar.TrainHook(func() string { return label }), Kernels: cli.Kernels()}
		if slog != nil {
			slog.Seed, opt.OnRecord = seed, slog.Record
		}
		run, err := train.Run(ctx, c.Params, seed, opt)
		if err != nil {
			return doc, fmt.Errorf("case %s: %w", c.Name, err)
		}
		doc.Runs = append(doc.Runs, run)
		// A net stopped early by its case's rule leaves steps uncounted.
		bar.Set(int64(i+1)*train.StepsPerRun(c.Params), int64(len(seeds))*train.StepsPerRun(c.Params), "%s done", label)
		cli.Event("seed-finished %d", seed)
	}
	return doc, nil
}

// keepFinished handles a run stopped by err: after an interruption it keeps
// what finished (a complete document of the finished seeds and their
// tables, where -out and -csv asked for them) and says so.
func keepFinished(f *runFlags, doc *result.Document, err error) error {
	if !errors.Is(err, context.Canceled) {
		return err
	}
	if len(doc.Runs) == 0 {
		return cli.Interrupted(err, "no seed had finished; nothing was written")
	}
	if f.out == "" && f.csv.Dir == "" {
		return cli.Interrupted(err, "%d seed(s) had finished; nothing was written (no -out or -csv)", len(doc.Runs))
	}
	if werr := writeRunOutputs(f, doc); werr != nil {
		return werr
	}
	var kept []string
	if f.out != "" {
		kept = append(kept, filepath.Join(f.out, "run.json"))
	}
	if f.csv.Dir != "" {
		kept = append(kept, "the tables in "+f.csv.Dir)
	}
	return cli.Interrupted(err, "the %d finished seed(s) are in %s", len(doc.Runs), strings.Join(kept, " and "))
}

// writeRunOutputs writes run.json and summary.md (-out) and the CSV tables
// (-csv) of doc.
func writeRunOutputs(f *runFlags, doc *result.Document) error {
	if f.out != "" {
		if err := summary.WriteFiles(f.out, doc); err != nil {
			return err
		}
	}
	return f.csv.Write(export.DocumentTables(doc))
}
