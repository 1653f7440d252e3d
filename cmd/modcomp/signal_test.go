package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildBinary compiles modcomp once for the tests that need a real process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "modcomp")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// waitLines waits until path holds at least n complete lines.
func waitLines(t *testing.T, path string, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(path)
		if bytes.Count(data, []byte("\n")) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not reach %d lines within %v", path, n, limit)
}

// TestSignalsStopCleanly sends SIGINT to a sweep and SIGTERM to a suite in real
// child processes: each must exit non-zero within a second, keep every finished
// run and leave no partial file.
func TestSignalsStopCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()

	grid := filepath.Join(dir, "grid.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "paper", "seeds": 40, "params": {"steps": [400]}}`), 0o644))
	results := filepath.Join(dir, "results.jsonl")
	sweepCmd := exec.Command(bin, "sweep", "-grid", grid, "-out", results)
	var stderr bytes.Buffer
	sweepCmd.Stderr = &stderr
	require.NoError(t, sweepCmd.Start())
	waitLines(t, results, 1, 60*time.Second)
	sent := time.Now()
	require.NoError(t, sweepCmd.Process.Signal(syscall.SIGINT))
	err := sweepCmd.Wait()
	elapsed := time.Since(sent)
	t.Logf("sweep stopped %v after SIGINT", elapsed)
	require.Error(t, err, "an interrupted sweep exits non-zero")
	require.Less(t, elapsed, time.Second, "the sweep stops within a second")
	require.Contains(t, stderr.String(), "interrupted")
	data, err := os.ReadFile(results)
	require.NoError(t, err)
	require.True(t, bytes.HasSuffix(data, []byte("\n")), "no partial line is left")
	kept := bytes.Count(data, []byte("\n"))
	require.GreaterOrEqual(t, kept, 1, "finished runs are kept")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		require.False(t, strings.Contains(e.Name(), ".tmp"), "no temporary file is left: %s", e.Name())
	}

	out := filepath.Join(dir, "suite-out")
	// The full suite (20 seeds) takes far longer than the half second before the signal.
	suiteCmd := exec.Command(bin, "suite", "-case", "paper", "-full", "-out", out)
	require.NoError(t, suiteCmd.Start())
	time.Sleep(500 * time.Millisecond)
	sent = time.Now()
	require.NoError(t, suiteCmd.Process.Signal(syscall.SIGTERM))
	err = suiteCmd.Wait()
	elapsed = time.Since(sent)
	t.Logf("suite stopped %v after SIGTERM", elapsed)
	require.Error(t, err)
	require.Less(t, elapsed, time.Second, "the suite stops within a second")
	entries, _ = os.ReadDir(out)
	require.Empty(t, entries, "an interrupted suite writes no report")
}
