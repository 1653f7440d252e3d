package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tiny makes the default case small enough for a unit test.
var tiny = []string{"-set", "k=4", "-set", "m=3", "-set", "d=60", "-set", "n=80", "-set", "n_test=100",
	"-set", "sigma0=0.01", "-set", "eta=1", "-set", "steps=40", "-set", "lambda_points=5"}

func runMain(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRunJSONShape(t *testing.T) {
	code, out, errOut := runMain(append([]string{"run", "-json", "-seeds", "2"}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Equal(t, "paper", doc["case"])
	require.Contains(t, doc, "params")
	runs := doc["runs"].([]any)
	require.Len(t, runs, 2)
	run := runs[1].(map[string]any)
	require.EqualValues(t, 2, run["seed"])
	for _, key := range []string{"joint", "uni", "probe", "lambda", "winner", "learned", "predicted_winner"} {
		require.Contains(t, run, key)
	}
	for _, key := range []string{"train_error", "test_error", "test_error_by_class", "final_loss"} {
		require.Contains(t, run["joint"], key)
	}
	uni := run["uni"].([]any)
	require.Len(t, uni, 2)
	for _, key := range []string{"modality", "train_error", "test_error", "test_error_by_class"} {
		require.Contains(t, uni[0], key)
	}
	lambda := run["lambda"].(map[string]any)
	steps := lambda["steps"].([]any)
	joint := lambda["joint"].([]any)
	require.Len(t, joint, 2)
	require.Len(t, joint[0], 4)
	require.Len(t, joint[0].([]any)[0], len(steps))
	require.Len(t, run["winner"], 4)
}

func TestRunTableAndOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := runMain(append([]string{"run", "-seed", "7", "-out", dir}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "seed 7")
	require.Contains(t, out, "probe 1")
	require.Contains(t, out, "winner")
	for _, name := range []string{"run.json", "summary.md"} {
		_, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
	}
	entries, _ := os.ReadDir(dir)
	require.Len(t, entries, 2, "no temporary files are left behind")
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, 2, "usage: modcomp"},
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"unknown case", []string{"run", "-case", "nope"}, 2, `unknown case "nope"`},
		{"invalid parameter", []string{"run", "-set", "k=1"}, 2, "modcomp: k: must be ≥ 2, got 1\n"},
		{"unknown parameter", []string{"run", "-set", "colour=red"}, 2, "colour: unknown parameter"},
		{"bad flag", []string{"run", "-frobnicate"}, 2, "flag provided but not defined"},
		{"bad memory size", []string{"run", "-max-memory", "lots"}, 2, `want a positive size such as 8GiB or 500MB, got "lots"`},
		{"seed and seeds", []string{"run", "-seed", "1", "-seeds", "2"}, 2, "-seeds and -seed are exclusive"},
		{"diverging run", append(append([]string{"run"}, tiny...), "-set", "eta=1e200"), 1, "case paper: seed 1: joint net: step 1: loss"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runMain(tc.args...)
			require.Equal(t, tc.code, code)
			require.Contains(t, errOut, tc.msg)
			if tc.code == 2 && len(tc.args) > 1 && tc.name != "bad flag" && tc.name != "bad memory size" {
				require.Equal(t, 1, strings.Count(errOut, "\n"), "one line on stderr: %q", errOut)
			}
		})
	}
}

func TestCasesLists(t *testing.T) {
	code, out, _ := runMain("cases")
	require.Equal(t, 0, code)
	require.Contains(t, out, "paper")
}

// TestRunWithEmptyTestClasses uses a one-sample test set, so most classes have no
// test sample: the JSON must still encode (no NaN), marking them with −1.
func TestRunWithEmptyTestClasses(t *testing.T) {
	code, out, errOut := runMain(append(append([]string{"run", "-json"}, tiny...), "-set", "n_test=1")...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "-1")
	code, out, errOut = runMain(append(append([]string{"run"}, tiny...), "-set", "n_test=1")...)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "–")
}

// TestHelpPrintsUsageOnly: "<command> -h" prints the command's flags and exits
// 0 without doing the command's work (a suite or sweep would take minutes and
// write files).
func TestHelpPrintsUsageOnly(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range commands() {
		code, out, errOut := runMain(c.Name, "-h")
		require.Equal(t, 0, code, "%s -h: %s", c.Name, errOut)
		require.Empty(t, out, "%s -h writes nothing on stdout", c.Name)
		require.Contains(t, errOut, "Usage of "+c.Name, "%s -h prints its flags", c.Name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "no command wrote a file")
}

// TestHelpConventions: help in every usual spelling prints the usage on
// stdout and exits 0; help COMMAND prints the command's flags.
func TestHelpConventions(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}} {
		code, out, errOut := runMain(args...)
		require.Equal(t, 0, code, "%v: %s", args, errOut)
		require.Contains(t, out, "usage: modcomp <command>", "%v", args)
		for _, c := range commands() {
			require.Contains(t, out, "  "+c.Name+" ", "%v lists %s", args, c.Name)
		}
	}
	code, out, _ := runMain("help", "sweep")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Usage of sweep")
	require.Contains(t, out, "-grid")
	code, _, errOut := runMain("help", "fly")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `unknown command "fly"`)

	// Every command's summary starts in the same column.
	_, out, _ = runMain("help")
	col := -1
	for _, line := range strings.Split(out, "\n") {
		for _, c := range commands() {
			if strings.HasPrefix(line, "  "+c.Name+" ") {
				i := strings.Index(line, c.Summary)
				if col < 0 {
					col = i
				}
				require.Equal(t, col, i, "aligned: %q", line)
			}
		}
	}
}

// TestDocCommentListsEveryCommand keeps the package documentation in step
// with the commands.
func TestDocCommentListsEveryCommand(t *testing.T) {
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	doc, _, _ := strings.Cut(string(src), "package main")
	for _, c := range commands() {
		require.Contains(t, doc, "modcomp "+c.Name, "the doc comment lists %s", c.Name)
	}
}

// TestNewcomerFrictions: `cases` keeps its columns aligned, `data` offers no
// -seeds it would refuse, -max-memory's help names its default once, and a
// sweep says what it wrote when it finishes.
func TestNewcomerFrictions(t *testing.T) {
	code, out, _ := runMain("cases")
	require.Equal(t, 0, code)
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, _, _ := strings.Cut(line, " ")
		rest := strings.TrimLeft(line[len(name):], " ")
		at := len(line) - len(rest)
		if col < 0 {
			col = at
		}
		require.Equal(t, col, at, "summaries start in one column: %q", line)
	}

	code, _, errOut := runMain("data", "-h")
	require.Equal(t, 0, code)
	require.NotContains(t, errOut, "-seeds")
	require.Contains(t, errOut, "-seed ")
	require.Equal(t, 1, strings.Count(errOut, "(default: the "), "one default for -max-memory:\n%s", errOut)
	require.NotContains(t, errOut, "GiB) (default")

	grid := writeFile(t, t.TempDir(), "g.json", `{"case": "paper", "seeds": 2, "params": {"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [10], "lambda_points": [4], "sigma0": [0.01]}}`)
	results := filepath.Join(t.TempDir(), "r.jsonl")
	code, _, errOut = runMain("sweep", "-grid", grid, "-out", results)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "sweep: "+results+" holds the 2 runs of this shard (2 run now, 0 there before)")
	code, _, errOut = runMain("sweep", "-grid", grid, "-out", results)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "(0 run now, 2 there before)")
}
