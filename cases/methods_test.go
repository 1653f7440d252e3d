package cases

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/train"
)

var (
	onlyMethods = flag.String("methods", "", "train only these methods (comma-separated) beside joint training, e.g. to -update a new method's golden files alone")
	methodsOnce sync.Once
	methodsOut  map[string][]*MethodOutcome
	methodsErr  error
)

// methodOutcomes runs the methods suite once per test binary.
func methodOutcomes(t *testing.T) map[string][]*MethodOutcome {
	t.Helper()
	methodsOnce.Do(func() {
		methodsOut = map[string][]*MethodOutcome{}
		for _, name := range methodCases() {
			c, err := Lookup(name)
			if err != nil {
				methodsErr = err
				return
			}
			c = tierCases([]Case{c})[0]
			q := Options{Methods: splitList(*onlyMethods)}
			if methodsOut[name], err = RunMethods(context.Background(), c, size(), train.Options{Kernels: kernels}, q, nil); err != nil {
				methodsErr = err
				return
			}
		}
	})
	require.NoError(t, methodsErr)
	return methodsOut
}

func methodsGoldenFile(o *Outcome) string {
	dir := filepath.Join(goldenDir, "methods")
	if o.Size == Full {
		dir = filepath.Join(dir, "full")
	}
	return GoldenPath(dir, o.Case.Name)
}

// TestMethodsGolden compares every method's runs and M1–M4 verdicts with
// golden/methods/CASE/METHOD.json; -update rewrites them.
func TestMethodsGolden(t *testing.T) {
	for _, name := range methodCases() {
		for _, o := range methodOutcomes(t)[name] {
			t.Run(o.Case.Name, func(t *testing.T) {
				path := methodsGoldenFile(o.Outcome)
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, WriteGolden(path, o.ToGolden()))
					t.Logf("wrote %s", path)
					return
				}
				compareGolden(t, path, o.Outcome)
			})
		}
	}
}

// TestMethodVerdictsMatchTheory fails on a method verdict that differs from
// what the theory predicts, unless the entry documents it.
func TestMethodVerdictsMatchTheory(t *testing.T) {
	needVerdicts(t)
	for _, name := range methodCases() {
		for _, o := range methodOutcomes(t)[name] {
			t.Run(o.Case.Name, func(t *testing.T) { requireExpectedVerdicts(t, o.Outcome) })
		}
	}
}

// TestMethodsPairWithJoint: the methods train on the same seeds, and the
// joint entry is the suite's own case trained the paper's way, bit for bit.
func TestMethodsPairWithJoint(t *testing.T) {
	for _, name := range methodCases() {
		ms := methodOutcomes(t)[name]
		require.Len(t, ms, len(methodEntries(splitList(*onlyMethods))))
		require.Equal(t, "joint", ms[0].Entry.Method)
		suite := suiteOutcomes(t)[name]
		require.Equal(t, suite.Runs, ms[0].Runs, "joint training in the methods suite is the suite's case")
		for _, m := range ms {
			require.Equal(t, suite.Seeds, m.Seeds)
			require.Len(t, m.Verdicts, len(claims.MethodClaims))
		}
	}
}

// splitList splits a comma-separated flag value (nil for "").
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
