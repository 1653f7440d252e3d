// Package sweep expands a grid of parameter values over a named case into
// (parameters, seed) runs, runs a deterministic shard of them, and appends one
// JSON line per finished run to a results file that can be resumed after an
// interruption and merged with the other shards' files.
package sweep

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/queue"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/internal/strictjson"
)

// Grid is the JSON description of a sweep:
//
//	{"case": "paper", "params": {"sigma0": [1e-7, 1e-6], "mu": [[0.1, 0.3], [0.1, 0.2]]}, "seeds": 3}
//
// Every key of params is a case parameter (as in -set, case-sensitive) with a
// list of values; the sweep runs the cartesian product, in sorted key order,
// for seeds 1..Seeds. points, when present, lists points that set several
// parameters together (such as a training method and its own settings,
// {"method": "ogm-ge", "alpha": 0.5}); each combination of params runs at
// every point, in the listed order.
type Grid struct {
	Case   string                       `json:"case"`
	Params map[string][]json.RawMessage `json:"params"`
	Points []map[string]json.RawMessage `json:"points,omitempty"`
	Seeds  int                          `json:"seeds"`
}

// Sweep is a parsed, canonicalised grid and its runs.
type Sweep struct {
	// Case is the named case the grid varies.
	Case string
	// ID identifies the grid: a hash of its canonical form (the case, every
	// key's values in canonical JSON, the seeds). Two grid files that describe
	// the same runs, however their numbers are written, have the same ID.
	ID string
	// Canonical is the canonical JSON of the grid that ID hashes.
	Canonical string
	// Runs are the grid's points, combinations in order, seeds innermost.
	Runs []Run
}

// Run is one (parameters, seed) point of a sweep.
type Run = result.Point

// Line is one line of a results file: a run, where it comes from, and its
// result.
type Line = result.Line

// MaxRuns bounds the size of one sweep (its runs are expanded in memory).
const MaxRuns = 100_000

// gridKeys are the keys of a grid document.
var gridKeys = []string{"case", "params", "points", "seeds"}

// ParseGrid reads a grid and expands it. Unknown keys (in the grid or among the
// parameters, compared case-sensitively), keys written twice, null values,
// malformed JSON, empty value lists, a value listed twice (12, 12.0 and 1.2e1
// are one value) and parameter values that make an invalid case are rejected
// before anything runs, with the key and value named.
func ParseGrid(data []byte) (*Sweep, error) {
	fields, err := strictjson.Object(data, `a grid object such as {"case": "paper", "seeds": 3, "params": {"sigma0": [1e-7, 1e-6]}}`, "key", gridKeys)
	if err != nil {
		return nil, describe(err)
	}
	var g Grid
	c, err := parseHead(fields, &g)
	if err != nil {
		return nil, err
	}
	keys, total, err := parseParams(fields, &g)
	if err != nil {
		return nil, err
	}
	if raw, ok := fields["points"]; ok {
		if g.Points, err = parsePoints(raw, g.Params); err != nil {
			return nil, err
		}
		if total > MaxRuns/len(g.Points) {
			return nil, fmt.Errorf("grid: more than %d runs", MaxRuns)
		}
	}
	canon, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	sw := &Sweep{Case: c.Name, Canonical: string(canon), ID: hash(canon)}
	if sw.Runs, err = expandRuns(c, &g, keys); err != nil {
		return nil, err
	}
	return sw, nil
}

