package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
)

// TestPhaseDiagram runs two small phase grids (σ0/ϱ × strength and σ0/ϱ ×
// length) and checks the report: both heatmaps in every format, one table
// row per y value in each of the three tables, no suite case marked (the
// grids' n and d are not the suite's), and a second run resuming every run
// from the results files.
func TestPhaseDiagram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the phase sweeps")
	}
	dir := t.TempDir()
	small := `"n": [40], "d": [40], "n_test": [100], "lambda_points": [6]`
	strength := writeFile(t, dir, "strength.json", `{"case": "paper", "seeds": 2, "params": {"sigma0": [1e-7, 1e-5], `+small+`, "steps": [1000]},
		"points": [{"a": [1, 1], "b": [1.5, 1.5]}, {"a": [1, 1.4], "b": [1.5, 1.9]}]}`)
	length := writeFile(t, dir, "length.json", `{"case": "paper", "seeds": 2, "params": {"sigma0": [1e-7, 1e-5], `+small+`, "steps": [100, 1000]}}`)
	out := filepath.Join(dir, "phase")
	code, stdout, errOut := runMain("phase", "-quiet", "-grids", strength+","+length, "-out", out)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, stdout, "phase.md")
	md, err := os.ReadFile(filepath.Join(out, "phase.md"))
	require.NoError(t, err)
	for _, base := range []string{"strength", "length"} {
		for _, ext := range []string{"png", "svg", "pdf"} {
			_, err := os.Stat(filepath.Join(out, base+"."+ext))
			require.NoError(t, err, base+"."+ext)
		}
		require.Contains(t, string(md), "!["+base+"]("+base+".png)")
	}
	require.Equal(t, 6, strings.Count(string(md), "| 1e-5 | 1e-3 |"), "three tables per grid:\n%s", md)
	require.Contains(t, string(md), "| 1.4 |", "the strength axis")
	require.Equal(t, 2, strings.Count(string(md), "no suite case on this grid"), "%s", md)
	require.Contains(t, string(md), "| 12000 |", "the length axis (η·T = 12·1000)")
	before, err := os.ReadFile(filepath.Join(out, "results-strength.jsonl"))
	require.NoError(t, err)
	code, _, errOut = runMain("phase", "-quiet", "-grids", strength+","+length, "-out", out)
	require.Equal(t, 0, code, errOut)
	after, err := os.ReadFile(filepath.Join(out, "results-strength.jsonl"))
	require.NoError(t, err)
	require.Equal(t, before, after, "a second run resumes every run")

	// The paper report takes the diagrams: modcomp report -phase DIR.
	base := writeFile(t, dir, "base.json", `{"case": "paper", "seeds": 2, "params": {`+small+`, "steps": [100]}}`)
	results := filepath.Join(dir, "base.jsonl")
	code, _, errOut = runMain("sweep", "-quiet", "-grid", base, "-out", results)
	require.Equal(t, 0, code, errOut)
	rep := filepath.Join(dir, "report")
	code, _, errOut = runMain("report", "-quiet", "-results", results, "-out", rep, "-phase", out)
	require.Equal(t, 0, code, errOut)
	md, err = os.ReadFile(filepath.Join(rep, "report.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "## Phase diagram")
	for _, base := range []string{"phase-strength", "phase-length"} {
		require.Contains(t, string(md), "("+base+".png)")
		_, err := os.Stat(filepath.Join(rep, base+".png"))
		require.NoError(t, err)
	}
	code, _, errOut = runMain("report", "-quiet", "-results", results, "-out", rep, "-phase", filepath.Join(dir, "nowhere"))
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "holds no phase results")

	// Results of another build are compared with this one by every reader:
	// report -results, report -phase and phase refuse them without -force,
	// and with it phase.md credits each run to the build that ran it.
	forge := func(path, old, new string) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(string(data), old, new)), 0o644))
	}
	forge(filepath.Join(out, "results-strength.jsonl"), `"revision":"test-binary"`, `"revision":"0123abc"`)
	code, _, errOut = runMain("report", "-quiet", "-results", results, "-out", rep, "-phase", out)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "results-strength.jsonl: line 1 was run by revision 0123abc, not test-binary")
	code, _, errOut = runMain("phase", "-quiet", "-grids", strength+","+length, "-out", out)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "results-strength.jsonl: line 1 was run by revision 0123abc, not test-binary")
	code, _, errOut = runMain("phase", "-quiet", "-force", "-grids", strength+","+length, "-out", out)
	require.Equal(t, 0, code, errOut)
	md, err = os.ReadFile(filepath.Join(out, "phase.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "from runs by revision 0123abc (8 runs), revision test-binary (8 runs).")

	forge(results, `"revision":"test-binary"`, `"revision":"0123abc"`)
	code, _, errOut = runMain("report", "-quiet", "-results", results, "-out", rep)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "base.jsonl: line 1 was run by revision 0123abc, not test-binary")
	forge(results, `"revision":"0123abc"`, `"revision":"test-binary"`)
	forge(results, `"kernel_contract":"`+kernel.Contract+`"`, `"kernel_contract":"fma-forged"`)
	code, _, errOut = runMain("report", "-quiet", "-results", results, "-out", rep)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "base.jsonl: line 1 was run under kernel contract fma-forged, not "+kernel.Contract)
	code, _, errOut = runMain("report", "-quiet", "-force", "-results", results, "-out", rep)
	require.Equal(t, 0, code, errOut)
	md, err = os.ReadFile(filepath.Join(rep, "report.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "from runs by revision test-binary (2 runs).")
}

func TestPhaseRefusesOtherGrids(t *testing.T) {
	dir := t.TempDir()
	for name, grid := range map[string]string{
		"no sigma0": `{"case": "paper", "seeds": 2, "params": {"steps": [10, 20]}}`,
		"two axes":  `{"case": "paper", "seeds": 2, "params": {"sigma0": [1e-7], "steps": [10, 20]}, "points": [{"a": [1, 1.2], "b": [1.5, 1.7]}]}`,
		"neither":   `{"case": "paper", "seeds": 2, "params": {"sigma0": [1e-7, 1e-6]}}`,
	} {
		path := writeFile(t, dir, strings.ReplaceAll(name, " ", "-")+".json", grid)
		code, _, errOut := runMain("phase", "-quiet", "-grids", path, "-out", filepath.Join(dir, "out"))
		require.Equal(t, 2, code, name)
		require.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "%s: one line: %s", name, errOut)
		require.Contains(t, errOut, "phase grid", name)
	}
}
