package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/reports/export"
)

// The tests of this file drive the inputs and faults of a hostile trial of the
// commands, each exactly as the trial gave it, and check the exit status, the
// message and what is left on disk.

// TestDropRateNearOneEnds: p_drop = 1 − 1e-10 is valid; the drop mask is
// drawn at bounded cost (rejection, then the conditional law directly), so
// the run ends like any other instead of redrawing for ever.
func TestDropRateNearOneEnds(t *testing.T) {
	code, out, errOut := runMain(append([]string{"run", "-json", "-set", "method=moddrop", "-set", "p_drop=0.9999999999"}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"p_drop": 0.9999999999`)
}

// TestOutputsAreRegularFiles: -log, -cpuprofile and -costs refuse a device and
// a FIFO with status 2 before any work, leaving the special file as it was;
// through a symbolic link they write the link's target and keep the link.
func TestOutputsAreRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, mkfifo(fifo))
	for _, args := range [][]string{
		{"run", "-log", "/dev/full"},
		{"run", "-log", "/dev/null"},
		{"run", "-cpuprofile", "/dev/full"},
		{"run", "-log", fifo},
		{"suite", "-case", "paper", "-out", "", "-costs", "/dev/full"},
	} {
		special := args[len(args)-1]
		before, err := os.Lstat(special)
		require.NoError(t, err)
		if args[0] == "run" {
			args = append(args, tiny...)
		}
		code, _, errOut := runMain(args...)
		require.Equal(t, 2, code, "%v: %s", args, errOut)
		require.Contains(t, errOut, "not a regular file", args)
		after, err := os.Lstat(special)
		require.NoError(t, err)
		require.Equal(t, before.Mode(), after.Mode(), "%v: the special file is left as it was", args)
	}

	target := filepath.Join(dir, "steps.csv")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink("steps.csv", link))
	profTarget := filepath.Join(dir, "cpu.prof")
	require.NoError(t, os.WriteFile(profTarget, []byte("old"), 0o644))
	profLink := filepath.Join(dir, "prof-link")
	require.NoError(t, os.Symlink(profTarget, profLink))
	code, _, errOut := runMain(append([]string{"run", "-log", link, "-cpuprofile", profLink}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	for link, target := range map[string]string{link: target, profLink: profTarget} {
		info, err := os.Lstat(link)
		require.NoError(t, err)
		require.NotZero(t, info.Mode()&os.ModeSymlink, "%s is still a link", link)
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		require.NotEqual(t, "old", string(data), "%s now holds the new output", target)
	}
}

// TestLostOutputFails: a command whose stdout cannot be written (/dev/full)
// exits 1 and says so, rather than 0 with its result lost.
func TestLostOutputFails(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	for _, args := range [][]string{
		append([]string{"run"}, tiny...),
		append([]string{"run", "-json"}, tiny...),
		{"version"},
		{"cases"},
		{"plan", "-costs", oneRunCosts(t), "-peak", "100"},
	} {
		var stderr strings.Builder
		code := Main(args, full, &stderr)
		require.Equal(t, 1, code, "%v: %s", args, stderr.String())
		require.Contains(t, stderr.String(), "no space left on device", args)
	}
}

// mkfifo makes a named pipe at path.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// TestReadsAreBounded: every command that reads a file given on its command
// line reads at most a limit of it: /dev/zero, an endless stream, ends in an
// error that names it and the limit (status 2), not in the runtime's
// out-of-memory crash; a case file larger than a megabyte is refused before
// it is read, and its content is not echoed back.
func TestReadsAreBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	for args, msg := range map[*[]string]string{
		{"run", "-params", "/dev/zero"}:     "/dev/zero: larger than 1 MiB",
		{"sweep", "-grid", "/dev/zero"}:     "/dev/zero: larger than 1 MiB",
		{"merge", "/dev/zero"}:              "/dev/zero:1: a line longer than 64 MiB",
		{"export", "/dev/zero"}:             "/dev/zero is neither a run's JSON nor a results file: it starts with '\\x00'",
		{"report", "-results", "/dev/zero"}: "/dev/zero:1: a line longer than 64 MiB",
		{"plan", "-costs", "/dev/zero"}:     "/dev/zero: larger than 64 MiB",
	} {
		code, _, errOut := runMain(*args...)
		require.Equal(t, 2, code, "%v: %s", *args, errOut)
		require.Contains(t, errOut, msg, *args)
		require.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %s", *args, errOut)
	}
	big := writeFile(t, t.TempDir(), "big.json", `{"case_note": "`+strings.Repeat("x", 50<<20)+`"}`)
	code, _, errOut := runMain("run", "-params", big)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "big.json: larger than 1 MiB")
	require.Less(t, len(errOut), 1000, "the content is not echoed")
}

// TestLinkedResultsShareTheLock: while one sweep writes x.jsonl, a second
// sweep given link.jsonl -> x.jsonl is refused at once (exit 2, naming the
// holder): the lock belongs to the file, not to the name, so no run is lost
// and no line is cut.
func TestLinkedResultsShareTheLock(t *testing.T) {
	dir := t.TempDir()
	x := filepath.Join(dir, "x.jsonl")
	link := filepath.Join(dir, "link.jsonl")
	require.NoError(t, os.Symlink("x.jsonl", link))
	held, err := filelock.Exclusive(x)
	require.NoError(t, err)
	defer held.Release()
	grid := writeFile(t, dir, "g.json", `{"case": "paper", "seeds": 2, "params": {"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [10], "lambda_points": [4], "sigma0": [0.01]}}`)
	code, _, errOut := runMain("sweep", "-quiet", "-grid", grid, "-out", link)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, link+" is in use by process")
	_, err = os.Stat(x)
	require.True(t, os.IsNotExist(err), "nothing was written to x.jsonl")
}

// TestDataSetsNeverMix: data -seed 2 into a directory that holds seed 1's
// set, stopped by SIGINT or SIGKILL as it starts writing, leaves seed 1's set
// exactly as it was (SIGINT: with a message saying so); finished, it replaces
// the set whole, its manifest naming seed 2.
func TestDataSetsNeverMix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "data")
	args := func(seed string) []string { return []string{"data", "-seed", seed, "-set", "d=1000", "-out", out} }
	require.NoError(t, exec.Command(bin, args("1")...).Run())
	snapshot := func() map[string]string {
		entries, err := os.ReadDir(out)
		require.NoError(t, err)
		files := map[string]string{}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(out, e.Name()))
			require.NoError(t, err)
			files[e.Name()] = string(data)
		}
		return files
	}
	seed1 := snapshot()
	require.Contains(t, seed1["manifest.json"], `"seed": 1,`)

	_, err, stderr := signalAt(t, exec.Command(bin, args("2")...), "data-drawn", syscall.SIGINT)
	require.Error(t, err)
	require.Contains(t, stderr, "modcomp: interrupted; nothing was written; "+out+" holds what it held before")
	require.Equal(t, seed1, snapshot(), "SIGINT: seed 1's set is untouched")
	staged, _ := filepath.Glob(filepath.Join(out, ".staging-*"))
	require.Empty(t, staged, "an interrupted set leaves nothing staged")

	_, err, _ = signalAt(t, exec.Command(bin, args("2")...), "data-drawn", syscall.SIGKILL)
	require.Error(t, err)
	require.Equal(t, seed1, snapshot(), "SIGKILL: seed 1's set is untouched")

	require.NoError(t, exec.Command(bin, args("2")...).Run())
	staged, _ = filepath.Glob(filepath.Join(out, ".staging-*"))
	require.Empty(t, staged, "the next writer removes what a killed one left staged")
	seed2 := snapshot()
	require.Contains(t, seed2["manifest.json"], `"seed": 2,`)
	require.Equal(t, len(seed1), len(seed2))
	for name := range seed1 {
		require.NotEqual(t, seed1[name], seed2[name], "%s is seed 2's", name)
	}
}

