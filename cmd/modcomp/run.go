package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/export"
	"github.com/modcomp/modcomp/reports/summary"
	"github.com/modcomp/modcomp/reports/table"
)

// setFlags collects repeated -set key=value flags.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, " ") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// caseFlags are the flags that choose a case and its seeds.
type caseFlags struct {
	name  string
	seeds int
	seed  uint64
	sets  setFlags
	// paramsFile is a JSON case file applied over the named case.
	paramsFile string
	memory     memoryFlag
	// oneSeed leaves out -seeds, for a command of one seed.
	oneSeed bool
}

func (cf *caseFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&cf.name, "case", cases.DefaultName, "named case to run (see 'modcomp cases')")
	if !cf.oneSeed {
		fs.IntVar(&cf.seeds, "seeds", 0, "run seeds 1..N")
	}
	fs.Uint64Var(&cf.seed, "seed", 0, "run this one seed (default 1)")
	fs.Var(&cf.sets, "set", "override a parameter, key=value (repeatable; lists are comma-separated)")
	fs.StringVar(&cf.paramsFile, "params", "", "read parameters from this JSON file (keys as for -set), applied before -set")
	cf.memory.register(fs)
}

// resolve returns the case with -set applied and validated, and the seeds to run.
func (cf *caseFlags) resolve(fs *flag.FlagSet) (cases.Case, []uint64, error) {
	c, err := cases.Lookup(cf.name)
	if err != nil {
		return cases.Case{}, nil, usageError{err}
	}
	if cf.paramsFile != "" {
		if info, err := os.Stat(cf.paramsFile); err == nil && info.IsDir() {
			return cases.Case{}, nil, usagef("%s is a directory, not a case file", cf.paramsFile)
		}
		data, err := readlimit.ReadFile(cf.paramsFile, readlimit.Small)
		if err != nil {
			return cases.Case{}, nil, usageError{err}
		}
		p, err := param.Decode(data, c.Params)
		if err != nil {
			return cases.Case{}, nil, usageError{fmt.Errorf("%s: %w", cf.paramsFile, err)}
		}
		c.Params = p
	}
	if err := c.Params.SetAll(cf.sets); err != nil {
		return cases.Case{}, nil, err
	}
	if err := c.Params.Validate(); err != nil {
		return cases.Case{}, nil, err
	}
	if err := cf.memory.check("case "+c.Name, c.Params, 1); err != nil {
		return cases.Case{}, nil, err
	}
	seedSet, seedsSet := false, false
	fs.Visit(func(f *flag.Flag) {
		seedSet = seedSet || f.Name == "seed"
		seedsSet = seedsSet || f.Name == "seeds"
	})
	switch {
	case (seedsSet && cf.seeds < 1) || cf.seeds > MaxSeeds: // given as 0: no seeds to run, not the default seed
		return cases.Case{}, nil, usagef("-seeds must be in [1, %d], got %d", MaxSeeds, cf.seeds)
	case cf.seeds > 0 && seedSet:
		return cases.Case{}, nil, usagef("-seeds and -seed are exclusive")
	case cf.seeds > 0:
		seeds := make([]uint64, cf.seeds)
		for i := range seeds {
			seeds[i] = uint64(i + 1)
		}
		return c, seeds, nil
	case seedSet:
		return c, []uint64{cf.seed}, nil
	}
	return c, []uint64{1}, nil
}

// parseFlags parses args into fs, turning flag errors into usage errors. After
// -h it returns flag.ErrHelp: the usage is printed and the command does not run.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf caseFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON document on stdout instead of tables")
	out := fs.String("out", "", "also write run.json and summary.md into this directory")
	var csvOut csvFlag
	csvOut.register(fs)
	logPath := fs.String("log", "", "write a per-step CSV log (loss, accuracies of the net and its branches, branch scores, imbalance, Λ) at the Λ schedule's steps to this file")
	var prof profileFlag
	prof.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, seeds, err := cf.resolve(fs)
	if err != nil {
		return err
	}
	if err := csvOut.check(); err != nil {
		return err
	}
	var slog *stepLog
	if *logPath != "" {
		if slog, err = newStepLog(*logPath, c.Params); err != nil {
			return err
		}
		defer slog.f.Abort() // nothing, once committed
	}
	if *out != "" {
		if err := writableDir(*out); err != nil {
			return err
		}
	}
	ctx, stop, stopProfile, err := prof.begin()
	if err != nil {
		return err
	}
	defer stop()
	bar := newProgress(stderr, *asJSON, int64(len(seeds))*train.StepsPerRun(c.Params), "training")
	prov := currentProvenance()
	doc := result.Document{Case: c.Name, Params: c.Params, Provenance: &prov}
	for i, seed := range seeds {
		label := fmt.Sprintf("seed %d (%d/%d)", seed, i+1, len(seeds))
		opt := train.Options{Progress: bar.trainHook(func() string { return label }), Kernels: kernels()}
		if slog != nil {
			slog.seed, opt.OnRecord = seed, slog.record
		}
		run, err := train.Run(ctx, c.Params, seed, opt)
		if err != nil {
			bar.finish()
			if errors.Is(err, context.Canceled) && (*out != "" || csvOut.dir != "") && len(doc.Runs) > 0 {
				// Keep what finished: a complete document of the finished
				// seeds, and their tables.
				var kept []string
				if *out != "" {
					if werr := writeRunFiles(*out, &doc); werr != nil {
						return werr
					}
					kept = append(kept, filepath.Join(*out, "run.json"))
				}
				if csvOut.dir != "" {
					if werr := csvOut.write(runTables(&doc)); werr != nil {
						return werr
					}
					kept = append(kept, "the tables in "+csvOut.dir)
				}
				return interrupted(err, "the %d finished seed(s) are in %s", len(doc.Runs), strings.Join(kept, " and "))
			}
			return interrupted(fmt.Errorf("case %s: %w", c.Name, err), "no seed had finished; nothing was written")
		}
		doc.Runs = append(doc.Runs, run)
		event("seed-finished %d", seed)
	}
	bar.finish()
	if err := stopProfile(); err != nil {
		return err
	}
	if slog != nil {
		if err := slog.finish(); err != nil {
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
	if err := csvOut.write(runTables(&doc)); err != nil {
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
	if err := parseFlags(fs, args); err != nil {
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	p := currentProvenance()
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, p := range kernel.Paths() {
		fmt.Fprintln(stdout, p)
	}
	k, err := chosenKernels()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "in use: %s (all paths give the same bits; %s=PATH chooses one)\n", k.Name(), kernelEnv)
	return nil
}
