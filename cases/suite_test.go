package cases

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/train"
)

var (
	update = flag.Bool("update", false, "rewrite golden/*.json from fresh runs")
	full   = flag.Bool("full", false, "run the full suite (≥ 20 seeds per case) instead of the quick one")
)

// kernels is the kernel path the suite's tests train with (MODCOMP_KERNEL).
var kernels kernel.Kernels

// TestMain lets CI check the golden files on a chosen kernel path:
// MODCOMP_KERNEL=generic go test ./cases runs the whole suite on the generic
// kernels (the default is the fastest path, see kernel.Paths). A path this build
// or CPU lacks is an error, not a silent fallback.
//
// The golden files are pinned for GOAMD64=v1, Go's default: at v3 and above the
// compiler may fuse a*b+c into one FMA in Go code, gonum's and the standard
// library's included, which changes the last bits of the results. A build at
// another level stops here with that explanation instead of a field-by-field diff.
func TestMain(m *testing.M) {
	if level := goamd64(); level != "" && level != "v1" {
		fmt.Fprintf(os.Stderr, "cases: the golden files are pinned for GOAMD64=v1; this test binary was built with GOAMD64=%s, "+
			"where the compiler may fuse multiply-adds and change the last bits (see README, Reproducibility)\n", level)
		os.Exit(2)
	}
	if name := os.Getenv("MODCOMP_KERNEL"); name != "" {
		k, err := kernel.Select(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "MODCOMP_KERNEL: %v\n", err)
			os.Exit(2)
		}
		kernels = k
	}
	fmt.Fprintf(os.Stderr, "cases: kernel path %s\n", kernels.Name())
	os.Exit(m.Run())
}

// goamd64 returns the GOAMD64 level the test binary was built with ("" off amd64).
func goamd64() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, kv := range info.Settings {
		if kv.Key == "GOAMD64" {
			return kv.Value
		}
	}
	return ""
}

// goldenDir is the repository's golden/ folder.
const goldenDir = "../golden"

var (
	outcomesOnce sync.Once
	outcomes     map[string]*Outcome
	outcomesErr  error
)

// suiteOutcomes runs the whole suite once per test binary and shares the results.
func suiteOutcomes(t *testing.T) map[string]*Outcome {
	t.Helper()
	outcomesOnce.Do(func() {
		size := Quick
		if *full {
			size = Full
		}
		outcomes = map[string]*Outcome{}
		all, err := RunAll(context.Background(), All(), size, train.Options{Kernels: kernels}, Options{})
		if err != nil {
			outcomesErr = err
			return
		}
		for _, o := range all {
			outcomes[o.Case.Name] = o
		}
	})
	require.NoError(t, outcomesErr)
	return outcomes
}

func goldenFile(o *Outcome) string {
	if o.Size == Full {
		return GoldenPath(filepath.Join(goldenDir, "full"), o.Case.Name)
	}
	return GoldenPath(goldenDir, o.Case.Name)
}

// TestGolden recomputes every case and compares it with golden/<case>.json
// (golden/full/<case>.json with -full); -update rewrites the files.
func TestGolden(t *testing.T) {
	for _, c := range All() {
		o := suiteOutcomes(t)[c.Name]
		t.Run(c.Name, func(t *testing.T) {
			got := o.ToGolden()
			path := goldenFile(o)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, WriteGolden(path, got))
				t.Logf("wrote %s", path)
				return
			}
			want, err := ReadGolden(path, c.Name)
			require.NoError(t, err, "run `go test ./cases -run TestGolden -update` to create it")
			if diffs := Compare(want, got, c.Golden); len(diffs) > 0 {
				t.Fatalf("%s differs from the fresh run in %d fields:\n  %s\n(if the change is intended, rerun with -update and explain it in the commit)",
					path, len(diffs), strings.Join(diffs, "\n  "))
			}
		})
	}
}

// TestVerdictsMatchTheory reports every claim whose verdict differs from what
// the theory predicts for the case. A difference fails the test unless the
// case documents it as an exception, with its evidence.
func TestVerdictsMatchTheory(t *testing.T) {
	for _, c := range All() {
		o := suiteOutcomes(t)[c.Name]
		t.Run(c.Name, func(t *testing.T) { requireExpectedVerdicts(t, o) })
	}
}

// requireExpectedVerdicts logs every verdict of o and fails on one that
// differs from the case's expectation without a documented exception.
func requireExpectedVerdicts(t *testing.T, o *Outcome) {
	t.Helper()
	for _, v := range o.Verdicts {
		t.Logf("%s holds=%v statistic=%.4g [%.4g, %.4g] tol=%g: %s", v.Claim, v.Holds, v.Statistic, v.Lo, v.Hi, v.Tolerance, v.Explanation)
	}
	for _, s := range o.Surprises() {
		if s.Known {
			t.Logf("documented exception: %s; %s", s.Message, s.Why)
			continue
		}
		t.Error(s.Message)
	}
}

// TestNegativeControlsFail makes sure the competition checks can fail: in each
// control case the claims it expects to fail must fail.
func TestNegativeControlsFail(t *testing.T) {
	controls := 0
	for _, c := range All() {
		for id, hold := range c.Expect {
			if hold {
				continue
			}
			controls++
			v := suiteOutcomes(t)[c.Name].Verdict(id)
			require.Falsef(t, v.Holds, "%s %s must fail in a negative control: %s", c.Name, id, v.Explanation)
		}
	}
	require.GreaterOrEqual(t, controls, 2, "the suite needs negative controls")
}
