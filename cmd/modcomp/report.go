package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/cmd/internal/study"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/reports/phase"
	"github.com/modcomp/modcomp/reports/report"
)

// reportFlags are the flags of modcomp report.
type reportFlags struct {
	name, outDir, results, phaseDir string
	seeds                           int
	suite, quiet, force             bool
	mem                             cli.MemoryFlag
}

func (f *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.name, "case", cases.DefaultName, "case to report on (with -results: the case of the file's runs)")
	fs.StringVar(&f.outDir, "out", "out/report", "directory for report.md, the figures and the runs (results-*.jsonl)")
	fs.IntVar(&f.seeds, "seeds", 4, "seeds per point of the report's sweeps")
	fs.StringVar(&f.results, "results", "", "build the report from this merged sweep file instead of running")
	fs.BoolVar(&f.suite, "suite", false, "put the whole quick suite's claims table in the report instead of the case's")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&f.force, "force", false, "use results written by another revision of modcomp")
	fs.StringVar(&f.phaseDir, "phase", "", "a directory written by modcomp phase: add its heatmaps to the report")
	f.mem.Register(fs)
}

// study is what the report runs.
func (f *reportFlags) study() *study.Report {
	return &study.Report{OutDir: f.outDir, Seeds: f.seeds, Suite: f.suite, Quiet: f.quiet, Force: f.force, Mem: &f.mem}
}

func cmdReport(args []string, stdout, stderr io.Writer) error {
	var f reportFlags
	fs, err := cli.Parse("report", args, stderr, f.register)
	if err != nil {
		return err
	}
	if f.seeds < 2 || f.seeds > cli.MaxSeeds {
		return cli.Usagef("-seeds must be in [2, %d] (intervals need two), got %d", cli.MaxSeeds, f.seeds)
	}
	if th, ok := cases.TheoryOf(f.name); ok {
		return theoryReport(stdout, stderr, &f, th)
	}
	c, lines, err := reportInputs(fs, &f)
	if err != nil {
		return err
	}
	if err := cli.WritableDir(f.outDir); err != nil {
		return err
	}
	var diagrams []*phase.Diagram
	if f.phaseDir != "" {
		if diagrams, err = study.PhaseDiagrams(f.phaseDir, f.force); err != nil {
			return cli.UsageError{Err: err}
		}
	}
	lock, err := filelock.Exclusive(filepath.Join(f.outDir, "report"))
	if err != nil {
		return err
	}
	defer lock.Release()
	ctx, stop := cli.Interruptible()
	defer stop()
	if f.results == "" {
		if lines, err = study.ReportGridRuns(ctx, stderr, f.study(), c); err != nil {
			return err
		}
	}
	groups := report.Group(lines, c.Params)
	outcomes, err := study.ReportOutcomes(ctx, f.study(), c, groups)
	if err != nil {
		return err
	}
	prov := cli.Provenance()
	path, err := report.Build(f.outDir, c.Name, groups, cases.Results(outcomes), &prov)
	if err != nil {
		return err
	}
	if len(diagrams) > 0 {
		if err := report.AddPhase(f.outDir, diagrams); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}

// reportInputs returns the report's case and, with -results, the file's runs
// (whose case it must be, when -case was given).
func reportInputs(fs *flag.FlagSet, f *reportFlags) (cases.Case, []sweep.Line, error) {
	var lines []sweep.Line
	if f.results != "" {
		var err error
		if lines, err = sweep.MergeFilesFor([]string{f.results}, cli.BuildIdentity(), f.force); err != nil {
			return cases.Case{}, nil, cli.UsageError{Err: err}
		}
		if len(lines) == 0 {
			return cases.Case{}, nil, cli.Usagef("%s holds no runs", f.results)
		}
		caseSet := false
		fs.Visit(func(fl *flag.Flag) { caseSet = caseSet || fl.Name == "case" })
		if caseSet && f.name != lines[0].Case {
			return cases.Case{}, nil, cli.Usagef("%s holds runs of case %s, not %s", f.results, lines[0].Case, f.name)
		}
		f.name = lines[0].Case
	}
	c, err := cases.Lookup(f.name)
	if err != nil {
		return cases.Case{}, nil, cli.UsageError{Err: err}
	}
	return c, lines, nil
}
