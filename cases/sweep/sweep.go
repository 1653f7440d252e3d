// Package sweep expands a grid of parameter values over a named case into
// (parameters, seed) runs, runs a deterministic shard of them, and appends one
// JSON line per finished run to a results file that can be resumed after an
// interruption and merged with the other shards' files.
package sweep

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
)

// Grid is the JSON description of a sweep:
//
//	{"case": "paper", "params": {"sigma0": [1e-7, 1e-6], "mu": [[0.1, 0.3], [0.1, 0.2]]}, "seeds": 3}
//
// Every key of params is a case parameter (as in -set) with a list of values;
// the sweep runs the cartesian product, in sorted key order, for seeds 1..Seeds.
type Grid struct {
	Case   string                       `json:"case"`
	Params map[string][]json.RawMessage `json:"params"`
	Seeds  int                          `json:"seeds"`
}

// Run is one (parameters, seed) point of a sweep.
type Run struct {
	// Index is the point's position in the expansion: combinations in order,
	// seeds innermost.
	Index int `json:"index"`
	// ID names the point independently of the file it is in.
	ID string `json:"id"`
	// Overrides are the grid's values for this point, by parameter key.
	Overrides map[string]json.RawMessage `json:"overrides"`
	Seed      uint64                     `json:"seed"`
	Params    param.Case                 `json:"params"`
}

// Line is one line of a results file.
type Line struct {
	Run
	Case   string     `json:"case"`
	Result result.Run `json:"result"`
}

// MaxRuns bounds the size of one sweep.
const MaxRuns = 1_000_000

// ParseGrid reads a grid and expands it. Unknown keys (in the grid or among the
// parameters), malformed JSON, empty value lists and parameter values that make
// an invalid case are rejected before anything runs, with the key and value named.
func ParseGrid(data []byte) (string, []Run, error) {
	var g Grid
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return "", nil, errors.New("grid: truncated or empty JSON")
		}
		return "", nil, fmt.Errorf("grid: %v", err)
	}
	if dec.More() {
		return "", nil, errors.New("grid: unexpected data after the object")
	}
	if g.Case == "" {
		return "", nil, errors.New("grid: missing field case")
	}
	c, err := cases.Lookup(g.Case)
	if err != nil {
		return "", nil, fmt.Errorf("grid: %w", err)
	}
	if g.Seeds < 1 || g.Seeds > MaxRuns {
		return "", nil, fmt.Errorf("grid: seeds must be in [1, %d], got %d", MaxRuns, g.Seeds)
	}
	keys := make([]string, 0, len(g.Params))
	known := map[string]bool{}
	for _, k := range param.Keys() {
		known[k] = true
	}
	total := g.Seeds
	for k, vals := range g.Params {
		if !known[k] {
			return "", nil, fmt.Errorf("grid: params.%s: unknown parameter (known: %s)", k, strings.Join(param.Keys(), ", "))
		}
		if len(vals) == 0 {
			return "", nil, fmt.Errorf("grid: params.%s: empty list of values", k)
		}
		if total > MaxRuns/len(vals) {
			return "", nil, fmt.Errorf("grid: more than %d runs", MaxRuns)
		}
		total *= len(vals)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var runs []Run
	idx := make([]int, len(keys))
	for {
		over := map[string]json.RawMessage{}
		var obj bytes.Buffer
		obj.WriteByte('{')
		for i, k := range keys {
			v := compact(g.Params[k][idx[i]])
			over[k] = v
			if i > 0 {
				obj.WriteByte(',')
			}
			fmt.Fprintf(&obj, "%q:%s", k, v)
		}
		obj.WriteByte('}')
		p, err := param.Decode(obj.Bytes(), c.Params)
		if err != nil {
			return "", nil, fmt.Errorf("grid: params %s: %w", obj.String(), err)
		}
		for s := 1; s <= g.Seeds; s++ {
			runs = append(runs, Run{Index: len(runs), ID: obj.String() + "/seed=" + strconv.Itoa(s),
				Overrides: over, Seed: uint64(s), Params: p})
		}
		i := len(keys) - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(g.Params[keys[i]]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			break
		}
	}
	return c.Name, runs, nil
}

func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}

// Shard is the share i of n of a sweep: the runs whose index ≡ i (mod n).
type Shard struct{ I, N int }

// ParseShard reads "i/n" with 0 ≤ i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("shard: want i/n with 0 ≤ i < n, got %q", s)
	}
	return Shard{I: i, N: n}, nil
}

// Select returns the runs of the shard.
func (sh Shard) Select(runs []Run) []Run {
	var out []Run
	for _, r := range runs {
		if r.Index%sh.N == sh.I {
			out = append(out, r)
		}
	}
	return out
}

// ReadLines reads a results file. A last line without its newline (a run cut
// short) is dropped; it returns the complete lines and the byte length they
// span. A complete line that does not parse is an error naming the line.
func ReadLines(r io.Reader, name string) ([]Line, int64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, err
	}
	end := bytes.LastIndexByte(data, '\n') + 1
	var lines []Line
	sc := bufio.NewScanner(bytes.NewReader(data[:end]))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if l.ID == "" {
			return nil, 0, fmt.Errorf("%s:%d: missing field id", name, n)
		}
		lines = append(lines, l)
	}
	return lines, int64(end), sc.Err()
}

// Execute runs every run not already in the results file at path, appending a
// line per finished run (written with one call and synced). It first truncates
// a partial last line left by an interrupted run. onRun, if not nil, is called
// after each run with the number done and the number to do.
func Execute(ctx context.Context, caseName string, runs []Run, path string, opt train.Options, onRun func(done, total int)) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, end, err := ReadLines(f, path)
	if err != nil {
		return err
	}
	if err := f.Truncate(end); err != nil {
		return err
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		return err
	}
	done := map[string]bool{}
	for _, l := range lines {
		done[l.ID] = true
	}
	var todo []Run
	for _, r := range runs {
		if !done[r.ID] {
			todo = append(todo, r)
		}
	}
	for i, r := range todo {
		res, err := train.Run(ctx, r.Params, r.Seed, opt)
		if err != nil {
			return fmt.Errorf("sweep run %d (%s): %w", r.Index, r.ID, err)
		}
		js, err := json.Marshal(Line{Run: r, Case: caseName, Result: res})
		if err != nil {
			return err
		}
		if _, err := f.Write(append(js, '\n')); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		if onRun != nil {
			onRun(i+1, len(todo))
		}
	}
	return nil
}

// Merge joins results files: one line per run ID (a duplicate must be
// identical), in index order.
func Merge(files map[string]io.Reader, names []string) ([]Line, error) {
	byID := map[string]Line{}
	raw := map[string]string{}
	for _, name := range names {
		lines, _, err := ReadLines(files[name], name)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			js, _ := json.Marshal(l)
			if prev, ok := raw[l.ID]; ok && prev != string(js) {
				return nil, fmt.Errorf("%s: run %s differs from an earlier file's", name, l.ID)
			}
			byID[l.ID], raw[l.ID] = l, string(js)
		}
	}
	out := make([]Line, 0, len(byID))
	for _, l := range byID {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out, nil
}
