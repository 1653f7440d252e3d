package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/filelock"
)

// tinyGrid has 2 × 2 parameter points and 2 seeds: 8 runs of a few ms each.
const tinyGrid = `{"case": "paper", "seeds": 2, "params": {
  "d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [20], "lambda_points": [4],
  "sigma0": [0.001, 0.01], "mu": [[0.1, 0.3], [0.2, 0.2]]}}`

func expand(t *testing.T) *Sweep {
	t.Helper()
	sw, err := ParseGrid([]byte(tinyGrid))
	require.NoError(t, err)
	return sw
}

func readAll(t *testing.T, path string) []Line {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	res, err := Read(f, path)
	require.NoError(t, err)
	return res.Lines
}

func opts(workers int) Options {
	return Options{Train: train.Options{Workers: workers}, Revision: "test"}
}

func encode(t *testing.T, lines []Line) string {
	t.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		js, err := json.Marshal(l)
		require.NoError(t, err)
		b.Write(append(js, '\n'))
	}
	return b.String()
}

func TestExpansion(t *testing.T) {
	sw := expand(t)
	runs := sw.Runs
	require.Equal(t, "paper", sw.Case)
	require.Len(t, runs, 8)
	require.Equal(t, `{"d":40,"k":4,"lambda_points":4,"m":2,"mu":[0.1,0.3],"n":30,"n_test":50,"sigma0":0.001,"steps":20}/seed=1`, runs[0].ID)
	require.Equal(t, uint64(2), runs[1].Seed)
	require.Equal(t, 0.01, runs[2].Params.Sigma0)
	require.Equal(t, []float64{0.2, 0.2}, runs[4].Params.Mu)
	for i, r := range runs {
		require.Equal(t, i, r.Index)
	}
}

// TestShardsMergeToTheUnshardedSweep runs the grid whole and as two shards, and
// requires the merged shards to equal the whole run byte for byte.
func TestShardsMergeToTheUnshardedSweep(t *testing.T) {
	sw := expand(t)
	runs := sw.Runs
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.jsonl")
	require.NoError(t, Execute(context.Background(), sw, runs, whole, opts(1)))
	var names []string
	files := map[string]io.Reader{}
	for i := 0; i < 2; i++ {
		path := filepath.Join(dir, "shard"+string(rune('0'+i))+".jsonl")
		shard := Shard{I: i, N: 2}
		require.NoError(t, Execute(context.Background(), sw, shard.Select(runs), path, opts(2)))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		names = append(names, path)
		files[path] = bytes.NewReader(data)
	}
	merged, err := Merge(files, names, false)
	require.NoError(t, err)
	require.Equal(t, encode(t, readAll(t, whole)), encode(t, merged))
	require.Len(t, merged, len(runs))
}

// TestResumeAfterCutLine cuts the results file in the middle of a line, as a
// kill during a write would, and checks that resuming loses and duplicates nothing.
func TestResumeAfterCutLine(t *testing.T) {
	sw := expand(t)
	runs := sw.Runs
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.jsonl")
	require.NoError(t, Execute(context.Background(), sw, runs, ref, opts(0)))
	full, err := os.ReadFile(ref)
	require.NoError(t, err)

	cut := filepath.Join(dir, "cut.jsonl")
	lines := strings.SplitAfter(string(full), "\n")
	partial := strings.Join(lines[:3], "") + lines[3][:len(lines[3])/2]
	require.NoError(t, os.WriteFile(cut, []byte(partial), 0o644))
	ran := 0
	o := opts(0)
	o.OnRun = func(done, total int) { ran = total }
	require.NoError(t, Execute(context.Background(), sw, runs, cut, o))
	require.Equal(t, len(runs)-3, ran, "only the missing runs are run again")
	resumed, err := os.ReadFile(cut)
	require.NoError(t, err)
	// Lines are appended as runs finish, in an order the queue's timing
	// decides; the lines themselves are the same bytes.
	sorted := func(b []byte) []string {
		ls := strings.SplitAfter(string(b), "\n")
		slices.Sort(ls)
		return ls
	}
	require.Equal(t, sorted(full), sorted(resumed))
}

