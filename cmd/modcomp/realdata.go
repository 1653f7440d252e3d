package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/realdata"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

func cmdRealData(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("realdata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sizeFlag cli.SizeFlag
	sizeFlag.Register(fs, "full size (20 seeds) instead of quick (3 seeds)")
	out := fs.String("out", "out/real-data", "directory for real-data.md and its figures; empty to skip")
	quiet := fs.Bool("quiet", false, "no progress bar")
	gridFile := fs.String("grid", "", "run the points of this grid of a real-data case instead (each point with the grid's seeds), as a regime search")
	var mem cli.MemoryFlag
	mem.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	all, size := cases.RealData(), sizeFlag.Size()
	title := fmt.Sprintf("Modality competition on real data (%s)", size)
	command := "modcomp realdata" + sizeFlag.Arg() + " -out " + *out
	if *gridFile != "" {
		sw, err := cli.ReadGrid(*gridFile)
		if err != nil {
			return err
		}
		if all, err = gridCases(sw); err != nil {
			return err
		}
		size, title = cases.Quick, "Regime search on "+sw.Case
		command = "modcomp realdata -grid " + *gridFile + " -out " + *out
	}
	var params []param.Case
	jobs := 0
	for _, c := range all {
		if err := mem.Check("case "+c.Name, c.Params, 1); err != nil {
			return err
		}
		params = append(params, c.Params)
		jobs += len(c.Seeds(size))
	}
	if *out != "" {
		if err := cli.WritableDir(*out); err != nil {
			return err
		}
	}
	ctx, stop := cli.Interruptible()
	defer stop()
	bar := cli.NewProgress(stderr, *quiet, int64(jobs), "runs")
	outcomes, err := cases.RunAll(ctx, all, size, train.Options{Kernels: cli.Kernels()}, cases.Options{Open: mem.Open(params, jobs),
		OnRun: func(done, total int) { bar.Set(int64(done), int64(total), "runs %d/%d", done, total) }})
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	results := cases.Results(outcomes)
	if *out != "" {
		if _, err := realdata.Write(*out, title, command, cli.Provenance().String(), results); err != nil {
			return err
		}
	}
	return suitetable.Write(stdout, results, table.Text)
}

// gridCases makes every point of a real-data case's grid a case of its own,
// named by the point's settings, that runs the grid's seeds (1..n) at the
// quick size.
func gridCases(sw *sweep.Sweep) ([]cases.Case, error) {
	base, err := cases.Lookup(sw.Case)
	if err != nil {
		return nil, err
	}
	if base.Params.Source == "" {
		return nil, cli.Usagef("realdata -grid: case %s is not a real dataset's (the synthetic cases have modcomp report and phase)", sw.Case)
	}
	var out []cases.Case
	byID := map[string]int{}
	for _, run := range sw.Runs {
		var keys []string
		for k, v := range run.Overrides {
			keys = append(keys, k+"="+string(v))
		}
		slices.Sort(keys)
		name := strings.Join(keys, " ")
		i, ok := byID[name]
		if !ok {
			c := base // a regime search expects nothing: no verdict is a surprise
			c.Name, c.Params, c.QuickSeeds, c.Expect, c.Exceptions, c.QuickExceptions = name, run.Params, 0, nil, nil, nil
			i, byID[name] = len(out), len(out)
			out = append(out, c)
		}
		out[i].QuickSeeds++
		if run.Seed != uint64(out[i].QuickSeeds) {
			return nil, cli.Usagef("realdata -grid: the grid's seeds must be 1..n, point %s has seed %d", name, run.Seed)
		}
	}
	return out, nil
}
