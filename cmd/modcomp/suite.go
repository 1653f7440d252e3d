package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/plan"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/outpath"
	"github.com/modcomp/modcomp/reports/export"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

func cmdSuite(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("suite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	full := fs.Bool("full", false, "run the full suite (≥ 20 seeds per case)")
	asJSON := fs.Bool("json", false, "print the verdicts as JSON")
	only := fs.String("case", "", "run only these cases (comma-separated)")
	out := fs.String("out", "out", "write suite.md (or suite-quick.md) into this directory; empty to skip")
	stats := fs.Bool("stats", false, "print the suite's kernel work, wall time, the FMA peak measured now and the ratio to the bound (to stderr)")
	costsOut := fs.String("costs", "", "write every task's measured cost to this CSV file (the input of modcomp plan)")
	var mem cli.MemoryFlag
	mem.Register(fs)
	var csvOut cli.CSVFlag
	csvOut.Register(fs)
	var prof cli.Profile
	prof.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := csvOut.Check(); err != nil {
		return err
	}
	selected := cases.All()
	if *only != "" {
		selected = nil
		for _, name := range strings.Split(*only, ",") {
			c, err := cases.Lookup(strings.TrimSpace(name))
			if err != nil {
				return cli.UsageError{Err: err}
			}
			selected = append(selected, c)
		}
	}
	if *out != "" {
		if err := cli.WritableDir(*out); err != nil {
			return err
		}
	}
	size := cases.Quick
	if *full {
		size = cases.Full
	}
	jobs := 0
	for _, c := range selected {
		jobs += len(c.Seeds(size))
	}
	var params []param.Case
	for _, c := range selected {
		if err := mem.Check("case "+c.Name, c.Params, 1); err != nil {
			return err
		}
		params = append(params, c.Params)
	}
	if *costsOut != "" {
		if err := cli.WritableDir(filepath.Dir(*costsOut)); err != nil {
			return err
		}
		if _, err := outpath.Resolve(*costsOut); err != nil {
			return cli.Usagef("-costs: %v", err)
		}
	}
	ctx, stop, stopProfile, err := prof.Begin()
	if err != nil {
		return err
	}
	defer stop()
	var total int64
	for _, c := range selected {
		total += int64(len(c.Seeds(size))) * train.StepsPerRun(c.Params)
	}
	bar := cli.NewProgress(stderr, *asJSON, total, "suite")
	var finished atomic.Int64
	label := func() string { return fmt.Sprintf("%d/%d runs done", finished.Load(), jobs) }
	var costs []cases.TaskCost
	start := time.Now()
	outcomes, err := cases.RunAll(ctx, selected, size, train.Options{Progress: bar.TrainHook(label), Kernels: cli.Kernels()}, cases.Options{
		Open:   mem.Open(params, jobs),
		OnRun:  func(done, _ int) { finished.Store(int64(done)) },
		OnTask: func(c cases.TaskCost) { costs = append(costs, c) },
	})
	wall := time.Since(start)
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	if err := stopProfile(); err != nil {
		return err
	}
	if *stats {
		plan.PrintStats(stderr, costs, wall, cli.Kernels())
	}
	if *costsOut != "" {
		if err := plan.WriteCosts(*costsOut, costs); err != nil {
			return err
		}
	}
	var tabs export.Tables
	for _, o := range cases.Results(outcomes) {
		tabs.AddOutcome(o)
	}
	if err := csvOut.Write(&tabs); err != nil {
		return err
	}
	if *out != "" {
		name := "suite.md"
		if size == cases.Quick {
			name = "suite-quick.md"
		}
		title := fmt.Sprintf("Seed suite (%s)", size)
		command := "modcomp suite" + map[bool]string{true: " -full"}[*full]
		if err := suitetable.WritePage(filepath.Join(*out, name), title, command, cases.Results(outcomes), cli.Provenance().String()); err != nil {
			return err
		}
		base := "variants-lambda"
		if size == cases.Quick {
			base += "-quick"
		}
		if err := figures.VariantsLambda(*out, base, cases.VariantPanels(cases.Results(outcomes))); err != nil {
			return err
		}
	}
	if *asJSON {
		js, err := json.MarshalIndent(cases.NewSuiteDocument(size, outcomes, cli.Provenance()), "", "  ")
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(js, '\n'))
		return err
	}
	return suitetable.Write(stdout, cases.Results(outcomes), table.Text)
}