func TestGridRejectsBadInput(t *testing.T) {
	tests := []struct{ grid, want string }{
		{`{"case": "paper", "seeds": 1, "params": {"colour": [1]}}`, "grid: params.colour: unknown parameter"},
		{`{"case": "paper", "seeds": 1, "size": 3}`, `grid: size: unknown key (known: case, params, points, seeds)`},
		{`{"case": "paper", "Seeds": 1}`, `grid: Seeds: unknown key; did you mean "seeds"?`},
		{`{"case": "paper", "seeds": 1, "params": {"K": [5]}}`, `grid: params.K: unknown parameter; did you mean "k"?`},
		{`{"case": "paper", "seeds": 1, "seeds": 2}`, "grid: seeds: key appears twice"},
		{`{"case": "paper", "seeds": 1, "params": {"k": [4], "k": [5]}}`, "grid: params.k: key appears twice"},
		{`{"case": "paper", "seeds": 1, "params": {"k": null}}`, "grid: params.k: null is not a value"},
		{`{"case": "paper", "seeds": 1, "params": {"k": [4, null]}}`, "grid: params.k[1]: null is not a value"},
		{`{"case": null, "seeds": 1}`, "grid: case: null is not a value"},
		{`[{"case": "paper"}]`, "grid: want a grid object such as"},
		{`{"case": "paper", "seeds": 1, "params": [1]}`, "grid: params: want an object of parameter value lists"},
		{`{"case": "paper", "seeds": 1, "params": {"k": 4}}`, "grid: params.k: want a list of values, each a whole number, got a number"},
		{`{"case": "paper", "seeds": 1, "params": {"k": ["four"]}}`, `grid: params.k[0]: k: want a whole number, got a string "four"`},
		{`{"case": "paper", "seeds": 1, "params": {"steps": [12, 12.0, 1.2e1]}}`, "grid: params.steps: 12 and 12.0 are the same value 12"},
		{`{"case": "paper", "seeds": 1, "params": {"sigma0": [1e-7, 0.0000001]}}`, "grid: params.sigma0: 1e-7 and 0.0000001 are the same value"},
		{`{"case": "paper", "seeds": 1000, "params": {"steps": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101]}}`, "grid: more than 100000 runs"},
		{`{"case": "paper", "seeds": 1, "params": {"k": []}}`, "grid: params.k: empty list of values"},
		{`{"case": "paper", "seeds": 1, "params": {"k": [1]}}`, `grid: params {"k":1}: k: must be ≥ 2, got 1`},
		{`{"case": "paper", "seeds": 1, "params": {"mu": [[0.7, 0.6]]}}`, "mu: exclusive pattern needs Σμ ≤ 1"},
		{`{"case": "paper", "seeds": 0}`, "grid: seeds must be in [1, 100000], got 0"},
		{`{"case": "nope", "seeds": 1}`, `grid: unknown case "nope"`},
		{`{"seeds": 1}`, "grid: missing field case"},
		{`{"case": "paper", "seeds": 1`, "grid: truncated or empty JSON"},
		{`{"case": "paper", "seeds": "many"}`, "grid: seeds: want a whole number, got a string"},
		{`{"case": "paper", "seeds": 1, "points": []}`, "grid: points: want a non-empty list of objects of parameters"},
		{`{"case": "paper", "seeds": 1, "points": [3]}`, "grid: points[0]: want an object of parameters, got a number"},
		{`{"case": "paper", "seeds": 1, "points": [{"Method": "joint"}]}`, `grid: points[0].Method: unknown parameter; did you mean "method"?`},
		{`{"case": "paper", "seeds": 1, "params": {"eta": [1, 2]}, "points": [{"eta": 3}]}`, "grid: points[0].eta: params varies eta too"},
		{`{"case": "paper", "seeds": 1, "points": [{"alpha": 0.5, "method": "ogm-ge"}, {"method": "ogm-ge", "alpha": 5e-1}]}`, "grid: points[1] repeats points[0]"},
		{`{"case": "paper", "seeds": 1, "points": [{"method": "moddrop", "alpha": 0.5}]}`, "alpha: is a setting of method ogm-ge, not of moddrop"},
	}
	for _, tc := range tests {
		_, err := ParseGrid([]byte(tc.grid))
		require.ErrorContains(t, err, tc.want, tc.grid)
	}
	for _, s := range []string{"2/2", "-1/2", "1", "a/b", "0/0"} {
		_, err := ParseShard(s)
		require.ErrorContains(t, err, "shard: want i/n with 0 ≤ i < n", s)
	}
}

