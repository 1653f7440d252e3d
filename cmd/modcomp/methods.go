package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

func cmdMethods(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("methods", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("case", cases.DefaultName, "case to train every method on (the suite runs "+strings.Join(cases.MethodCases, " and ")+")")
	var sizeFlag cli.SizeFlag
	sizeFlag.Register(fs, "full size (20 seeds) instead of quick (3 seeds)")
	out := fs.String("out", "", "also write methods-CASE.md (or methods-CASE-quick.md) into this directory")
	quiet := fs.Bool("quiet", false, "no progress bar")
	var mem cli.MemoryFlag
	mem.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c, err := cases.Lookup(*name)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	size := sizeFlag.Size()
	var params []param.Case
	for _, e := range cases.Methods() {
		mc, err := cases.MethodCase(c, e)
		if err != nil {
			return err
		}
		if err := mem.Check("case "+mc.Name, mc.Params, 1); err != nil {
			return err
		}
		params = append(params, mc.Params)
	}
	if *out != "" {
		if err := cli.WritableDir(*out); err != nil {
			return err
		}
	}
	ctx, stop := cli.Interruptible()
	defer stop()
	bar := cli.NewProgress(stderr, *quiet, int64(len(cases.Methods())), "methods")
	outcomes, err := cases.RunMethods(ctx, c, size, train.Options{Kernels: cli.Kernels()}, cases.Options{Open: mem.Open(params, len(params)*len(c.Seeds(size)))}, func(done, total int) {
		bar.Set(int64(done), int64(total), "methods %d/%d", done, total)
	})
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	results, costs := methodRows(outcomes)
	if *out != "" {
		file := filepath.Join(*out, sizeFlag.Name("methods-"+c.Name)+".md")
		title := fmt.Sprintf("Training methods on case %s (%s)", c.Name, size)
		if err := suitetable.WritePageWith(file, title, "modcomp methods -case "+c.Name+sizeFlag.Arg(), cli.Provenance().String(),
			func(w io.Writer) error { return suitetable.WriteMethods(w, results, costs, table.Markdown) }); err != nil {
			return err
		}
	}
	return suitetable.WriteMethods(stdout, results, costs, table.Text)
}

// methodRows returns the methods' outcomes and their table rows' labels and
// costs.
func methodRows(outcomes []*cases.MethodOutcome) ([]*result.Outcome, []suitetable.MethodCost) {
	results := make([]*result.Outcome, len(outcomes))
	costs := make([]suitetable.MethodCost, len(outcomes))
	for i, o := range outcomes {
		results[i] = o.Result()
		label := strings.TrimSpace(o.Entry.Method + " " + strings.Join(o.Entry.Settings, " "))
		if note := o.Case.Params.MethodNote(); note != "" {
			label += " " + note
		}
		costs[i] = suitetable.MethodCost{Label: label, Steps: o.Steps, Elapsed: o.Elapsed}
	}
	return results, costs
}
