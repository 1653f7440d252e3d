package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
)

func tinyLines(t *testing.T, grid string) []sweep.Line {
	t.Helper()
	sw, err := sweep.ParseGrid([]byte(grid))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "r.jsonl")
	require.NoError(t, sweep.Execute(context.Background(), sw, sw.Runs, path, sweep.Options{Train: train.Options{}, Revision: "test"}))
	lines, err := sweep.MergeFiles([]string{path}, false)
	require.NoError(t, err)
	return lines
}

const tiny = `"d": [40], "n": [30], "n_test": [60], "k": [4], "m": [2], "steps": [30], "lambda_points": [5], "sigma0": [0.01]`

func TestBuildWritesReportAndFigures(t *testing.T) {
	var lines []sweep.Line
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "b": [[1.5, 1.5], [1.5, 2]]}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "mu": [[0.1, 0.1], [0.1, 0.3]]}}`)...)
	// The tiny overrides are common to all three grids: only what each grid
	// varies decides its group.
	g := Group(lines, paperParams(t))
	require.Len(t, g.Base, 2)
	require.Empty(t, g.BaseNote)
	require.Len(t, g.Strength, 4)
	require.Len(t, g.Mu, 4)
	dir := t.TempDir()
	path, err := Build(dir, "paper", g, nil, nil)
	require.NoError(t, err)
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, want := range []string{"## Parameters", "lambda.png", "class-accuracy.png", "imbalance.png", "win-probability.png", "error-vs-mu.png", "theory p_0", "Σ p_r μ_r"} {
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
	_, err := Build(t.TempDir(), "paper", Groups{}, nil, nil)
	require.ErrorContains(t, err, "no runs of the case itself")
}

func paperParams(t *testing.T) param.Case {
	t.Helper()
	c, err := cases.Lookup("paper")
	require.NoError(t, err)
	return c.Params
}

// TestBaseFromTheCasePoint groups a μ sweep alone, as `report -results` gets
// it: the point at the case's own μ is the base; a grid that misses it falls
// back to its first point and says so.
func TestBaseFromTheCasePoint(t *testing.T) {
	lines := tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "mu": [[0.1, 0.1], [0.1, 0.3]]}}`)
	g := Group(lines, paperParams(t))
	require.Len(t, g.Mu, 4)
	require.Len(t, g.Base, 2)
	require.Empty(t, g.BaseNote)
	for _, l := range g.Base {
		require.Equal(t, []float64{0.1, 0.3}, l.Params.Mu)
	}
	lines = tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "mu": [[0.1, 0.1], [0.1, 0.2]]}}`)
	g = Group(lines, paperParams(t))
	require.Len(t, g.Base, 2)
	require.Equal(t, []float64{0.1, 0.1}, g.Base[0].Params.Mu)
	require.Contains(t, g.BaseNote, `the grid's first point, {"d":40`)
}

// TestMethodsSection builds a report from a methods grid (points) and the
// two setting sweeps, as `report -results` would get them.
func TestMethodsSection(t *testing.T) {
	var lines []result.Line
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`}, "points": [
		{"method": "joint"}, {"method": "ensemble"}, {"method": "pretrain", "pre_steps": 20},
		{"method": "moddrop", "p_drop": 0.5}, {"method": "ogm-ge", "alpha": 0.5}, {"method": "gblend"}]}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "method": ["ogm-ge"], "alpha": [0, 1]}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+`, "method": ["moddrop"], "p_drop": [0, 0.5]}}`)...)
	g := Group(lines, paperParams(t))
	require.Len(t, g.Methods, 12)
	require.Len(t, g.Settings["alpha"], 4)
	require.Len(t, g.Settings["p_drop"], 4)
	require.Equal(t, 2, len(g.Base), "joint training of the methods grid is the case's point")
	for _, l := range g.Base {
		require.Equal(t, "joint", l.Params.Method)
	}
	dir := t.TempDir()
	path, err := Build(dir, "paper", g, nil, nil)
	require.NoError(t, err)
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, want := range []string{"## Training methods", "methods-error.png", "error-vs-alpha.png", "error-vs-p-drop.png",
		"| ogm-ge alpha=0.5 ", "| pretrain pre_steps=20 ", "- M3: test error below the best uni-modal net and below joint"} {
		require.Contains(t, string(md), want)
	}
	for _, name := range []string{"methods-error", "error-vs-alpha", "error-vs-p-drop"} {
		info, err := os.Stat(filepath.Join(dir, name+".png"))
		require.NoError(t, err)
		require.Greater(t, info.Size(), int64(1000))
	}
}

// TestBuildWithoutTheTheory builds a report of the plain-ReLU variant, for
// which the theory gives no p_r: the measured series and tables stay, the
// theory's cells read "–", and nothing fails.
func TestBuildWithoutTheTheory(t *testing.T) {
	relu := `, "activation": ["relu"]`
	var lines []sweep.Line
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+relu+`}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+relu+`, "b": [[1.5, 1.5], [1.5, 2]]}}`)...)
	lines = append(lines, tinyLines(t, `{"case": "paper", "seeds": 2, "params": {`+tiny+relu+`, "mu": [[0.1, 0.1], [0.1, 0.3]]}}`)...)
	c := paperParams(t)
	c.Activation = param.ActivationReLU
	g := Group(lines, c)
	require.Len(t, g.Strength, 4)
	dir := t.TempDir()
	path, err := Build(dir, "paper", g, nil, nil)
	require.NoError(t, err)
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(md), "win-probability.png")
	require.Contains(t, string(md), "| –")
}

// TestLinesAreCountedOnce: a line that serves two groups (a setting sweep's
// first point is also the base) is one run in the footer's count.
func TestLinesAreCountedOnce(t *testing.T) {
	l := result.Line{Revision: "r"}
	l.Key = "k1"
	other := l
	other.Key = "k2"
	g := Groups{Base: []result.Line{l}, Settings: map[string][]result.Line{"alpha": {l, other}}}
	require.Len(t, g.lines(), 2)
	require.Equal(t, "revision r (2 runs)", result.Revisions(g.lines()))
}
