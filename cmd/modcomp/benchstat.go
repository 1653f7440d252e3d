package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/benchcmp"
	"github.com/modcomp/modcomp/reports/table"
)

// regressionError is the gate's failure: benchmarks got slower. It exits 1.
type regressionError struct{ n int }

func (e regressionError) Error() string {
	return fmt.Sprintf("%d benchmark(s) regressed beyond the threshold", e.n)
}

func cmdBenchstat(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchstat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	oldPath := fs.String("old", "reports/bench/baseline.txt", "baseline benchmark file")
	newPath := fs.String("new", "reports/bench/current.txt", "new benchmark file")
	threshold := fs.Float64("threshold", 0.10, "relative slowdown that fails the gate")
	alpha := fs.Float64("alpha", 0.05, "significance level of the U-test")
	out := fs.String("out", "", "also write the markdown table to this file")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	// Written as negations so that NaN, which compares false with everything,
	// is refused too: a NaN threshold would make the gate pass every change.
	if !(*threshold > 0) || math.IsInf(*threshold, 0) {
		return cli.Usagef("-threshold must be a finite number > 0, got %v", *threshold)
	}
	if !(*alpha > 0 && *alpha < 1) {
		return cli.Usagef("-alpha must be in (0, 1), got %v", *alpha)
	}
	for _, p := range []string{*oldPath, *newPath} {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return cli.Usagef("%s is a directory, not a benchmark file", p)
		}
	}
	old, err := benchcmp.ReadFile(*oldPath)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	cur, err := benchcmp.ReadFile(*newPath)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	c, err := benchcmp.Compare(old, cur, benchcmp.Options{Alpha: *alpha, Threshold: *threshold})
	if err != nil {
		return cli.UsageError{Err: err}
	}
	var md strings.Builder
	fmt.Fprintf(&md, "old: %s, new: %s (U-test, α = %g; regression gate %.0f%%)\n\n", filepath.Base(*oldPath), filepath.Base(*newPath), *alpha, 100**threshold)
	if err := benchcmp.Write(&md, c, table.Markdown); err != nil {
		return err
	}
	if _, err := io.WriteString(stdout, md.String()); err != nil {
		return err
	}
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(*out, []byte(md.String())); err != nil {
			return err
		}
	}
	if n := len(c.Regressions()); n > 0 {
		return regressionError{n}
	}
	return nil
}