func TestMergeRejectsConflicts(t *testing.T) {
	line := func(seed int) string {
		return fmt.Sprintf(`{"index":0,"id":"x","key":"k1","grid":"g1","revision":"r","seed":1,"case":"paper","result":{"seed":%d}}`, seed) + "\n"
	}
	merge := func(contents ...string) error {
		files := map[string]io.Reader{}
		var names []string
		for i, c := range contents {
			name := string(rune('a' + i))
			files[name] = strings.NewReader(c)
			names = append(names, name)
		}
		_, err := Merge(files, names, false)
		return err
	}
	require.ErrorContains(t, merge(line(1), line(2)), "b: run x differs from an earlier file's")
	require.ErrorContains(t, merge("{bad}\n"), "a:1:")
	require.ErrorContains(t, merge(line(1)+line(1)[:20]), "a: the last line is cut (20 bytes without a newline)")
	require.ErrorContains(t, merge(line(1), strings.Replace(line(1), `"g1"`, `"g2"`, 1)), "b: line 1 is a run of case paper, grid g2; these are runs of case paper, grid g1")
	require.ErrorContains(t, merge(line(1), strings.Replace(line(1), `"paper"`, `"k20"`, 1)), "b: line 1 is a run of case k20")
	require.ErrorContains(t, merge(line(1), strings.Replace(line(1), `"r"`, `"s"`, 1)), "b: line 1 was run by revision s, not r")
	require.ErrorContains(t, merge(`{"index":0,"id":"x","seed":1,"case":"paper","result":{"seed":1}}`+"\n"), "a:1: missing field grid")
	withContract := func(l, c string) string {
		return strings.Replace(l, `"revision":"r"`, `"revision":"r","provenance":{"kernel_contract":"`+c+`"}`, 1)
	}
	other := strings.Replace(strings.Replace(line(2), `"k1"`, `"k2"`, 1), `"id":"x"`, `"id":"y"`, 1)
	require.ErrorContains(t, merge(withContract(line(1), "fma-ascending-v1"), withContract(other, "fma-other")),
		"b: line 1 was run under kernel contract fma-other, not fma-ascending-v1")
	require.NoError(t, merge(withContract(line(1), "c"), withContract(other, "c")))
	var mm *MismatchError
	require.ErrorAs(t, merge(line(1), line(2)), &mm)

	// One point and seed under two parameter sets (two builds whose case
	// defaults differ) are refused even with force: a report would count
	// the seed twice.
	twice := strings.Replace(line(1), `"k1"`, `"k2"`, 1)
	require.ErrorContains(t, merge(line(1), twice), "b: line 1 runs x with other parameters than an earlier line (keys k1 and k2")
	_, err := Merge(map[string]io.Reader{"a": strings.NewReader(line(1)), "b": strings.NewReader(strings.Replace(twice, `"r"`, `"s"`, 1))}, []string{"a", "b"}, true)
	require.ErrorContains(t, err, "even with -force")

	// Lines of unknown builds combine with nothing, not even each other.
	unknown := strings.Replace(line(1), `"revision":"r"`, `"revision":"unknown"`, 1)
	require.ErrorContains(t, merge(unknown), "a: line 1 was run by a build of unknown revision")
	require.ErrorContains(t, merge(line(1), strings.Replace(other, `"revision":"r"`, `"revision":""`, 1)), "b: line 1 was run by a build of unknown revision")
	_, err = Merge(map[string]io.Reader{"a": strings.NewReader(unknown)}, []string{"a"}, true)
	require.NoError(t, err, "-force accepts them")
}

// TestGridPointsAreCanonical writes one grid three ways: the same runs, the
// same grid ID, the same run keys.
func TestGridPointsAreCanonical(t *testing.T) {
	var ids, keys []string
	for _, g := range []string{
		`{"case": "paper", "seeds": 2, "params": {"steps": [12], "sigma0": [1e-7, 2e-7]}}`,
		`{"params": {"sigma0": [0.0000001, 2.0e-7], "steps": [12.0]}, "seeds": 2, "case": "paper"}`,
		`{"case": "paper", "seeds": 2, "params": {"steps": [1.2e1], "sigma0": [1E-7, 0.2e-6]}}`,
	} {
		sw, err := ParseGrid([]byte(g))
		require.NoError(t, err, g)
		require.Len(t, sw.Runs, 4)
		ids = append(ids, sw.ID)
		keys = append(keys, sw.Runs[3].Key+" "+sw.Runs[3].ID)
	}
	require.Equal(t, ids[0], ids[1])
	require.Equal(t, ids[0], ids[2])
	require.Equal(t, keys[0], keys[1])
	require.Equal(t, keys[0], keys[2])
	require.Equal(t, `{"sigma0":2e-7,"steps":12}/seed=2`, strings.Fields(keys[0])[1])
	other, err := ParseGrid([]byte(`{"case": "strong-modality", "seeds": 2, "params": {"steps": [12], "sigma0": [1e-7, 2e-7]}}`))
	require.NoError(t, err)
	require.NotEqual(t, ids[0], other.ID, "another case is another grid")
	require.NotEqual(t, strings.Fields(keys[0])[0], other.Runs[3].Key, "and its runs are other runs")

	// −0 is 0 and an empty choice is the choice it stands for: one run is
	// never stored under two names.
	a, err := ParseGrid([]byte(`{"case": "paper", "seeds": 1, "params": {"spike_prob": [0], "method": ["joint"], "activation": ["smooth"]}}`))
	require.NoError(t, err)
	b, err := ParseGrid([]byte(`{"case": "paper", "seeds": 1, "params": {"spike_prob": [-0], "method": [""], "activation": [""]}}`))
	require.NoError(t, err)
	require.Equal(t, a.ID, b.ID)
	require.Equal(t, a.Runs[0].Key, b.Runs[0].Key)
	require.Equal(t, a.Runs[0].ID, b.Runs[0].ID)
	_, err = ParseGrid([]byte(`{"case": "paper", "seeds": 1, "params": {"spike_prob": [0, -0]}}`))
	require.Error(t, err, "0 and −0 are one value listed twice")
}

