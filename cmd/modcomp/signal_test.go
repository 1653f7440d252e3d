package main

import (
	"bufio"
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

	"github.com/modcomp/modcomp/cmd/internal/cli"
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

// startSweep writes a grid of 400 runs of a few hundred milliseconds each
// into dir and returns the (unstarted) sweep command over it, the grid and the
// results file. Uninterrupted it runs for minutes: far longer than any signal
// test waits.
func startSweep(t *testing.T, bin, dir string) (cmd *exec.Cmd, grid, results string) {
	t.Helper()
	grid = filepath.Join(dir, "grid.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "paper", "seeds": 400, "params": {"steps": [400]}}`), 0o644))
	results = filepath.Join(dir, "results.jsonl")
	return exec.Command(bin, "sweep", "-grid", grid, "-out", results), grid, results
}

// events is the stream of a child process's event lines (see eventEnv).
type events struct {
	lines  chan string
	writer *os.File // the parent's copy of the pipe's write end, closed once the child has started
}

// withEvents makes cmd write its events into a pipe that the test reads; call
// started once cmd has started.
func withEvents(t testing.TB, cmd *exec.Cmd) *events {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd.ExtraFiles = append(cmd.ExtraFiles, w)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", cli.EventEnv, 2+len(cmd.ExtraFiles)))
	e := &events{lines: make(chan string, 1024), writer: w}
	go func() {
		defer close(e.lines)
		defer r.Close()
		s := bufio.NewScanner(r)
		for s.Scan() {
			e.lines <- s.Text()
		}
	}()
	return e
}

// started closes the parent's write end, so that the stream ends when the
// child exits.
func (e *events) started() { e.writer.Close() }

// await blocks until the child reports an event that starts with prefix; it
// fails the test if the child exits first.
func (e *events) await(t testing.TB, prefix string) {
	t.Helper()
	for line := range e.lines {
		if strings.HasPrefix(line, prefix) {
			return
		}
	}
	t.Fatalf("the command exited before the event %q", prefix)
}

// signalAt starts cmd, waits for its event prefix, sends sig and returns the
// time the process took to exit after the signal, its error and its stderr.
func signalAt(t *testing.T, cmd *exec.Cmd, prefix string, sig os.Signal) (time.Duration, error, string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	ev := withEvents(t, cmd)
	require.NoError(t, cmd.Start())
	ev.started()
	ev.await(t, prefix)
	sent := time.Now()
	require.NoError(t, cmd.Process.Signal(sig))
	err := cmd.Wait()
	return time.Since(sent), err, stderr.String()
}

// stopBound bounds how long an interrupted command may take to exit in these
// tests: far above the tenth of a second it takes on an idle machine
// (BenchmarkInterrupt measures it), so that a loaded machine cannot break
// it, and far below the minutes each command would run on uninterrupted.
const stopBound = 20 * time.Second

// TestSignalsStopCleanly sends SIGINT to a sweep once it has written a run and
// SIGTERM to a suite once it is under way, in real child processes: each
// must exit non-zero saying it was interrupted, keep every finished run and
// leave no partial file.
func TestSignalsStopCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	sweepCmd, _, results := startSweep(t, bin, dir)
	elapsed, err, stderr := signalAt(t, sweepCmd, "run-written", syscall.SIGINT)
	t.Logf("sweep stopped %v after SIGINT", elapsed)
	require.Error(t, err, "an interrupted sweep exits non-zero")
	require.Less(t, elapsed, stopBound, "the sweep stops promptly")
	require.Contains(t, stderr, "interrupted")
	data, err := os.ReadFile(results)
	require.NoError(t, err)
	require.True(t, bytes.HasSuffix(data, []byte("\n")), "no partial line is left")
	kept := bytes.Count(data, []byte("\n"))
	require.GreaterOrEqual(t, kept, 1, "finished runs are kept")
	require.Less(t, kept, 400, "the sweep stopped before its end")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		require.False(t, strings.Contains(e.Name(), ".tmp"), "no temporary file is left: %s", e.Name())
	}

	out := filepath.Join(dir, "suite-out")
	// The full suite (20 seeds) runs for many seconds after it becomes interruptible.
	suiteCmd := exec.Command(bin, "suite", "-case", "paper", "-full", "-out", out)
	elapsed, err, stderr = signalAt(t, suiteCmd, "interruptible", syscall.SIGTERM)
	t.Logf("suite stopped %v after SIGTERM", elapsed)
	require.Error(t, err)
	require.Less(t, elapsed, stopBound, "the suite stops promptly")
	require.Contains(t, stderr, "interrupted")
	entries, _ = os.ReadDir(out)
	require.Empty(t, entries, "an interrupted suite writes no report")
}

// TestInterruptDuringDataGeneration interrupts a run as it starts to draw the
// dictionaries of a large d (their QR factorisation alone takes seconds at
// d = 3000): it must end promptly all the same, with nothing written.
func TestInterruptDuringDataGeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	elapsed, err, stderr := signalAt(t, exec.Command(bin, "run", "-set", "d=3000"), "interruptible", syscall.SIGINT)
	t.Logf("run at d = 3000 stopped %v after SIGINT", elapsed)
	require.Error(t, err)
	require.Less(t, elapsed, stopBound)
	require.Contains(t, stderr, "modcomp: interrupted; no seed had finished; nothing was written")
}