// parseHead reads a grid's case and seeds into g and returns the case.
func parseHead(fields map[string]json.RawMessage, g *Grid) (cases.Case, error) {
	if raw, ok := fields["case"]; !ok {
		return cases.Case{}, errors.New("grid: missing field case")
	} else if json.Unmarshal(raw, &g.Case) != nil {
		return cases.Case{}, fmt.Errorf("grid: case: want a case name (a string), got %s", strictjson.Kind(raw))
	}
	c, err := cases.Lookup(g.Case)
	if err != nil {
		return cases.Case{}, fmt.Errorf("grid: %w", err)
	}
	if raw, ok := fields["seeds"]; !ok {
		return cases.Case{}, errors.New("grid: missing field seeds")
	} else if json.Unmarshal(raw, &g.Seeds) != nil {
		return cases.Case{}, fmt.Errorf("grid: seeds: want a whole number, got %s", strictjson.Kind(raw))
	}
	if g.Seeds < 1 || g.Seeds > MaxRuns {
		return cases.Case{}, fmt.Errorf("grid: seeds must be in [1, %d], got %d", MaxRuns, g.Seeds)
	}
	return c, nil
}

// parseParams reads a grid's params, each a list of distinct canonical
// values, into g.Params; it returns their keys in order and the runs of the
// grid without points (seeds × the product of the lists' lengths).
func parseParams(fields map[string]json.RawMessage, g *Grid) ([]string, int, error) {
	var params map[string]json.RawMessage
	if raw, ok := fields["params"]; ok {
		if json.Unmarshal(raw, &params) != nil {
			return nil, 0, fmt.Errorf("grid: params: want an object of parameter value lists such as {\"sigma0\": [1e-7, 1e-6]}, got %s", strictjson.Kind(raw))
		}
		if err := strictjson.Keys(params, "params.", "parameter", param.Keys()); err != nil {
			return nil, 0, describe(err)
		}
	}
	g.Params = map[string][]json.RawMessage{}
	keys := make([]string, 0, len(params))
	total := g.Seeds
	for k, raw := range params {
		vals, err := parseValues(k, raw)
		if err != nil {
			return nil, 0, err
		}
		if total > MaxRuns/len(vals) {
			return nil, 0, fmt.Errorf("grid: more than %d runs", MaxRuns)
		}
		total *= len(vals)
		g.Params[k] = vals
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, total, nil
}

// parseValues reads the list of values of parameter k: non-empty, each
// canonical, none listed twice.
func parseValues(k string, raw json.RawMessage) ([]json.RawMessage, error) {
	var vals []json.RawMessage
	if json.Unmarshal(raw, &vals) != nil {
		return nil, fmt.Errorf("grid: params.%s: want a list of values, each %s, got %s", k, param.Shape(k), strictjson.Kind(raw))
	}
	if len(vals) == 0 {
		return nil, fmt.Errorf("grid: params.%s: empty list of values", k)
	}
	seen := map[string]string{}
	for i, v := range vals {
		cv, err := param.Canonical(k, v)
		if err != nil {
			return nil, fmt.Errorf("grid: params.%s[%d]: %w", k, i, err)
		}
		if prev, dup := seen[string(cv)]; dup {
			return nil, fmt.Errorf("grid: params.%s: %s and %s are the same value %s (each point must be listed once)",
				k, prev, strings.TrimSpace(string(v)), cv)
		}
		seen[string(cv)] = strings.TrimSpace(string(v))
		vals[i] = cv
	}
	return vals, nil
}

// expandRuns lists a grid's runs: every combination of the params' values (keys
// in order, the last varying fastest), each with every point (or none), each
// with seeds 1..g.Seeds.
func expandRuns(c cases.Case, g *Grid, keys []string) ([]Run, error) {
	points := g.Points
	if len(points) == 0 {
		points = []map[string]json.RawMessage{{}}
	}
	var runs []Run
	idx := make([]int, len(keys))
	for {
		for _, point := range points {
			over := map[string]json.RawMessage{}
			for i, k := range keys {
				over[k] = g.Params[k][idx[i]]
			}
			for k, v := range point {
				over[k] = v
			}
			id := overridesJSON(over)
			p, err := param.Decode([]byte(id), c.Params)
			if err != nil {
				return nil, fmt.Errorf("grid: params %s: %w", id, err)
			}
			for s := 1; s <= g.Seeds; s++ {
				runs = append(runs, Run{Index: len(runs), ID: id + "/seed=" + strconv.Itoa(s),
					Key: RunKey(c.Name, p, uint64(s)), Overrides: over, Seed: uint64(s), Params: p})
			}
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
			return runs, nil
		}
	}
}

// overridesJSON writes a point's overrides as one JSON object, keys sorted.
func overridesJSON(over map[string]json.RawMessage) string {
	var obj bytes.Buffer
	obj.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(over)) {
		if i > 0 {
			obj.WriteByte(',')
		}
		fmt.Fprintf(&obj, "%q:%s", k, over[k])
	}
	obj.WriteByte('}')
	return obj.String()
}

