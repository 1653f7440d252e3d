package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"

	// The theories the commands host beside the paper's model (cases.Theory).
	_ "github.com/modcomp/modcomp/theories/linear"
)

// selectTheory returns the theory a suite runs and its cases: the one named
// by -theory (all its cases, or those of -case), or the one the -case
// names belong to; nil for the paper's cases. Cases of two families at once
// are refused.
func selectTheory(theory, only string) (cases.Theory, []string, error) {
	var names []string
	if only != "" {
		for _, n := range strings.Split(only, ",") {
			names = append(names, strings.TrimSpace(n))
		}
	}
	var th cases.Theory
	if theory != "" {
		t, err := cases.LookupTheory(theory)
		if err != nil {
			return nil, nil, cli.UsageError{Err: err}
		}
		th = t
	} else if len(names) > 0 {
		th, _ = cases.TheoryOf(names[0])
	}
	if th == nil {
		for _, n := range names {
			if t, ok := cases.TheoryOf(n); ok {
				return nil, nil, cli.Usagef("case %s is the %s theory's, the others the paper's model's: run them separately", n, t.Name())
			}
		}
		return nil, nil, nil
	}
	if len(names) == 0 {
		for _, c := range th.Cases() {
			names = append(names, c.Name)
		}
	}
	for _, n := range names {
		if t, ok := cases.TheoryOf(n); !ok || t.Name() != th.Name() {
			return nil, nil, cli.Usagef("case %q is not a case of the %s theory", n, th.Name())
		}
	}
	return th, names, nil
}

// theorySuiteDocument is `modcomp suite -json` for a theory's cases.
type theorySuiteDocument struct {
	Theory     string            `json:"theory"`
	Source     string            `json:"source"`
	Size       string            `json:"size"`
	Provenance any               `json:"provenance"`
	Outcomes   []*result.Outcome `json:"outcomes"`
}

// theorySuite runs a theory's cases: the same table, page and JSON as the
// paper's suite; the paper's cost, CSV and statistics outputs do not apply.
func theorySuite(stdout, stderr io.Writer, f *suiteFlags, th cases.Theory, names []string) error {
	if f.costs != "" || f.csv.Dir != "" || f.stats {
		return cli.Usagef("-costs, -csv and -stats are the paper's model's; the %s theory's runs are in -json", th.Name())
	}
	if f.out != "" {
		if err := cli.WritableDir(f.out); err != nil {
			return err
		}
	}
	ctx, stop := cli.Interruptible()
	defer stop()
	size := f.size.Size()
	bar := cli.NewProgress(stderr, f.asJSON, 1, "suite")
	outcomes, err := th.Run(ctx, names, size, 0, func(done, total int) {
		bar.Set(int64(done), int64(total), "suite: %d/%d runs", done, total)
	})
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	if f.out != "" {
		title := fmt.Sprintf("%s theory: suite (%s)", th.Name(), size)
		page := filepath.Join(f.out, th.Name()+"-"+f.size.Name("suite")+".md")
		err := suitetable.WritePageWith(page, title, "modcomp suite -theory "+th.Name()+f.size.Arg(), cli.Provenance().String(),
			func(w io.Writer) error {
				fmt.Fprintf(w, "Theory: %s.\n\n", th.Source())
				return suitetable.Write(w, outcomes, table.Markdown)
			})
		if err != nil {
			return err
		}
	}
	if f.asJSON {
		return cli.WriteJSON(stdout, theorySuiteDocument{Theory: th.Name(), Source: th.Source(), Size: size.String(),
			Provenance: cli.Provenance(), Outcomes: outcomes})
	}
	return suitetable.Write(stdout, outcomes, table.Text)
}

// theoryReport writes a theory's report into f's -out directory.
func theoryReport(stdout, stderr io.Writer, f *reportFlags, th cases.Theory) error {
	if f.results != "" || f.phaseDir != "" || f.suite {
		return cli.Usagef("-results, -phase and -suite are the paper's model's report's; the %s theory's report runs its own sweeps", th.Name())
	}
	if err := cli.WritableDir(f.outDir); err != nil {
		return err
	}
	lock, err := filelock.Exclusive(filepath.Join(f.outDir, "report"))
	if err != nil {
		return err
	}
	defer lock.Release()
	ctx, stop := cli.Interruptible()
	defer stop()
	bar := cli.NewProgress(stderr, f.quiet, 1, "report")
	path, err := th.Report(ctx, f.outDir, cases.ReportOptions{Seeds: f.seeds, Provenance: cli.Provenance().String(),
		OnRun: func(done, total int) { bar.Set(int64(done), int64(total), "report: %d/%d runs", done, total) }})
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "the report was not written")
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}