// TestInterruptedRunKeepsFinishedSeeds interrupts `run -seeds 1000 -out DIR
// -csv DIR2` once its first seed has finished: run.json must hold exactly the
// seeds that finished, as a complete document, the tables theirs, and the
// message must say so.
func TestInterruptedRunKeepsFinishedSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "out")
	tables := filepath.Join(t.TempDir(), "csv")
	cmd := exec.Command(bin, "run", "-seeds", "1000", "-out", out, "-csv", tables, "-set", "steps=300", "-cpuprofile", filepath.Join(out, "cpu.prof"))
	require.NoError(t, os.MkdirAll(out, 0o755))
	elapsed, err, stderr := signalAt(t, cmd, "seed-finished 1", syscall.SIGINT)
	require.Error(t, err)
	require.Less(t, elapsed, stopBound)
	data, rerr := os.ReadFile(filepath.Join(out, "run.json"))
	require.NoError(t, rerr, stderr)
	var doc struct {
		Runs []struct {
			Seed uint64 `json:"seed"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	require.NotEmpty(t, doc.Runs)
	require.Less(t, len(doc.Runs), 1000, "the run stopped before its last seed")
	for i, r := range doc.Runs {
		require.Equal(t, uint64(i+1), r.Seed)
	}
	require.Contains(t, stderr, fmt.Sprintf("modcomp: interrupted; the %d finished seed(s) are in %s and the tables in %s", len(doc.Runs), filepath.Join(out, "run.json"), tables))
	metrics, err := os.ReadFile(filepath.Join(tables, "metrics.csv"))
	require.NoError(t, err, "-csv keeps the finished seeds' tables too")
	require.Contains(t, string(metrics), "\npaper,")
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
	ev := withEvents(t, first)
	require.NoError(t, first.Start())
	defer first.Process.Kill()
	ev.started()
	ev.await(t, "run-written")
	second := exec.Command(bin, "sweep", "-grid", grid, "-out", results)
	var stderr bytes.Buffer
	second.Stderr = &stderr
	start := time.Now()
	err := second.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 2, exit.ExitCode())
	require.Less(t, time.Since(start), stopBound, "refused at once, not after waiting for the first writer")
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
	var kernelsErr bytes.Buffer
	kernelsCmd := exec.Command(bin, "kernels")
	kernelsCmd.Stderr = &kernelsErr
	require.NoError(t, kernelsCmd.Run())
	inUse, _, ok := strings.Cut(strings.TrimPrefix(kernelsErr.String(), "in use: "), " ")
	require.True(t, ok, kernelsErr.String())

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

	// A shard of this build and one of a test binary (revision
	// "test-binary") do not merge unless forced.
	dir := t.TempDir()
	grid := filepath.Join(dir, "g.json")
	require.NoError(t, os.WriteFile(grid, []byte(`{"case": "paper", "seeds": 2, "params": {"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [10], "lambda_points": [4], "sigma0": [0.01]}}`), 0o644))
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	require.NoError(t, exec.Command(bin, "sweep", "-grid", grid, "-shard", "0/2", "-out", a).Run())
	code, _, _ := runMain("sweep", "-grid", grid, "-shard", "1/2", "-out", b)
	require.Equal(t, 0, code)
	code, _, errOut := runMain("merge", a, b)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "b.jsonl: line 1 was run by revision test-binary, not "+rev)
	code, out2, errOut := runMain("merge", "-force", a, b)
	require.Equal(t, 0, code, errOut)
	require.Equal(t, 2, strings.Count(out2, "\n"))

	// A build without a stamp, as go run makes: in its checkout it reads the
	// checkout's revision; elsewhere its revision is unknown, and its
	// results combine with none, its own included, unless forced.
	unstamped := filepath.Join(t.TempDir(), "modcomp")
	out, err = exec.Command("go", "build", "-buildvcs=false", "-o", unstamped, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	version, err = exec.Command(unstamped, "version").Output()
	require.NoError(t, err)
	require.Contains(t, string(version), "revision:        "+rev+" (read from the checkout at start: a go run build carries no stamp)")
	outside := t.TempDir()
	inDir := func(args ...string) (int, string) {
		cmd := exec.Command(unstamped, args...)
		cmd.Dir = outside
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), stderr.String()
		}
		require.NoError(t, err, stderr.String())
		return 0, stderr.String()
	}
	code, errOut = inDir("version")
	require.Equal(t, 0, code, errOut)
	c := filepath.Join(outside, "c.jsonl")
	code, errOut = inDir("sweep", "-grid", grid, "-shard", "0/2", "-out", c, "-quiet")
	require.Equal(t, 0, code, errOut)
	code, errOut = inDir("sweep", "-grid", grid, "-out", c, "-quiet")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "c.jsonl: line 1 was run by a build of unknown revision")
	code, errOut = inDir("merge", c)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "unless -force is given")
	code, errOut = inDir("merge", "-force", c)
	require.Equal(t, 0, code, errOut)
}

// BenchmarkInterrupt measures how long a command takes to exit after SIGINT:
// a run of many seeds once its first seed has finished (stopping between
// steps and writing the finished seeds), and a run still drawing the
// dictionaries of d = 3000. The README's promise (under a second) is this
// benchmark's ms/stop.
func BenchmarkInterrupt(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "modcomp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatal(err, string(out))
	}
	for _, bc := range []struct {
		name, event string
		args        []string
	}{
		{"training", "seed-finished 1", []string{"run", "-seeds", "1000", "-set", "steps=300", "-out", b.TempDir()}},
		{"data", "interruptible", []string{"run", "-set", "d=3000"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				cmd := exec.Command(bin, bc.args...)
				ev := withEvents(b, cmd)
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				ev.started()
				ev.await(b, bc.event)
				sent := time.Now()
				_ = cmd.Process.Signal(syscall.SIGINT)
				_ = cmd.Wait()
				total += time.Since(sent)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/stop")
		})
	}
}
