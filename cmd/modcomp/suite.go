package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"time"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/plan"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/export"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

// suiteFlags are the flags of modcomp suite.
type suiteFlags struct {
	size             cli.SizeFlag
	asJSON, stats    bool
	only, out, costs string
	theory           string
	mem              cli.MemoryFlag
	csv              cli.CSVFlag
	prof             cli.Profile
}

func (f *suiteFlags) register(fs *flag.FlagSet) {
	f.size.Register(fs, "run the full suite (≥ 20 seeds per case)")
	fs.BoolVar(&f.asJSON, "json", false, "print the verdicts as JSON")
	fs.StringVar(&f.only, "case", "", "run only these cases (comma-separated)")
	fs.StringVar(&f.theory, "theory", "", "run the cases of this theory (e.g. linear) instead of the paper's model's")
	fs.StringVar(&f.out, "out", "out", "write suite.md (or suite-quick.md) into this directory; empty to skip")
	fs.BoolVar(&f.stats, "stats", false, "print the suite's kernel work, wall time, the FMA peak measured now and the ratio to the bound (to stderr)")
	fs.StringVar(&f.costs, "costs", "", "write every task's measured cost to this CSV file (the input of modcomp plan)")
	f.mem.Register(fs)
	f.csv.Register(fs)
	f.prof.Register(fs)
}

// check refuses, before any work, outputs that cannot be written.
func (f *suiteFlags) check() error {
	if err := f.csv.Check(); err != nil {
		return err
	}
	if f.out != "" {
		if err := cli.WritableDir(f.out); err != nil {
			return err
		}
	}
	if f.costs != "" {
		return cli.OutputFile("-costs", f.costs)
	}
	return nil
}

func cmdSuite(args []string, stdout, stderr io.Writer) error {
	var f suiteFlags
	_, err := cli.Parse("suite", args, stderr, f.register)
	if err != nil {
		return err
	}
	th, names, err := selectTheory(f.theory, f.only)
	if err != nil {
		return err
	}
	if th != nil {
		return theorySuite(stdout, stderr, &f, th, names)
	}
	selected, err := cli.SelectCases(f.only)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	params, err := f.mem.CheckCases(selected)
	if err != nil {
		return err
	}
	ctx, stop, stopProfile, err := f.prof.Begin()
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	outcomes, costs, err := runSuite(ctx, stderr, &f, selected, params)
	wall := time.Since(start)
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	if err := stopProfile(); err != nil {
		return err
	}
	if f.stats {
		plan.PrintStats(stderr, costs, wall, cli.Kernels())
	}
	if err := writeSuite(&f, outcomes, costs); err != nil {
		return err
	}
	if f.asJSON {
		return cli.WriteJSON(stdout, cases.NewSuiteDocument(f.size.Size(), outcomes, cli.Provenance()))
	}
	return suitetable.Write(stdout, cases.Results(outcomes), table.Text)
}

// runSuite runs the selected cases' seeds in one queue with a progress bar
// and returns their outcomes and every task's measured cost.
func runSuite(ctx context.Context, stderr io.Writer, f *suiteFlags, selected []cases.Case, params []param.Case) ([]*cases.Outcome, []cases.TaskCost, error) {
	size := f.size.Size()
	// The bar counts the tasks' planned kernel work as each task finishes:
	// steps of different cases differ in cost a hundredfold, and a net that
	// its stopping rule stops early still completes its share.
	// Its unit is a GFLOP, each task's rounded, at least one.
	gflop := func(flops float64) int64 { return max(1, int64(math.Round(flops/1e9))) }
	jobs, total := 0, int64(0)
	for _, c := range selected {
		jobs += len(c.Seeds(size))
		for _, task := range train.TasksOf(c.Params) {
			total += int64(len(c.Seeds(size))) * gflop(task.Flops)
		}
	}
	bar := cli.NewProgress(stderr, f.asJSON, total, "suite")
	defer bar.Finish()
	runs := 0
	var costs []cases.TaskCost
	outcomes, err := cases.RunAll(ctx, selected, size, train.Options{Kernels: cli.Kernels()}, cases.Options{
		Open:  f.mem.Open(params, jobs),
		OnRun: func(done, _ int) { runs = done },
		OnTask: func(c cases.TaskCost) {
			costs = append(costs, c)
			bar.Add(gflop(c.Flops))
			bar.Describe("suite: %d/%d runs done; GFLOP planned", runs, jobs)
		},
	})
	return outcomes, costs, err
}

// writeSuite writes the suite's files: the costs, the CSV tables, the
// markdown page and the variants figure, each where its flag asked.
func writeSuite(f *suiteFlags, outcomes []*cases.Outcome, costs []cases.TaskCost) error {
	if f.costs != "" {
		if err := plan.WriteCosts(f.costs, costs); err != nil {
			return err
		}
	}
	results := cases.Results(outcomes)
	var tabs export.Tables
	for _, o := range results {
		tabs.AddOutcome(o)
	}
	if err := f.csv.Write(&tabs); err != nil {
		return err
	}
	if f.out == "" {
		return nil
	}
	title := fmt.Sprintf("Seed suite (%s)", f.size.Size())
	page := filepath.Join(f.out, f.size.Name("suite")+".md")
	if err := suitetable.WritePage(page, title, "modcomp suite"+f.size.Arg(), results, cli.Provenance().String()); err != nil {
		return err
	}
	return figures.VariantsLambda(f.out, f.size.Name("variants-lambda"), cases.VariantPanels(results))
}