// parsePoints reads a grid's points: a non-empty list of objects of
// parameters, each value canonical, no point listed twice and no key that
// params also varies.
func parsePoints(raw json.RawMessage, params map[string][]json.RawMessage) ([]map[string]json.RawMessage, error) {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return nil, fmt.Errorf("grid: points: want a non-empty list of objects of parameters such as [{\"method\": \"joint\"}, {\"method\": \"ogm-ge\", \"alpha\": 0.5}], got %s", strictjson.Kind(raw))
	}
	seen := map[string]int{}
	out := make([]map[string]json.RawMessage, len(list))
	for i, item := range list {
		prefix := fmt.Sprintf("points[%d].", i)
		var obj map[string]json.RawMessage
		if json.Unmarshal(item, &obj) != nil {
			return nil, fmt.Errorf("grid: points[%d]: want an object of parameters, got %s", i, strictjson.Kind(item))
		}
		if err := strictjson.Keys(obj, prefix, "parameter", param.Keys()); err != nil {
			return nil, fmt.Errorf("grid: %w", err)
		}
		out[i] = map[string]json.RawMessage{}
		for k, v := range obj {
			if _, dup := params[k]; dup {
				return nil, fmt.Errorf("grid: %s%s: params varies %s too; set it in one place", prefix, k, k)
			}
			cv, err := param.Canonical(k, v)
			if err != nil {
				return nil, fmt.Errorf("grid: %s%s: %w", prefix, k, err)
			}
			out[i][k] = cv
		}
		js, _ := json.Marshal(out[i])
		if j, dup := seen[string(js)]; dup {
			return nil, fmt.Errorf("grid: points[%d] repeats points[%d] (%s)", i, j, js)
		}
		seen[string(js)] = i
	}
	return out, nil
}

// describe turns a strictjson or encoding/json error into a grid message.
func describe(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("grid: truncated or empty JSON")
	case errors.As(err, &syn):
		return fmt.Errorf("grid: %v", err)
	}
	return fmt.Errorf("grid: %w", err)
}

