package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// startSweep writes a grid of 40 runs of a few hundred milliseconds into dir
// and returns the (unstarted) sweep command over it, the grid and the results
// file.
func startSweep(t *testing.T, bin, dir string) (cmd *exec.Cmd, grid, results string) {
	t.Helper()
	grid = filepath.Join(dir, "grid.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "paper", "seeds": 40, "params": {"steps": [400]}}`), 0o644))
	results = filepath.Join(dir, "results.jsonl")
	return exec.Command(bin, "sweep", "-grid", grid, "-out", results), grid, results
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
	sweepCmd, _, results := startSweep(t, bin, dir)
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

// stopAfter starts cmd, sends SIGINT after wait, and returns the time the
// process took to exit after the signal, its error and its stderr.
func stopAfter(t *testing.T, cmd *exec.Cmd, ready func()) (time.Duration, error, string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	ready()
	sent := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	return time.Since(sent), err, stderr.String()
}

// TestInterruptDuringDataGeneration interrupts a run while it draws the
// dictionaries of a large d (their QR factorisation alone takes seconds at
// d = 3000): it must end within a second all the same.
func TestInterruptDuringDataGeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	elapsed, err, stderr := stopAfter(t, exec.Command(bin, "run", "-set", "d=3000"), func() { time.Sleep(1500 * time.Millisecond) })
	t.Logf("run at d = 3000 stopped %v after SIGINT", elapsed)
	require.Error(t, err)
	require.Less(t, elapsed, time.Second)
	require.Contains(t, stderr, "modcomp: interrupted; no seed had finished; nothing was written")
}

// TestInterruptedRunKeepsFinishedSeeds interrupts `run -seeds 40 -out DIR`
// after its first seeds: run.json must hold exactly the seeds that finished,
// as a complete document, and the message must say so.
func TestInterruptedRunKeepsFinishedSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, append([]string{"run", "-seeds", "40", "-out", out, "-set", "steps=300"}, "-cpuprofile", filepath.Join(out, "cpu.prof"))...)
	require.NoError(t, os.MkdirAll(out, 0o755))
	elapsed, err, stderr := stopAfter(t, cmd, func() { time.Sleep(1500 * time.Millisecond) })
	require.Error(t, err)
	require.Less(t, elapsed, time.Second)
	data, rerr := os.ReadFile(filepath.Join(out, "run.json"))
	require.NoError(t, rerr, stderr)
	var doc struct {
		Runs []struct {
			Seed uint64 `json:"seed"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	require.NotEmpty(t, doc.Runs)
	for i, r := range doc.Runs {
		require.Equal(t, uint64(i+1), r.Seed)
	}
	require.Contains(t, stderr, fmt.Sprintf("modcomp: interrupted; the %d finished seed(s) are in %s", len(doc.Runs), filepath.Join(out, "run.json")))
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		require.NotContains(t, e.Name(), ".tmp", "no half-written file (the profile of an interrupted run is dropped)")
	}
}

// TestSecondWriterProcessIsRefused starts two sweep processes on one results
// file: the second must exit 2 at once naming the first, and the file must
// stay valid and resumable.
func TestSecondWriterProcessIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	first, grid, results := startSweep(t, bin, t.TempDir())
	require.NoError(t, first.Start())
	defer first.Process.Kill()
	waitLines(t, results, 1, 60*time.Second)
	second := exec.Command(bin, "sweep", "-grid", grid, "-out", results)
	var stderr bytes.Buffer
	second.Stderr = &stderr
	start := time.Now()
	err := second.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 2, exit.ExitCode())
	require.Less(t, time.Since(start), 5*time.Second, "refused at once, not after waiting")
	require.Contains(t, stderr.String(), fmt.Sprintf("results.jsonl is in use by process %d (", first.Process.Pid))
	require.Equal(t, 1, strings.Count(stderr.String(), "\n"))
	require.NoError(t, first.Process.Signal(syscall.SIGINT))
	require.Error(t, first.Wait())
	merged := exec.Command(bin, "merge", results)
	out, err := merged.Output()
	require.NoError(t, err, "the file stays valid")
	require.GreaterOrEqual(t, bytes.Count(out, []byte("\n")), 1)
}

// TestVersionNamesTheBuild builds modcomp with its version-control stamp and
// checks that `modcomp version`, a run's JSON and a sweep's lines name the
// checkout's revision and the kernel path in use.
func TestVersionNamesTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git checkout")
	}
	rev := strings.TrimSpace(string(head))
	bin := filepath.Join(t.TempDir(), "modcomp")
	out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	kernel, err := exec.Command(bin, "kernels").Output()
	require.NoError(t, err)
	paths := strings.Fields(string(kernel))
	inUse := paths[len(paths)-1]

	version, err := exec.Command(bin, "version").Output()
	require.NoError(t, err)
	require.Contains(t, string(version), "revision:        "+rev)
	require.Contains(t, string(version), "kernel path:     "+inUse)
	require.Contains(t, string(version), "kernel contract: fma-ascending-v1")

	doc, err := exec.Command(bin, append([]string{"run", "-json"}, tiny...)...).Output()
	require.NoError(t, err)
	var run struct {
		Provenance struct {
			Revision, Kernel string
		}
	}
	require.NoError(t, json.Unmarshal(doc, &run))
	require.Equal(t, rev, run.Provenance.Revision)
	require.Equal(t, inUse, run.Provenance.Kernel)

	// A shard of this build and one of an unstamped build (revision
	// "unknown") do not merge unless forced.
	dir := t.TempDir()
	grid := filepath.Join(dir, "g.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "paper", "seeds": 2, "params": {"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [10], "lambda_points": [4], "sigma0": [0.01]}}`), 0o644))
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	require.NoError(t, exec.Command(bin, "sweep", "-grid", grid, "-shard", "0/2", "-out", a).Run())
	code, _, _ := runMain("sweep", "-grid", grid, "-shard", "1/2", "-out", b)
	require.Equal(t, 0, code)
	code, _, errOut := runMain("merge", a, b)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "b.jsonl: line 1 was run by revision unknown, not "+rev)
	code, out2, errOut := runMain("merge", "-force", a, b)
	require.Equal(t, 0, code, errOut)
	require.Equal(t, 2, strings.Count(out2, "\n"))
}
