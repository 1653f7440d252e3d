package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/report"
)

// reportGrids are the sweeps behind a case's report: the case itself, modality
// 1's strength (b_1), and μ_1 at fixed μ_0.
func reportGrids(c cases.Case, seeds int) map[string]string {
	mu0 := c.Params.Mu[0]
	a1 := c.Params.A[1]
	b0 := c.Params.B[0]
	strength := fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"b": [[%g, %g], [%g, %g], [%g, %g], [%g, %g], [%g, %g]]}}`,
		c.Name, seeds, b0, a1+0.3, b0, a1+0.5, b0, a1+0.7, b0, a1+0.9, b0, a1+1.1)
	mu := fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"mu": [[%g, 0.1], [%g, 0.2], [%g, 0.3], [%g, 0.4], [%g, 0.5]]}}`,
		c.Name, seeds, mu0, mu0, mu0, mu0, mu0)
	return map[string]string{
		"base":     fmt.Sprintf(`{"case": %q, "seeds": %d}`, c.Name, seeds),
		"strength": strength,
		"mu":       mu,
	}
}

func cmdReport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("case", cases.DefaultName, "case to report on")
	outDir := fs.String("out", "out/report", "directory for report.md, the figures and the runs (results.jsonl)")
	seeds := fs.Int("seeds", 4, "seeds per point of the report's sweeps")
	results := fs.String("results", "", "build the report from this merged sweep file instead of running")
	suite := fs.Bool("suite", false, "put the whole quick suite's claims table in the report instead of the case's")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := cases.Lookup(*name)
	if err != nil {
		return usageError{err}
	}
	if *seeds < 2 {
		return usagef("-seeds must be ≥ 2 (intervals need them), got %d", *seeds)
	}
	if err := writableDir(*outDir); err != nil {
		return err
	}
	resultsPath := *results
	if resultsPath == "" {
		resultsPath = filepath.Join(*outDir, "results.jsonl")
		ctx, stop := interruptible()
		defer stop()
		grids := reportGrids(c, *seeds)
		for _, kind := range []string{"base", "strength", "mu"} {
			caseName, runs, err := sweep.ParseGrid([]byte(grids[kind]))
			if err != nil {
				return err
			}
			bar := newProgress(stderr, *quiet, int64(len(runs)), kind)
			err = sweep.Execute(ctx, caseName, runs, resultsPath, train.Options{}, func(done, total int) {
				bar.describe("%s %d/%d", kind, done, total)
				bar.step()
			})
			bar.finish()
			if err != nil {
				return err
			}
		}
	}
	f, err := os.Open(resultsPath)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	lines, err := sweep.Merge(map[string]io.Reader{resultsPath: f}, []string{resultsPath})
	if err != nil {
		return usageError{err}
	}
	groups := report.Group(lines)
	var outcomes []*cases.Outcome
	if *suite {
		ctx, stop := interruptible()
		defer stop()
		for _, sc := range cases.All() {
			o, err := cases.Run(ctx, sc, cases.Quick, train.Options{}, nil)
			if err != nil {
				return err
			}
			outcomes = append(outcomes, o)
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
	path, err := report.Build(*outDir, c.Name, groups, outcomes)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}
