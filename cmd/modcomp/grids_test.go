package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/cmd/internal/study"
)

// TestGridFiles: every grid in cases/grids parses, and the method grids are
// the report's: the same α and p_drop values, and the methods suite's points.
func TestGridFiles(t *testing.T) {
	files, err := filepath.Glob("../../cases/grids/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 4)
	parsed := map[string]*sweep.Sweep{}
	for _, f := range files {
		sw, err := cli.ReadGrid(f)
		require.NoError(t, err, f)
		parsed[filepath.Base(f)] = sw
	}
	values := func(file, key string) string {
		var g sweep.Grid
		data, err := os.ReadFile("../../cases/grids/" + file)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &g))
		var xs []float64
		for _, raw := range g.Params[key] {
			var x float64
			require.NoError(t, json.Unmarshal(raw, &x))
			xs = append(xs, x)
		}
		js, _ := json.Marshal(xs)
		return string(js)
	}
	compact := func(s string) string {
		var xs []float64
		require.NoError(t, json.Unmarshal([]byte(s), &xs))
		js, _ := json.Marshal(xs)
		return string(js)
	}
	require.Equal(t, compact(sweep.AlphaValues), values("alpha-sweep.json", "alpha"))
	require.Equal(t, compact(sweep.PDropValues), values("pdrop-sweep.json", "p_drop"))
	require.Equal(t, compact(sweep.EpsValues), values("adam-eps.json", "eps"))
	methods := parsed["methods.json"]
	require.NotNil(t, methods)
	entries := cases.Methods()
	require.Len(t, methods.Runs, len(entries)*8)
	for i, e := range entries {
		want, err := e.Point()
		require.NoError(t, err)
		run := methods.Runs[i*8]
		for k, v := range want {
			require.JSONEq(t, string(v), string(run.Overrides[k]), "%s: %s", e.Method, k)
		}
	}
}

// TestBuiltInGrids: away from the repository, cases/grids/NAME.json still
// names the repository's grid (built into the binary), while a file at that
// path comes first; other missing paths stay errors.
func TestBuiltInGrids(t *testing.T) {
	want, err := cli.ReadGrid("../../cases/grids/phase-length.json")
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	for _, file := range study.PhaseGrids {
		_, err := cli.ReadGrid(file)
		require.NoError(t, err, file)
	}
	got, err := cli.ReadGrid("cases/grids/phase-length.json")
	require.NoError(t, err)
	require.Equal(t, want.Runs, got.Runs)

	require.NoError(t, os.MkdirAll("cases/grids", 0o755))
	require.NoError(t, os.WriteFile("cases/grids/phase-length.json", []byte(`{"case": "paper", "seeds": 1}`), 0o644))
	local, err := cli.ReadGrid("cases/grids/phase-length.json")
	require.NoError(t, err)
	require.Len(t, local.Runs, 1, "the file on disk, not the built-in grid")

	_, err = cli.ReadGrid("cases/grids/none.json")
	require.ErrorContains(t, err, "no such file")
	_, err = cli.ReadGrid("grids/mu-sweep.json")
	require.ErrorContains(t, err, "no such file")
}