// TestResumeRefusesAnotherGrid points a sweep of one case at a results file
// of another: it must refuse before running anything, and leave the file as
// it was.
func TestResumeRefusesAnotherGrid(t *testing.T) {
	sw := expand(t)
	path := filepath.Join(t.TempDir(), "r.jsonl")
	require.NoError(t, Execute(context.Background(), sw, sw.Runs[:2], path, opts(0)))
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	other, err := ParseGrid([]byte(strings.Replace(tinyGrid, `"paper"`, `"strong-modality"`, 1)))
	require.NoError(t, err)
	ran := 0
	o := opts(0)
	o.OnRun = func(int, int) { ran++ }
	err = Execute(context.Background(), other, other.Runs, path, o)
	var mm *MismatchError
	require.ErrorAs(t, err, &mm)
	require.ErrorContains(t, err, "line 1 is a run of case paper")
	require.Zero(t, ran)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(before), string(after))

	o = opts(0)
	o.Revision = "another"
	require.ErrorContains(t, Execute(context.Background(), sw, sw.Runs, path, o), "line 1 was run by revision test, not another")
	o.Force = true
	require.NoError(t, Execute(context.Background(), sw, sw.Runs[:3], path, o), "-force resumes across revisions")
	require.Len(t, readAll(t, path), 3)
}

// TestSecondWriterIsRefused holds a results file with one writer and starts a
// second on it: the second fails at once, naming the first, and the file
// stays valid.
func TestSecondWriterIsRefused(t *testing.T) {
	sw := expand(t)
	path := filepath.Join(t.TempDir(), "r.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started, release := make(chan struct{}), make(chan struct{})
	finished := make(chan error)
	o := opts(1)
	o.OnRun = func(done, total int) {
		if done == 1 {
			close(started)
			// Hold the lock until the second writer has tried and the
			// queue's context is cancelled. (Waiting on ctx.Done() itself
			// raced: a parent context's Done closes before its children
			// are cancelled, and in that window the worker could finish a
			// second run and write its line.)
			<-release
		}
	}
	go func() { finished <- Execute(ctx, sw, sw.Runs, path, o) }()
	<-started
	err := Execute(context.Background(), sw, sw.Runs, path, opts(1))
	var held *filelock.HeldError
	require.ErrorAs(t, err, &held)
	require.ErrorContains(t, err, fmt.Sprintf("in use by process %d", os.Getpid()))
	_, err = MergeFiles([]string{path}, false)
	require.ErrorAs(t, err, &held, "merge does not read a file being written")
	cancel() // returns once every context derived from ctx is cancelled too
	close(release)
	require.ErrorIs(t, <-finished, context.Canceled)
	lines := readAll(t, path)
	require.Len(t, lines, 1, "the first writer's line, and nothing from the second")
	merged, err := MergeFiles([]string{path}, false)
	require.NoError(t, err)
	require.Len(t, merged, 1)
}

// TestGridPoints expands a grid whose points set a method and its settings
// together, crossed with a varied parameter.
func TestGridPoints(t *testing.T) {
	sw, err := ParseGrid([]byte(`{"case": "paper", "seeds": 2, "params": {"steps": [10, 20]},
		"points": [{"method": "joint"}, {"method": "ogm-ge", "alpha": 0.5}, {"method": "moddrop", "p_drop": 0.25}]}`))
	require.NoError(t, err)
	require.Len(t, sw.Runs, 2*3*2)
	require.Equal(t, `{"alpha":0.5,"method":"ogm-ge","steps":10}/seed=1`, sw.Runs[2].ID)
	require.Equal(t, 0.5, sw.Runs[2].Params.Alpha)
	require.Equal(t, "moddrop", sw.Runs[4].Params.Method)
	require.Equal(t, 20, sw.Runs[6].Params.Steps)
	old, err := ParseGrid([]byte(`{"case": "paper", "seeds": 2, "params": {"steps": [10, 20]}}`))
	require.NoError(t, err)
	require.NotContains(t, old.Canonical, "points", "a grid without points keeps its canonical form, and its ID")
}
