package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"

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

// reportKinds are the report's grids, in the order they run.
var reportKinds = []string{"base", "strength", "mu", "methods", "alpha", "p_drop"}

// reportGrids are the sweeps behind a case's report: the case itself, modality
// 1's strength (b_1), μ_1 at the case's other μ_r, every training method of
// the methods suite, OGM-GE's α and modality dropout's p_drop. The other
// modalities keep the case's values, so any R works. A case whose training
// does not combine with every method (a minibatch, a learned head, Adam) has
// no method grids.
func reportGrids(c cases.Case, seeds int) (map[string]string, error) {
	p := c.Params
	vary := func(v []float64, values ...float64) string {
		lists := make([][]float64, len(values))
		for i, x := range values {
			lists[i] = slices.Clone(v)
			lists[i][1] = x
		}
		js, _ := json.Marshal(lists)
		return string(js)
	}
	a1 := p.A[1]
	grids := map[string]string{
		"base": fmt.Sprintf(`{"case": %q, "seeds": %d}`, c.Name, seeds),
		"strength": fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"b": %s}}`,
			c.Name, seeds, vary(p.B, a1+0.3, a1+0.5, a1+0.7, a1+0.9, a1+1.1)),
		"mu": fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"mu": %s}}`,
			c.Name, seeds, vary(p.Mu, 0.1, 0.2, 0.3, 0.4, 0.5)),
	}
	if p.Batch != 0 || p.LearnedHead() || p.Adam() {
		return grids, nil
	}
	var points []map[string]json.RawMessage
	for _, e := range cases.Methods() {
		pt, err := e.Point()
		if err != nil {
			return nil, err
		}
		points = append(points, pt)
	}
	pointsJSON, err := json.Marshal(points)
	if err != nil {
		return nil, err
	}
	grids["methods"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "points": %s}`, c.Name, seeds, pointsJSON)
	grids["alpha"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"method": ["ogm-ge"], "alpha": %s}}`, c.Name, seeds, AlphaValues)
	grids["p_drop"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"method": ["moddrop"], "p_drop": %s}}`, c.Name, seeds, PDropValues)
	return grids, nil
}

// The settings the report sweeps, as in cases/grids/alpha-sweep.json and
// cases/grids/pdrop-sweep.json.
const (
	AlphaValues = "[0, 0.1, 0.3, 0.5, 1, 2]"
	PDropValues = "[0, 0.1, 0.25, 0.5, 0.75, 0.9]"
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
		grids, err := reportGrids(c, *seeds)
		if err != nil {
			return err
		}
		// Every grid's runs go through one queue.
		var targets []sweep.Target
		for _, kind := range reportKinds {
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
