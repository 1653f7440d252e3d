package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/testutil"
)

// smallMNIST makes mnist-halves cheap: 100 training and 100 test images,
// 100 steps.
var smallMNIST = []string{"-set", "n=100", "-set", "n_test=100", "-set", "steps=100", "-set", "lambda_points=5"}

// TestRunOnRealData: `modcomp run -case mnist-halves` trains and prints the
// tables with the source named and no insufficiency columns.
func TestRunOnRealData(t *testing.T) {
	code, out, errOut := runMain(append([]string{"run", "-case", "mnist-halves"}, smallMNIST...)...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "case mnist-halves: real data mnist-halves: R=2 k=10 m=10 d=392 N=100 N_test=100")
	require.Contains(t, out, "probe 1")
	require.NotContains(t, out, "insufficient")
	require.NotContains(t, out, "all sufficient")
}

// TestDataExportsTheRealViews: `modcomp data -case mnist-halves` writes the
// exact preprocessed views and the class features, bit for bit what a run
// trains on.
func TestDataExportsTheRealViews(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runMain(append([]string{"data", "-case", "mnist-halves", "-seed", "3", "-out", dir}, smallMNIST...)...)
	require.Equal(t, 0, code, errOut)
	c, err := cases.Lookup("mnist-halves")
	require.NoError(t, err)
	require.NoError(t, c.Params.SetAll([]string{"n=100", "n_test=100", "steps=100", "lambda_points=5"}))
	ctx := context.Background()
	src, err := data.Open(ctx, c.Params, 3)
	require.NoError(t, err)
	train, err := src.Sample(ctx, 100, 3, rng.Train)
	require.NoError(t, err)
	read := func(name string) *mat.Dense {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		defer f.Close()
		var m mat.Dense
		require.NoError(t, npyio.Read(f, &m), name)
		return &m
	}
	for r := range 2 {
		testutil.RequireSameBits(t, train.X[r], read(fmt.Sprintf("train_x_%d.npy", r)).RawMatrix().Data, "view %d", r)
		testutil.RequireSameBits(t, data.Features(src, 2, 10)[r], read(fmt.Sprintf("features_%d.npy", r)).RawMatrix().Data, "features %d", r)
	}
	for _, absent := range []string{"dict_0.npy", "train_insufficient_0.npy"} {
		_, err = os.Stat(filepath.Join(dir, absent))
		require.True(t, os.IsNotExist(err), "a real dataset has no dictionary and no insufficiency: %s", absent)
	}
	var manifest struct {
		Params struct {
			Source string `json:"source"`
		} `json:"params"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &manifest))
	require.Equal(t, "mnist-halves", manifest.Params.Source)
}

// TestRealDataGrid: realdata -grid runs each point of a real-data case's
// grid as a case of its own and writes the page; a synthetic case's grid is
// a usage error.
func TestRealDataGrid(t *testing.T) {
	dir := t.TempDir()
	grid := filepath.Join(dir, "grid.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "mnist-halves", "seeds": 2, "params": {"sigma0": [1e-7, 5e-3], "steps": [20], "n": [50], "n_test": [50], "lambda_points": [4]}}`), 0o644))
	out := filepath.Join(dir, "out")
	code, stdout, errOut := runMain("realdata", "-quiet", "-grid", grid, "-out", out)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, stdout, "lambda_points=4 n=50 n_test=50 sigma0=0.005 steps=20")
	page, err := os.ReadFile(filepath.Join(out, "real-data.md"))
	require.NoError(t, err)
	require.Contains(t, string(page), "# Regime search on mnist-halves")
	for _, mark := range []string{"holds*", "fails*", "inconclusive*", "Verdicts that differ"} {
		require.NotContains(t, string(page), mark, "a regime search expects no verdict")
	}

	code, _, errOut = runMain("realdata", "-quiet", "-grid", "cases/grids/adam-eps.json", "-out", out)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "not a real dataset's")
}
