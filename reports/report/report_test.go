package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/train"
)

func tinyLines(t *testing.T, grid string) []sweep.Line {
	t.Helper()
	name, runs, err := sweep.ParseGrid([]byte(grid))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "r.jsonl")
	require.NoError(t, sweep.Execute(context.Background(), name, runs, path, train.Options{}, nil))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	lines, _, err := sweep.ReadLines(f, path)
	require.NoError(t, err)
	return lines
}

const tiny = `"d": [40], "n": [30], "n_test": [60], "k": [4], "m": [2], "steps": [30], "lambda_points": [5], "sigma0": [0.01]`

func TestBuildWritesReportAndFigures(t *testing.T) {
	var lines []sweep.Line
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "b": [[1.5, 1.5], [1.5, 2]]}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "mu": [[0.1, 0.1], [0.1, 0.3]]}}`)...)
	// The tiny overrides are common to all three grids; strip them so that the
	// groups differ only by what each grid varies.
	for i := range lines {
		for _, k := range []string{"d", "n", "n_test", "k", "m", "steps", "lambda_points", "sigma0"} {
			delete(lines[i].Overrides, k)
		}
	}
	g := Group(lines)
	require.Len(t, g.Base, 2)
	require.Len(t, g.Strength, 4)
	require.Len(t, g.Mu, 4)
	dir := t.TempDir()
	path, err := Build(dir, "paper", g, nil)
	require.NoError(t, err)
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, want := range []string{"## Parameters", "lambda.png", "class-accuracy.png", "win-probability.png", "error-vs-mu.png", "theory p_0", "Σ p_r μ_r"} {
		require.Contains(t, string(md), want)
	}
	for _, name := range []string{"lambda", "class-accuracy", "win-probability", "error-vs-mu"} {
		for _, ext := range []string{".png", ".svg"} {
			info, err := os.Stat(filepath.Join(dir, name+ext))
			require.NoError(t, err)
			require.Greater(t, info.Size(), int64(1000))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), "."), "no temporary files left: %s", e.Name())
	}
}

func TestBuildNeedsBaseRuns(t *testing.T) {
	_, err := Build(t.TempDir(), "paper", Groups{}, nil)
	require.ErrorContains(t, err, "no runs of the case itself")
}
