package cases

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/train"
)

var (
	update = flag.Bool("update", false, "rewrite golden/*.json from fresh runs (with -quick or -full)")
	quick  = flag.Bool("quick", false, "run the quick suite (QuickSeeds seeds per case, with the verdict checks) instead of seed 1 of each case")
	full   = flag.Bool("full", false, "run the full suite (≥ 20 seeds per case) instead of seed 1 of each case")
	only   = flag.String("only", "", "run only these cases (comma-separated), e.g. to -update a new case's golden files alone")
)

// The tiers of this package's tests. By default (go test ./...) every case
// but quickOnly's, and every method on the first of MethodCases, runs its
// first seed, compared field by field with the first run of its quick golden
// file: any change of a result's bits on this build and kernel path shows, in
// a fraction of the quick suite's time. The verdicts need every seed of a
// size: -quick runs the quick suite (the golden files whole, the claims'
// verdicts against the theory, the negative controls), as CI does on the
// default path; -full the full one. -short keeps the default case alone.

// firstSeedOnly reports whether this run is the default tier.
func firstSeedOnly() bool { return !*quick && !*full }

// size is the size of the suite this run checks.
func size() Size {
	if *full {
		return Full
	}
	return Quick
}

// quickOnly are the cases whose first seed alone costs too much for the
// default tier: with the plain Go kernels on 2 cores (what every arm64
// machine runs) their first seeds' nets take 142, 52 and 41 task-seconds of
// the 413 that the first seeds of the synthetic cases take; the real-data
// cases' first seeds (N·d 8 to 12 times paper's) take 108 task-seconds each
// for mnist-halves (measured) and about twice that for mnist-noisy, which
// would take this package past Go's default timeout on a loaded machine.
// They, and the methods on strong-modality and mnist-noisy, are checked by
// -quick (CI) only; go test ./... checks the real-data inputs bit for bit
// against their digests (datasets/mnist) and the commands on them at a
// small size.
var quickOnly = map[string]bool{"k20": true, "control-long-training": true, "adam-minibatch": true,
	"mnist-halves": true, "mnist-noisy": true, "mnist-halves-degraded": true}

// tierCases returns the cases this run trains: the suite's (or -only's), in
// the default tier cut to their first seed and without quickOnly's; with
// -short (the inner loop) the default case's first seed alone.
func tierCases(cs []Case) []Case {
	if *only != "" {
		var picked []Case
		for _, name := range strings.Split(*only, ",") {
			for _, c := range cs {
				if c.Name == strings.TrimSpace(name) {
					picked = append(picked, c)
				}
			}
		}
		cs = picked
	}
	if !firstSeedOnly() {
		return cs
	}
	var out []Case
	for _, c := range cs {
		if testing.Short() && c.Name != DefaultName {
			continue
		}
		if !quickOnly[c.Name] {
			c.QuickSeeds = 1
			out = append(out, c)
		}
	}
	return out
}

// methodCases are the cases this run trains every method on: the methods
// suite's (those among -only's), in the default tier the first alone, with
// -short none.
func methodCases() []string {
	cs := MethodCases
	if *only != "" {
		cs = nil
		for _, c := range tierCases(All()) {
			if slices.Contains(MethodCases, c.Name) {
				cs = append(cs, c.Name)
			}
		}
	}
	switch {
	case firstSeedOnly() && testing.Short():
		return nil
	case firstSeedOnly():
		return cs[:min(1, len(cs))]
	}
	return cs
}

// needVerdicts skips a test of verdicts in the default tier, where each case
// runs one seed.
func needVerdicts(t *testing.T) {
	t.Helper()
	if firstSeedOnly() {
		t.Skip("verdicts need every seed of the quick suite: go test ./cases -quick (CI runs it)")
	}
}

// compareGolden compares a fresh outcome with its golden file: whole in the
// quick and full tiers, its first seed's run in the default one.
func compareGolden(t *testing.T, path string, o *Outcome) {
	t.Helper()
	got := o.ToGolden()
	want, err := ReadGolden(path, o.Case.Name)
	require.NoError(t, err, "run `go test ./cases -quick -update` to create it")
	if firstSeedOnly() {
		want, got = want.FirstSeeds(1), got.FirstSeeds(1)
	}
	if diffs := Compare(want, got, o.Case.Golden); len(diffs) > 0 {
		t.Fatalf("%s differs from the fresh run in %d fields:\n  %s\n(if the change is intended, rerun with -quick -update and -full -update, and explain it in the commit)",
			path, len(diffs), strings.Join(diffs, "\n  "))
	}
}

// kernels is the kernel path the suite's tests train with (MODCOMP_KERNEL).
var kernels kernel.Kernels

// TestMain lets CI check the golden files on a chosen kernel path:
// MODCOMP_KERNEL=generic go test ./cases runs the whole suite on the generic
// kernels (the default is the fastest path, see kernel.Paths). A path this build
// or CPU lacks is an error, not a silent fallback.
//
// One set of golden files holds for amd64 at every GOAMD64 level and for
// arm64 (core/exactmath, rng.Normal, core/gonumla and explicit rounding
// leave neither the compiler nor a dependency anything to compute its own
// way; .ci/same-bits checks v3, v4 and a golden case under qemu-aarch64;
// docs/reliability.md).
func TestMain(m *testing.M) {
	flag.Parse()
	if *update && firstSeedOnly() {
		fmt.Fprintln(os.Stderr, "cases: -update rewrites whole golden files: give it with -quick or -full")
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
		outcomes = map[string]*Outcome{}
		all, err := RunAll(context.Background(), tierCases(All()), size(), train.Options{Kernels: kernels}, Options{})
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
// (golden/full/<case>.json with -full; the first seed's run only by
// default); -update rewrites the files.
func TestGolden(t *testing.T) {
	for _, c := range All() {
		o := suiteOutcomes(t)[c.Name]
		t.Run(c.Name, func(t *testing.T) {
			if o == nil {
				t.Skipf("%s is not in this tier: go test ./cases -quick runs it", c.Name)
			}
			path := goldenFile(o)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, WriteGolden(path, o.ToGolden()))
				t.Logf("wrote %s", path)
				return
			}
			compareGolden(t, path, o)
		})
	}
}

// TestVerdictsMatchTheory reports every claim whose verdict differs from what
// the theory predicts for the case. A difference fails the test unless the
// case documents it as an exception, with its evidence.
func TestVerdictsMatchTheory(t *testing.T) {
	needVerdicts(t)
	for _, c := range All() {
		o := suiteOutcomes(t)[c.Name]
		t.Run(c.Name, func(t *testing.T) {
			if o == nil {
				t.Skipf("%s is not among -only's cases", c.Name)
			}
			requireExpectedVerdicts(t, o)
		})
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
	needVerdicts(t)
	controls := 0
	for _, c := range All() {
		for id, hold := range c.Expect {
			if hold {
				continue
			}
			o := suiteOutcomes(t)[c.Name]
			if o == nil { // not among -only's cases
				continue
			}
			controls++
			v := o.Verdict(id)
			require.Falsef(t, v.Holds, "%s %s must fail in a negative control: %s", c.Name, id, v.Explanation)
		}
	}
	if *only == "" {
		require.GreaterOrEqual(t, controls, 2, "the suite needs negative controls")
	}
}