// TestExportReplacesTheWholeSet: export into a directory that holds a suite's
// tables replaces them whole (the suite's verdicts.csv is removed, not kept
// beside another run's tables) and says so.
func TestExportReplacesTheWholeSet(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "csv")
	code, js, errOut := runMain(append([]string{"run", "-json"}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	doc := writeFile(t, dir, "run.json", js)
	earlier := &export.Tables{Verdicts: [][]string{{"paper", "C1", "true"}}}
	_, err := earlier.Write(out)
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(out, "verdicts.csv"))
	code, stdout, errOut := runMain("export", "-out", out, doc)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, stdout, "replaced the earlier set of tables in "+out+" (metrics.csv, lambda.csv, classes.csv, verdicts.csv)")
	require.NoFileExists(t, filepath.Join(out, "verdicts.csv"))
	for _, name := range []string{"metrics.csv", "lambda.csv", "classes.csv"} {
		require.FileExists(t, filepath.Join(out, name))
	}
}

// TestSmallFindings: the trial's smaller findings, each as it was given.
func TestSmallFindings(t *testing.T) {
	dir := t.TempDir()
	// A suite's -json output is not a run's: export says what it is.
	suiteJSON := writeFile(t, dir, "suite.json", "{\n  \"size\": \"quick\",\n  \"cases\": []\n}\n")
	code, _, errOut := runMain("export", "-out", filepath.Join(dir, "csv"), suiteJSON)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "suite.json is a suite's -json output: it holds verdicts, not runs")
	require.NoDirExists(t, filepath.Join(dir, "csv"))

	// Two phase grids of one file name would share one results file.
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, os.MkdirAll(a, 0o755))
	require.NoError(t, os.MkdirAll(b, 0o755))
	grid := `{"case": "paper", "seeds": 1, "params": {"sigma0": [1e-7, 1e-5], "steps": [10, 20]}}`
	out := filepath.Join(dir, "phase")
	code, _, errOut = runMain("phase", "-quiet", "-grids", writeFile(t, a, "x.json", grid)+","+writeFile(t, b, "x.json", grid), "-out", out)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "-grids: two grids named x")
	require.NoDirExists(t, out, "nothing is created")

	// A number beyond float64's range is named as such.
	code, _, errOut = runMain("run", "-set", "sigma0=1e400")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "sigma0: must be a finite number, got 1e400 (beyond float64's range)")
}
