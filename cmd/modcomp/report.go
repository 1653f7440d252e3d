package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/reports/phase"
	"github.com/modcomp/modcomp/reports/report"
)

func cmdReport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("case", cases.DefaultName, "case to report on (with -results: the case of the file's runs)")
	outDir := fs.String("out", "out/report", "directory for report.md, the figures and the runs (results-*.jsonl)")
	seeds := fs.Int("seeds", 4, "seeds per point of the report's sweeps")
	results := fs.String("results", "", "build the report from this merged sweep file instead of running")
	suite := fs.Bool("suite", false, "put the whole quick suite's claims table in the report instead of the case's")
	quiet := fs.Bool("quiet", false, "no progress bar")
	force := fs.Bool("force", false, "use results written by another revision of modcomp")
	phaseDir := fs.String("phase", "", "a directory written by modcomp phase: add its heatmaps to the report")
	var mem cli.MemoryFlag
	mem.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	caseSet := false
	fs.Visit(func(f *flag.Flag) { caseSet = caseSet || f.Name == "case" })
	if *seeds < 2 || *seeds > cli.MaxSeeds {
		return cli.Usagef("-seeds must be in [2, %d] (intervals need two), got %d", cli.MaxSeeds, *seeds)
	}
	var c cases.Case
	var lines []sweep.Line
	var err error
	if *results != "" {
		if lines, err = sweep.MergeFilesFor([]string{*results}, cli.BuildIdentity(), *force); err != nil {
			return cli.UsageError{Err: err}
		}
		if len(lines) == 0 {
			return cli.Usagef("%s holds no runs", *results)
		}
		if caseSet && *name != lines[0].Case {
			return cli.Usagef("%s holds runs of case %s, not %s", *results, lines[0].Case, *name)
		}
		*name = lines[0].Case
	}
	if c, err = cases.Lookup(*name); err != nil {
		return cli.UsageError{Err: err}
	}
	if err := cli.WritableDir(*outDir); err != nil {
		return err
	}
	var diagrams []*phase.Diagram
	if *phaseDir != "" {
		if diagrams, err = phaseDiagrams(*phaseDir, *force); err != nil {
			return cli.UsageError{Err: err}
		}
	}
	lock, err := filelock.Exclusive(filepath.Join(*outDir, "report"))
	if err != nil {
		return err
	}
	defer lock.Release()
	ctx, stop := cli.Interruptible()
	defer stop()
	prov := cli.Provenance()
	if *results == "" {
		grids, err := sweep.ReportGrids(c, *seeds)
		if err != nil {
			return err
		}
		// Every grid's runs go through one queue.
		var targets []sweep.Target
		for _, kind := range sweep.ReportKinds {
			if grids[kind] == "" {
				continue
			}
			sw, err := sweep.ParseGrid([]byte(grids[kind]))
			if err != nil {
				return err
			}
			targets = append(targets, sweep.Target{Sweep: sw, Runs: sw.Runs, Path: filepath.Join(*outDir, "results-"+kind+".jsonl")})
		}
		var params []param.Case
		for _, tg := range targets {
			for _, r := range tg.Runs {
				if err := mem.Check("case "+c.Name, r.Params, 1); err != nil {
					return err
				}
				params = append(params, r.Params)
			}
		}
		if err := cli.ExecuteTargets(ctx, stderr, *quiet, "report", *outDir, targets, params, &mem, sweep.Options{
			Revision: provenance.Revision(), Provenance: &prov, Force: *force, Train: train.Options{Kernels: cli.Kernels()},
		}); err != nil {
			return err
		}
		for _, tg := range targets {
			ls, err := sweep.MergeFilesFor([]string{tg.Path}, cli.BuildIdentity(), *force)
			if err != nil {
				return err
			}
			lines = append(lines, ls...)
		}
	}
	groups := report.Group(lines, c.Params)
	var outcomes []*cases.Outcome
	if *suite {
		all := cases.All()
		jobs := 0
		for _, sc := range all {
			jobs += len(sc.Seeds(cases.Quick))
		}
		var params []param.Case
		for _, sc := range all {
			if err := mem.Check("case "+sc.Name, sc.Params, 1); err != nil {
				return err
			}
			params = append(params, sc.Params)
		}
		if outcomes, err = cases.RunAll(ctx, all, cases.Quick, train.Options{Kernels: cli.Kernels()}, cases.Options{Open: mem.Open(params, jobs)}); err != nil {
			return cli.Interrupted(err, "the runs are kept in %s; no report was written", *outDir)
		}
	} else if len(groups.Base) > 0 {
		var seeds []uint64
		var runs []result.Run
		for _, l := range groups.Base {
			seeds = append(seeds, l.Seed)
			runs = append(runs, l.Result)
		}
		c.Params = groups.Base[0].Params
		outcomes = []*cases.Outcome{cases.Evaluate(c, cases.Quick, seeds, runs)}
	}
	path, err := report.Build(*outDir, c.Name, groups, cases.Results(outcomes), &prov)
	if err != nil {
		return err
	}
	if len(diagrams) > 0 {
		if err := report.AddPhase(*outDir, diagrams); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}
