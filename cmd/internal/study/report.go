package study

import (
	"context"
	"io"
	"path/filepath"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/reports/report"
)

// Report is what a case's report runs: its output directory, seeds a point,
// whether it shows the whole quick suite's claims, the progress bar, -force
// and the memory limit.
type Report struct {
	OutDir              string
	Seeds               int
	Suite, Quiet, Force bool
	Mem                 *cli.MemoryFlag
}

// ReportGridRuns runs the report's sweeps of case c (sweep.ReportGrids)
// through one queue into results-KIND.jsonl files in the output directory,
// and returns their runs.
func ReportGridRuns(ctx context.Context, stderr io.Writer, f *Report, c cases.Case) ([]sweep.Line, error) {
	grids, err := sweep.ReportGrids(c, f.Seeds)
	if err != nil {
		return nil, err
	}
	var targets []sweep.Target
	var params []param.Case
	for _, kind := range sweep.ReportKinds {
		if grids[kind] == "" {
			continue
		}
		sw, err := sweep.ParseGrid([]byte(grids[kind]))
		if err != nil {
			return nil, err
		}
		for _, r := range sw.Runs {
			if err := f.Mem.Check("case "+c.Name, r.Params, 1); err != nil {
				return nil, err
			}
			params = append(params, r.Params)
		}
		targets = append(targets, sweep.Target{Sweep: sw, Runs: sw.Runs, Path: filepath.Join(f.OutDir, "results-"+kind+".jsonl")})
	}
	prov := cli.Provenance()
	if err := cli.ExecuteTargets(ctx, stderr, f.Quiet, "report", f.OutDir, targets, params, f.Mem, sweep.Options{
		Revision: provenance.Revision(), Provenance: &prov, Force: f.Force, Train: train.Options{Kernels: cli.Kernels()},
	}); err != nil {
		return nil, err
	}
	var lines []sweep.Line
	for _, tg := range targets {
		ls, err := sweep.MergeFilesFor([]string{tg.Path}, cli.BuildIdentity(), f.Force)
		if err != nil {
			return nil, err
		}
		lines = append(lines, ls...)
	}
	return lines, nil
}

// ReportOutcomes returns the claims the report shows: the whole quick
// suite's (-suite, run now) or the base grid's runs of the case evaluated.
func ReportOutcomes(ctx context.Context, f *Report, c cases.Case, groups report.Groups) ([]*cases.Outcome, error) {
	if f.Suite {
		all := cases.All()
		params, err := f.Mem.CheckCases(all)
		if err != nil {
			return nil, err
		}
		jobs := 0
		for _, sc := range all {
			jobs += len(sc.Seeds(cases.Quick))
		}
		outcomes, err := cases.RunAll(ctx, all, cases.Quick, train.Options{Kernels: cli.Kernels()}, cases.Options{Open: f.Mem.Open(params, jobs)})
		if err != nil {
			return nil, cli.Interrupted(err, "the runs are kept in %s; no report was written", f.OutDir)
		}
		return outcomes, nil
	}
	if len(groups.Base) == 0 {
		return nil, nil
	}
	var seeds []uint64
	var runs []result.Run
	for _, l := range groups.Base {
		seeds = append(seeds, l.Seed)
		runs = append(runs, l.Result)
	}
	c.Params = groups.Base[0].Params
	return []*cases.Outcome{cases.Evaluate(c, cases.Quick, seeds, runs)}, nil
}
