package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases/plan"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/internal/fmapeak"
	"github.com/modcomp/modcomp/internal/testutil"
)

// TestSuiteStatsAndPlan: suite -stats prints the kernel work and the ratio to
// the FLOP bound, -costs writes a row per task, and plan replays them: on one
// core the predicted wall time is the sum of the task times, and more cores
// or pods never predict longer.
func TestSuiteStatsAndPlan(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a suite case")
	}
	dir := t.TempDir()
	costs := filepath.Join(dir, "costs.csv")
	code, _, errOut := runMain("suite", "-case", "control-large-init", "-out", "", "-stats", "-costs", costs)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "suite: 6 tasks, kernel work")
	if _, ok := fmapeak.ForLanes(cli.Kernels().Lanes()); ok {
		require.Regexp(t, `FMA peak [0-9.]+ GFLOP/s on \d+ goroutines \(measured now: the \w+ \(\d-lane FMA\) loop of kernel path \w+, on .+\); bound [0-9.]+ s; wall/bound [0-9.]+`, errOut)
	}
	rows := testutil.ReadCSVRows(t, costs)
	require.Equal(t, plan.CostsHeader, rows[0])
	require.Len(t, rows, 1+2*3, "three nets of the quick suite's two seeds")

	code, out, errOut := runMain("plan", "-costs", costs, "-cores", "1,2,4", "-pods", "3", "-pod-cores", "1", "-peak", "100")
	require.Equal(t, 0, code, errOut)
	m := regexp.MustCompile(`(?m)^│ (one machine|Indexed Job, 3 pods × 1 cores) +│ (\d+) +│ ([0-9.]+) +│ ([0-9.]+) +│`).FindAllStringSubmatch(out, -1)
	require.Len(t, m, 4, out)
	require.Equal(t, m[0][3], m[0][4], "on one core the queue is busy all the time")
	prev := 1e300
	for _, row := range m[:3] {
		wall, err := strconv.ParseFloat(row[3], 64)
		require.NoError(t, err)
		require.LessOrEqual(t, wall, prev, "more cores predict no longer: %v", row)
		prev = wall
	}

	// The case table sums the tasks: 6 of them, all of the file's task time
	// and kernel work, at a rate below the given peak.
	c := regexp.MustCompile(`(?m)^│ control-large-init +│ 6 +│ ([0-9.]+) +│ 100\.0% +│ ([0-9.]+) +│ ([0-9.]+) +│ (\d+)% +│ ([0-9.-]+) +│`).FindStringSubmatch(out)
	require.NotNil(t, c, out)
	busy, rate, above := parse(t, c[1]), parse(t, c[3]), parse(t, c[5])
	require.Equal(t, m[0][3], c[1], "the case's task time is the one-core prediction")
	require.Greater(t, rate, 0.0)
	require.InDelta(t, busy*(1-rate/100), above, 0.1+0.01*busy, "time above the bound: task time less the work at the peak")
	require.InDelta(t, rate, parse(t, c[4]), 1, "of peak, at 100 GFLOP/s a core")

	// A costs file with a task missing is refused.
	cut := filepath.Join(dir, "cut.csv")
	b, err := os.ReadFile(costs)
	require.NoError(t, err)
	lines := regexp.MustCompile(`(?m)^.*\n`).FindAllString(string(b), -1)
	var kept string
	for _, l := range lines[:len(lines)-1] {
		kept += l
	}
	require.NoError(t, os.WriteFile(cut, []byte(kept), 0o644))
	code, _, errOut = runMain("plan", "-costs", cut)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "no cost for task")
}

// parse reads a number the tables printed.
func parse(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

// TestSuiteFitsItsQueueToMemory: a memory limit that holds one run of the
// case but not the queue's default number runs the suite with fewer runs
// in memory instead of refusing it.
func TestSuiteFitsItsQueueToMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a suite case")
	}
	code, out, errOut := runMain("suite", "-case", "control-large-init", "-out", "", "-max-memory", "25MB")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "control-large-init")
}

// TestPlanMeasuresThePeakOfThePathsWidth: without -peak, plan measures the
// FMA loop of the kernel path in use (MODCOMP_KERNEL), so that an AVX2 path
// gets a bound from the AVX2 loop; -peak must be a finite number ≥ 0.
func TestPlanMeasuresThePeakOfThePathsWidth(t *testing.T) {
	costs := oneRunCosts(t)
	for _, path := range kernel.Paths() {
		t.Setenv(cli.KernelEnv, path)
		k, err := kernel.Select(path)
		require.NoError(t, err)
		code, out, errOut := runMain("plan", "-costs", costs, "-cores", "1", "-pods", "")
		require.Equal(t, 0, code, errOut)
		if loop, ok := fmapeak.ForLanes(k.Lanes()); ok {
			require.Regexp(t, `FLOP bound: kernel work ÷ \(cores × [0-9.]+ GFLOP/s, measured now on one core of this machine: the `+
				regexp.QuoteMeta(loop.String())+` loop of kernel path `+path+`, on .+\)`, out)
		} else {
			require.NotContains(t, out, "FLOP bound", "no loop of %d lanes here: no bound", k.Lanes())
		}
	}
	for _, bad := range []string{"NaN", "-1", "+Inf"} {
		code, _, errOut := runMain("plan", "-costs", costs, "-peak", bad)
		require.Equal(t, 2, code, bad)
		require.Contains(t, errOut, "-peak a finite number ≥ 0", bad)
	}
}

// oneRunCosts writes a costs file of one run's three tasks (1 GFLOP and half
// a second each) and returns its path.
func oneRunCosts(t *testing.T) string {
	t.Helper()
	return writeFile(t, t.TempDir(), "costs.csv", strings.Join(plan.CostsHeader, ",")+
		"\n0,paper,1,0,joint,1e9,1e9,0.5\n0,paper,1,1,uni 0,1e9,1e9,0.5\n0,paper,1,2,uni 1,1e9,1e9,0.5\n")
}
