package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/train"
)

// tinyGrid has 2 × 2 parameter points and 2 seeds: 8 runs of a few ms each.
const tinyGrid = `{"case": "paper", "seeds": 2, "params": {
  "d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [20], "lambda_points": [4],
  "sigma0": [0.001, 0.01], "mu": [[0.1, 0.3], [0.2, 0.2]]}}`

func expand(t *testing.T) (string, []Run) {
	t.Helper()
	name, runs, err := ParseGrid([]byte(tinyGrid))
	require.NoError(t, err)
	return name, runs
}

func readAll(t *testing.T, path string) []Line {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	lines, _, err := ReadLines(f, path)
	require.NoError(t, err)
	return lines
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
	name, runs := expand(t)
	require.Equal(t, "paper", name)
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
	name, runs := expand(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.jsonl")
	require.NoError(t, Execute(context.Background(), name, runs, whole, train.Options{Workers: 1}, nil))
	var names []string
	files := map[string]io.Reader{}
	for i := 0; i < 2; i++ {
		path := filepath.Join(dir, "shard"+string(rune('0'+i))+".jsonl")
		shard := Shard{I: i, N: 2}
		require.NoError(t, Execute(context.Background(), name, shard.Select(runs), path, train.Options{Workers: 2}, nil))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		names = append(names, path)
		files[path] = bytes.NewReader(data)
	}
	merged, err := Merge(files, names)
	require.NoError(t, err)
	require.Equal(t, encode(t, readAll(t, whole)), encode(t, merged))
	require.Len(t, merged, len(runs))
}

// TestResumeAfterCutLine cuts the results file in the middle of a line, as a
// kill during a write would, and checks that resuming loses and duplicates nothing.
func TestResumeAfterCutLine(t *testing.T) {
	name, runs := expand(t)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.jsonl")
	require.NoError(t, Execute(context.Background(), name, runs, ref, train.Options{}, nil))
	full, err := os.ReadFile(ref)
	require.NoError(t, err)

	cut := filepath.Join(dir, "cut.jsonl")
	lines := strings.SplitAfter(string(full), "\n")
	partial := strings.Join(lines[:3], "") + lines[3][:len(lines[3])/2]
	require.NoError(t, os.WriteFile(cut, []byte(partial), 0o644))
	ran := 0
	require.NoError(t, Execute(context.Background(), name, runs, cut, train.Options{}, func(done, total int) { ran = total }))
	require.Equal(t, len(runs)-3, ran, "only the missing runs are run again")
	resumed, err := os.ReadFile(cut)
	require.NoError(t, err)
	require.Equal(t, string(full), string(resumed))
}

func TestGridRejectsBadInput(t *testing.T) {
	tests := []struct{ grid, want string }{
		{`{"case": "paper", "seeds": 1, "params": {"colour": [1]}}`, "grid: params.colour: unknown parameter"},
		{`{"case": "paper", "seeds": 1, "size": 3}`, `grid: json: unknown field "size"`},
		{`{"case": "paper", "seeds": 1, "params": {"k": []}}`, "grid: params.k: empty list of values"},
		{`{"case": "paper", "seeds": 1, "params": {"k": [1]}}`, `grid: params {"k":1}: k: must be ≥ 2, got 1`},
		{`{"case": "paper", "seeds": 1, "params": {"mu": [[0.7, 0.6]]}}`, "mu: exclusive pattern needs Σμ ≤ 1"},
		{`{"case": "paper", "seeds": 0}`, "grid: seeds must be in [1, 1000000], got 0"},
		{`{"case": "nope", "seeds": 1}`, `grid: unknown case "nope"`},
		{`{"seeds": 1}`, "grid: missing field case"},
		{`{"case": "paper", "seeds": 1`, "grid: truncated or empty JSON"},
		{`{"case": "paper", "seeds": "many"}`, "grid: json: cannot unmarshal string"},
	}
	for _, tc := range tests {
		_, _, err := ParseGrid([]byte(tc.grid))
		require.ErrorContains(t, err, tc.want, tc.grid)
	}
	for _, s := range []string{"2/2", "-1/2", "1", "a/b", "0/0"} {
		_, err := ParseShard(s)
		require.ErrorContains(t, err, "shard: want i/n with 0 ≤ i < n", s)
	}
}

func TestMergeRejectsConflicts(t *testing.T) {
	a := `{"index":0,"id":"x","seed":1,"case":"paper","result":{"seed":1}}` + "\n"
	b := `{"index":0,"id":"x","seed":1,"case":"paper","result":{"seed":2}}` + "\n"
	_, err := Merge(map[string]io.Reader{"a": strings.NewReader(a), "b": strings.NewReader(b)}, []string{"a", "b"})
	require.ErrorContains(t, err, "b: run x differs from an earlier file's")
	_, err = Merge(map[string]io.Reader{"a": strings.NewReader("{bad}\n")}, []string{"a"})
	require.ErrorContains(t, err, "a:1:")
}
