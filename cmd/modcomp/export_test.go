package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/internal/testutil"
)

// TestCSVFlagsAndExport: run -csv, export of the run's JSON and of a results
// file, sweep -csv and merge -csv write the same long-form tables.
func TestCSVFlagsAndExport(t *testing.T) {
	dir := t.TempDir()
	runOut, runCSV, exp := filepath.Join(dir, "run"), filepath.Join(dir, "run-csv"), filepath.Join(dir, "exported")
	code, _, errOut := runMain(append([]string{"run", "-seeds", "2", "-out", runOut, "-csv", runCSV}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runMain("export", "-out", exp, filepath.Join(runOut, "run.json"))
	require.Equal(t, 0, code, errOut)
	for _, name := range []string{"metrics.csv", "lambda.csv", "classes.csv"} {
		a, b := testutil.ReadCSVRows(t, filepath.Join(runCSV, name)), testutil.ReadCSVRows(t, filepath.Join(exp, name))
		require.Equal(t, a, b, "%s: run -csv and export agree", name)
		require.Greater(t, len(a), 2)
	}

	grid := writeFile(t, dir, "g.json", `{"case": "paper", "seeds": 2, "params": {"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [10], "lambda_points": [4], "sigma0": [0.01, 0.02]}}`)
	res, sweepCSV, mergeCSV, exp2 := filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "s-csv"), filepath.Join(dir, "m-csv"), filepath.Join(dir, "e2")
	code, _, errOut = runMain("sweep", "-grid", grid, "-out", res, "-csv", sweepCSV)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runMain("merge", "-csv", mergeCSV, res)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runMain("export", "-out", exp2, res)
	require.Equal(t, 0, code, errOut)
	metrics := testutil.ReadCSVRows(t, filepath.Join(sweepCSV, "metrics.csv"))
	require.Equal(t, metrics, testutil.ReadCSVRows(t, filepath.Join(mergeCSV, "metrics.csv")))
	require.Equal(t, metrics, testutil.ReadCSVRows(t, filepath.Join(exp2, "metrics.csv")))
	require.True(t, strings.HasPrefix(metrics[1][1], `{"d":40`), "a sweep's rows name their point: %v", metrics[1])

	suiteCSV := filepath.Join(dir, "suite-csv")
	code, _, errOut = runMain("suite", "-case", "control-large-init", "-out", "", "-csv", suiteCSV)
	require.Equal(t, 0, code, errOut)
	verdicts := testutil.ReadCSVRows(t, filepath.Join(suiteCSV, "verdicts.csv"))
	require.Len(t, verdicts, 1+len(claims.All))
	require.Equal(t, []string{"case", "size", "claim", "holds", "inconclusive", "statistic", "lo", "hi", "tolerance", "rule"}, verdicts[0])
}

// TestStepLog: run -log writes a row per net and scheduled step, and nothing
// when the run is refused.
func TestStepLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.csv")
	code, _, errOut := runMain(append([]string{"run", "-log", path}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	rows := testutil.ReadCSVRows(t, path)
	require.Equal(t, []string{"seed", "net", "step", "loss", "train_accuracy", "test_accuracy"}, rows[0][:6])
	require.Len(t, rows, 1+3*5, "three nets at the 5 scheduled steps")
	require.Equal(t, "joint", rows[1][1])
	imbalance := slices.Index(rows[0], "imbalance")
	require.NotEmpty(t, rows[1][imbalance], "the joint net has an imbalance")
	require.Empty(t, rows[len(rows)-1][imbalance], "a uni-modal net has none")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	code, _, _ = runMain("run", "-log", bad, "-set", "k=1")
	require.Equal(t, 2, code)
	_, err := os.Stat(bad)
	require.True(t, os.IsNotExist(err))
}