// RunKey is the identity of a run: a hash of the case name, the canonical JSON
// of the resolved parameters and the seed.
func RunKey(caseName string, p param.Case, seed uint64) string {
	js, err := json.Marshal(p)
	if err != nil {
		panic(err) // a param.Case always encodes
	}
	return hash([]byte(fmt.Sprintf("%q %s %d", caseName, js, seed)))
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
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

// Results is the content of a results file.
type Results struct {
	// Lines are the complete lines, in file order.
	Lines []Line
	// End is the byte length the complete lines span.
	End int64
	// Cut is the length of a last line without its newline (a run cut short
	// by a kill during its write), 0 when there is none.
	Cut int
}

// maxLine bounds one line of a results file (a run's result is about 20 KB at
// the paper's size): a stream without newlines, such as /dev/zero, ends at
// it with an error instead of filling memory.
const maxLine = readlimit.Medium

// Read reads a results file, at most readlimit.Large bytes of it and
// maxLine a line. A complete line that does not parse, or that lacks the
// run's identity (case, grid, key), is an error naming the line; a cut last
// line is reported in Results.Cut.
func Read(r io.Reader, name string) (*Results, error) {
	br := bufio.NewReaderSize(readlimit.Reader(r, name, readlimit.Large), 1<<16)
	res := &Results{}
	for n := 1; ; n++ {
		line, err := readLine(br, name, n)
		if err == io.EOF {
			res.Cut = len(line)
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		res.End += int64(len(line))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var l Line
		if err := json.Unmarshal(line, &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		for _, f := range []struct{ name, v string }{{"id", l.ID}, {"case", l.Case}, {"grid", l.Grid}, {"key", l.Key}} {
			if f.v == "" {
				return nil, fmt.Errorf("%s:%d: missing field %s (a line without a run's identity; rerun the sweep with this modcomp)", name, n, f.name)
			}
		}
		res.Lines = append(res.Lines, l)
	}
}

// readLine returns line n of br with its newline. At the end of the input it
// returns what is left of a last line without a newline, and io.EOF.
func readLine(br *bufio.Reader, name string, n int) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		line = append(line, frag...)
		if int64(len(line)) > maxLine {
			return nil, fmt.Errorf("%s:%d: a line longer than %d MiB: not a results file", name, n, maxLine>>20)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case readlimit.IsTooLarge(err):
			return nil, err
		case err != nil && err != io.EOF:
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return line, err
	}
}

// MismatchError reports results that must not be combined: lines of another
// case or grid, or of another revision without Force.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return e.Msg }

// Options tunes Execute and Merge.
type Options struct {
	// Train is passed to every run; it never changes the results.
	Train train.Options
	// Open bounds the runs held in memory at once (0: the queue's default).
	Open int
	// Revision is written into every new line (provenance.Revision); lines of
	// another revision are refused unless Force is set.
	Revision string
	// Provenance, if not nil, is written into every new line; lines of
	// another kernel contract are refused unless Force is set.
	Provenance *result.Provenance
	// Force accepts lines written by another revision or kernel contract.
	Force bool
	// OnRun, if not nil, is called after each run with the number done and the
	// number to do.
	OnRun func(done, total int)
}

// Identity is what results must share to be combined: the revision of the
// build that ran them (provenance.Revision) and its kernel contract
// (kernel.Contract). Every reader of results files checks it the same way
// (CheckIdentity): merge, export and report among a file's lines, sweep
// resume, report and phase against the build that now runs.
type Identity struct {
	Revision, KernelContract string
}

// IdentityOf returns the identity a line records.
func IdentityOf(l Line) Identity {
	return Identity{Revision: l.Revision, KernelContract: contractOf(l)}
}

// unknownRevision reports whether a revision names no build: a line (or a
// build) without version-control information. Such results match nothing,
// not even each other: two of them may come from any two versions.
func unknownRevision(rev string) bool { return rev == "" || rev == provenance.Unknown }

// CheckIdentity refuses, with a *MismatchError naming line n of file name, a
// line whose revision or kernel contract differs from want's, or whose
// revision (or want's) is unknown, unless force is set.
func CheckIdentity(name string, n int, l Line, want Identity, force bool) error {
	if force {
		return nil
	}
	switch {
	case unknownRevision(l.Revision):
		return &MismatchError{fmt.Sprintf("%s: line %d was run by a build of unknown revision (one without a version-control stamp): "+
			"results of unknown builds are not combined with any others unless -force is given", name, n)}
	case unknownRevision(want.Revision):
		return &MismatchError{fmt.Sprintf("%s: line %d was run by revision %s, and this build's revision is unknown (it has no version-control stamp): "+
			"results are not combined with an unknown build's unless -force is given", name, n, l.Revision)}
	case l.Revision != want.Revision:
		return &MismatchError{fmt.Sprintf("%s: line %d was run by revision %s, not %s: results of different builds are not combined unless -force is given",
			name, n, l.Revision, want.Revision)}
	}
	if c := contractOf(l); c != want.KernelContract {
		if c == "" {
			c = "none (written before modcomp recorded one)"
		}
		return &MismatchError{fmt.Sprintf("%s: line %d was run under kernel contract %s, not %s: its bits may differ; results are not combined unless -force is given",
			name, n, c, want.KernelContract)}
	}
	return nil
}

// check refuses a line that does not belong with the sweep's case and grid,
// or (without force) with the identity want.
func check(name string, n int, l Line, caseName, grid string, want Identity, force bool) error {
	if l.Case != caseName || l.Grid != grid {
		return &MismatchError{fmt.Sprintf("%s: line %d is a run of case %s, grid %s; these are runs of case %s, grid %s: results of different grids never share a file (use another file)",
			name, n, l.Case, l.Grid, caseName, grid)}
	}
	return CheckIdentity(name, n, l, want, force)
}

// contractOf is the kernel contract a line records ("" for none).
func contractOf(l Line) string {
	if l.Provenance == nil {
		return ""
	}
	return l.Provenance.KernelContract
}

// Execute runs every run of sw in runs (the sweep's runs or a shard of them)
// whose key is not already in the results file at path, appending a line per
// finished run (written with one call and synced). It holds an exclusive lock
// on the file while it works, so a second writer fails at once with a
// *filelock.HeldError. It refuses, with a *MismatchError, a file holding lines
// of another case or grid (or, without opt.Force, another revision), and
// truncates a cut last line left by an interrupted run. It is ExecuteAll of
// one target.
func Execute(ctx context.Context, sw *Sweep, runs []Run, path string, opt Options) error {
	return ExecuteAll(ctx, []Target{{Sweep: sw, Runs: runs, Path: path}}, opt)
}

// Target is a sweep's runs and the results file they go to.
type Target struct {
	Sweep *Sweep
	Runs  []Run
	Path  string
}

// ExecuteAll runs the runs of every target (see Execute; each target's file
// is locked, checked and resumed alike) in one queue (package queue): the
// nets of all runs, longest first, opt.Train.Workers at a time (0:
// GOMAXPROCS). A line is appended to its target's file as soon as its run
// finishes, so the lines of a file are in the order runs finish; Read and
// Merge do not depend on it. opt.OnRun counts the runs of every target.
func ExecuteAll(ctx context.Context, targets []Target, opt Options) error {
	files := make([]*os.File, len(targets))
	var jobs []queue.Job
	var owner []int // target of each job
	var todo []Run  // run of each job
	for ti, tg := range targets {
		for _, other := range targets[:ti] {
			if other.Path == tg.Path {
				return fmt.Errorf("%s: two sweeps would write the same results file", tg.Path)
			}
		}
		lock, err := filelock.Exclusive(tg.Path)
		if err != nil {
			return err
		}
		defer lock.Release()
		f, err := os.OpenFile(tg.Path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		files[ti] = f
		res, err := Read(f, tg.Path)
		if err != nil {
			return err
		}
		done := map[string]bool{}
		for i, l := range res.Lines {
			contract := ""
			if opt.Provenance != nil {
				contract = opt.Provenance.KernelContract
			}
			if err := check(tg.Path, i+1, l, tg.Sweep.Case, tg.Sweep.ID, Identity{Revision: opt.Revision, KernelContract: contract}, opt.Force); err != nil {
				return err
			}
			done[l.Key] = true
		}
		if err := f.Truncate(res.End); err != nil {
			return err
		}
		if _, err := f.Seek(res.End, io.SeekStart); err != nil {
			return err
		}
		for _, r := range tg.Runs {
			if !done[r.Key] {
				jobs = append(jobs, queue.Job{Params: r.Params, Seed: r.Seed})
				owner = append(owner, ti)
				todo = append(todo, r)
			}
		}
	}
	finished := 0
	_, err := queue.Execute(ctx, jobs, queue.Options{Workers: opt.Train.Workers, Open: opt.Open, Train: opt.Train,
		OnDone: func(job int, out result.Run) error {
			tg, r := targets[owner[job]], todo[job]
			js, err := json.Marshal(Line{Point: r, Case: tg.Sweep.Case, Grid: tg.Sweep.ID, Revision: opt.Revision, Provenance: opt.Provenance, Result: out})
			if err != nil {
				return err
			}
			f := files[owner[job]]
			if _, err := f.Write(append(js, '\n')); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
			if finished++; opt.OnRun != nil {
				opt.OnRun(finished, len(todo))
			}
			return nil
		}})
	if je, ok := errors.AsType[*queue.JobError](err); ok {
		r := todo[je.Job]
		return fmt.Errorf("sweep run %d (%s): %w", r.Index, r.ID, je.Err)
	}
	return err
}

// Merge joins the results files of one grid: one line per run (a run present
// twice must be identical), in index order. It refuses, with a
// *MismatchError, files whose lines come from different cases or grids, or
// (without force) from different builds (CheckIdentity against the first
// line), a point and seed present twice with different parameters (even with
// force: they are two different runs under one name), and a file whose last
// line is cut (a shard that was interrupted or is still running).
func Merge(files map[string]io.Reader, names []string, force bool) ([]Line, error) {
	return merge(files, names, nil, force)
}

// merge is Merge, checking every line's identity against build when it is
// not nil, else against the first line's.
func merge(files map[string]io.Reader, names []string, build *Identity, force bool) ([]Line, error) {
	byKey := map[string]Line{}
	raw := map[string]string{}
	keyOf := map[string]string{} // run ID (point and seed) → key (its parameters)
	var first *Line
	for _, name := range names {
		res, err := Read(files[name], name)
		if err != nil {
			return nil, err
		}
		if res.Cut > 0 {
			return nil, &MismatchError{fmt.Sprintf("%s: the last line is cut (%d bytes without a newline): its shard was interrupted or is still running; resume it with the same sweep command, then merge",
				name, res.Cut)}
		}
		for i, l := range res.Lines {
			if first == nil {
				first = &res.Lines[i]
			}
			want := IdentityOf(*first)
			if build != nil {
				want = *build
			}
			if err := check(name, i+1, l, first.Case, first.Grid, want, force); err != nil {
				return nil, err
			}
			if k, ok := keyOf[l.ID]; ok && k != l.Key {
				return nil, &MismatchError{fmt.Sprintf("%s: line %d runs %s with other parameters than an earlier line (keys %s and %s: "+
					"builds whose case defaults differ): one point and seed are never combined twice, even with -force", name, i+1, l.ID, k, l.Key)}
			}
			keyOf[l.ID] = l.Key
			js, _ := json.Marshal(l)
			if prev, ok := raw[l.Key]; ok && prev != string(js) {
				return nil, &MismatchError{fmt.Sprintf("%s: run %s differs from an earlier file's", name, l.ID)}
			}
			byKey[l.Key], raw[l.Key] = l, string(js)
		}
	}
	out := make([]Line, 0, len(byKey))
	for _, l := range byKey {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out, nil
}

// MergeFiles opens the results files at paths, each under a shared lock (a
// file that a sweep is still writing is refused with a *filelock.HeldError),
// and merges them (see Merge).
func MergeFiles(paths []string, force bool) ([]Line, error) {
	return mergeFiles(paths, nil, force)
}

// MergeFilesFor is MergeFiles for results that this build will render or add
// to: every line must have been run by build (CheckIdentity), unless force.
func MergeFilesFor(paths []string, build Identity, force bool) ([]Line, error) {
	return mergeFiles(paths, &build, force)
}

func mergeFiles(paths []string, build *Identity, force bool) ([]Line, error) {
	readers := map[string]io.Reader{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			return nil, fmt.Errorf("%s is a directory, not a results file", p)
		}
		lock, err := filelock.Shared(p)
		if err != nil {
			return nil, err
		}
		defer lock.Release()
		f, err := readlimit.Open(p, readlimit.Large)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		readers[p] = f
	}
	return merge(readers, paths, build, force)
}
