package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/kernel"
)

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// TestBadInputIsRejected drives every entry point with malformed or invalid
// input: each must exit with status 2 and one line on stderr that names the
// field, key, line or file and the rule broken.
func TestBadInputIsRejected(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeFile(t, dir, name, content) }
	bench := "goos: linux\nBenchmarkJointStep-2 \t 10\t 1000 ns/op\nBenchmarkJointStep-2 \t 10\t 1000 ns/op\n"
	benchOK := write("ok.txt", bench)
	benchOther := write("other.txt", strings.ReplaceAll(bench, "JointStep", "Other"))
	blocker := write("blocker", "a file where a directory should be")
	// A results file of the paper case's grid, and a report directory whose
	// base runs are the paper case's.
	paperLine := `{"index":0,"id":"{}/seed=1","key":"k1","grid":"g-paper","revision":"test-binary","provenance":{"kernel_contract":"` + kernel.Contract + `"},"seed":1,"case":"paper","result":{"seed":1}}` + "\n"
	paperResults := write("paper.jsonl", paperLine)
	otherGrid := write("other.jsonl", strings.Replace(paperLine, "g-paper", "g-other", 1))
	cutResults := write("cut.jsonl", paperLine+paperLine[:40])
	paperReport := filepath.Join(dir, "paper-report")
	require.NoError(t, os.MkdirAll(paperReport, 0o755))
	writeFile(t, paperReport, "results-base.jsonl", paperLine)
	benchDir := filepath.Join(dir, "benchdir")
	require.NoError(t, os.MkdirAll(benchDir, 0o755))

	tests := []struct {
		name string
		args []string
		want string
	}{
		// -set values
		{"NaN sigma0", []string{"run", "-set", "sigma0=NaN"}, "sigma0: must be a finite number, got NaN"},
		{"Inf eta", []string{"run", "-set", "eta=+Inf"}, "eta: must be a finite number, got +Inf"},
		{"negative d", []string{"run", "-set", "d=-3"}, "d: must be ≥ 1, got -3"},
		{"negative n", []string{"run", "-set", "n=-1"}, "n: must be ≥ 1, got -1"},
		{"negative steps", []string{"run", "-set", "steps=-10"}, "steps: must be ≥ 1, got -10"},
		{"mu above one", []string{"run", "-set", "mu=1.5,0.1"}, "mu[0]: must be in [0, 1], got 1.5"},
		{"mu negative", []string{"run", "-set", "mu=0.1,-0.2"}, "mu[1]: must be in [0, 1], got -0.2"},
		{"exclusive sum", []string{"run", "-set", "mu=0.6,0.6"}, "mu: exclusive pattern needs Σμ ≤ 1, got 1.2"},
		{"k above d", []string{"run", "-set", "k=300", "-set", "d=100"}, "k: must be ≤ d (one dictionary column per class), got k=300 > d=100"},
		{"s not below k", []string{"run", "-set", "s=10"}, "s: must be < k (off-target coordinates come from the other classes), got s=10, k=10"},
		{"q below 3", []string{"run", "-set", "q=2"}, "q: must be ≥ 3, got 2"},
		{"unknown key", []string{"run", "-set", "temperature=3"}, "temperature: unknown parameter"},
		{"not a number", []string{"run", "-set", "rho=small"}, `rho: want a number, got "small"`},
		{"not an integer", []string{"run", "-set", "m=2.5"}, `m: want an integer, got "2.5"`},
		{"missing equals", []string{"run", "-set", "eta"}, "eta: want key=value"},
		{"wrong list length", []string{"run", "-set", "a=1,1,1"}, "a: needs one value per modality (r=2), got 3"},
		// case JSON files
		{"case file unknown key", []string{"run", "-params", write("c1.json", `{"k": 5, "colour": 2}`)}, "colour: unknown parameter"},
		{"case file malformed", []string{"run", "-params", write("c2.json", "{\n  \"k\": 5,\n  \"m\": }")}, "c2.json: case JSON: line 3: invalid character '}'"},
		{"case file truncated", []string{"run", "-params", write("c3.json", `{"k": 5,`)}, "c3.json: case JSON: truncated or empty document"},
		{"case file wrong type", []string{"run", "-params", write("c4.json", `{"mu": "half"}`)}, "mu: want a list of numbers, one per modality, such as [0.1, 0.3], got a string"},
		{"case file invalid value", []string{"run", "-params", write("c5.json", `{"q": 1}`)}, "q: must be ≥ 3, got 1"},
		{"case file missing", []string{"run", "-params", filepath.Join(dir, "none.json")}, "none.json: no such file or directory"},
		// grid JSON files
		{"grid unknown key", []string{"sweep", "-grid", write("g1.json", `{"case": "paper", "seeds": 1, "params": {"lr": [1]}}`)}, "params.lr: unknown parameter"},
		{"grid invalid value", []string{"sweep", "-grid", write("g2.json", `{"case": "paper", "seeds": 1, "params": {"sigma0": [-1]}}`)}, "sigma0: must be > 0, got -1"},
		{"grid truncated", []string{"sweep", "-grid", write("g3.json", `{"case": "paper", "se`)}, "grid: truncated or empty JSON"},
		{"grid unknown case", []string{"sweep", "-grid", write("g4.json", `{"case": "best", "seeds": 1}`)}, `grid: unknown case "best"`},
		{"grid bad shard", []string{"sweep", "-grid", write("g5.json", `{"case": "paper", "seeds": 1}`), "-shard", "3/2"}, `shard: want i/n with 0 ≤ i < n, got "3/2"`},
		// benchmark files
		{"empty benchmark file", []string{"benchstat", "-old", write("empty.txt", ""), "-new", benchOK}, "empty.txt: no benchmark results"},
		{"no matching benchmarks", []string{"benchstat", "-old", benchOther, "-new", benchOK}, "no benchmarks in common between the old and the new file"},
		{"malformed benchmark line", []string{"benchstat", "-old", write("bad.txt", "BenchmarkX-2 10 fast ns/op\n"), "-new", benchOK}, "bad.txt:1: "},
		// output directories and names
		{"output dir not writable", []string{"run", "-out", filepath.Join(blocker, "sub")}, "output directory " + filepath.Join(blocker, "sub") + " is not writable"},
		{"sweep output not writable", []string{"sweep", "-grid", write("g6.json", `{"case": "paper", "seeds": 1}`), "-out", filepath.Join(blocker, "r.jsonl")}, "is not writable"},
		{"suite output not writable", []string{"suite", "-case", "paper", "-out", filepath.Join(blocker, "x")}, "is not writable"},
		{"unknown suite case", []string{"suite", "-case", "papr"}, `unknown case "papr"`},
		{"plan without costs", []string{"plan"}, "plan: -costs FILE is required"},
		{"plan with zero cores", []string{"plan", "-costs", "x.csv", "-cores", "2,0"}, `plan: -cores: "0" is not a positive integer`},
		{"plan of a missing file", []string{"plan", "-costs", filepath.Join(blocker, "none.csv")}, "none.csv"},
		{"plan of a file that is not a costs file", []string{"plan", "-costs", "../../cases/grids/phase-length.json"}, "phase-length.json"},
		// sizes that would exhaust memory or time
		{"dictionary too large", []string{"run", "-set", "d=100000", "-set", "n=1", "-set", "n_test=1"}, "d: d·d (one dictionary) must be ≤ 268435456, got 100000·100000"},
		{"run beyond memory", []string{"run", "-set", "d=8000", "-max-memory", "1GiB"}, "case paper: a run would need about 3.7 GiB (dictionaries 3.3 GiB, data 290.7 MiB, weights 79.3 MiB, activations 6.9 MiB a run), more than the memory limit 1.0 GiB (-max-memory)"},
		{"suite beyond memory", []string{"suite", "-case", "paper", "-max-memory", "10MB"}, "case paper: a run would need about"},
		{"sweep beyond memory", []string{"sweep", "-grid", write("g7.json", `{"case": "paper", "seeds": 1, "params": {"d": [9000]}}`), "-max-memory", "2GB"}, "g7.json run 0: a run would need about"},
		{"seeds beyond int range", []string{"run", "-seeds", "9223372036854775807"}, "-seeds must be in [1, 100000], got 9223372036854775807"},
		{"seeds too many", []string{"run", "-seeds", "3000000000"}, "-seeds must be in [1, 100000], got 3000000000"},
		{"zero seeds", []string{"run", "-seeds", "0"}, "-seeds must be in [1, 100000], got 0"},
		{"lambda points too many", []string{"run", "-set", "lambda_points=2000000000"}, "lambda_points: must be ≤ 100000, got 2000000000"},
		{"steps near int64 limit", []string{"run", "-set", "steps=9223372036854775000"}, "steps: must be ≤ 1000000000, got 9223372036854775000"},
		{"m·k overflows", []string{"run", "-set", "m=4611686018427387904"}, "m: k·m·d must be ≤ 268435456"},
		{"too many modalities", []string{"run", "-set", "r=100"}, "r: must be ≤ 32, got 100"},
		{"grid too many runs", []string{"sweep", "-grid", write("g8.json", `{"case": "paper", "seeds": 100000, "params": {"k": [3, 4]}}`)}, "grid: more than 100000 runs"},
		{"report seeds too many", []string{"report", "-seeds", "1000000"}, "-seeds must be in [2, 100000] (intervals need two), got 1000000"},
		// outputs opened before the work
		{"profile not writable", []string{"run", "-cpuprofile", filepath.Join(blocker, "cpu.prof")}, "-cpuprofile: write " + filepath.Join(blocker, "cpu.prof")},
		{"profile is a directory", []string{"run", "-cpuprofile", dir}, "-cpuprofile: write " + dir + ": is a directory"},
		{"suite profile not writable", []string{"suite", "-case", "paper", "-out", "", "-cpuprofile", filepath.Join(blocker, "suite.prof")}, "-cpuprofile: write " + filepath.Join(blocker, "suite.prof")},
		// benchmark comparison
		{"NaN threshold", []string{"benchstat", "-old", benchOK, "-new", benchOK, "-threshold", "NaN"}, "-threshold must be a finite number > 0, got NaN"},
		{"infinite threshold", []string{"benchstat", "-old", benchOK, "-new", benchOK, "-threshold", "+Inf"}, "-threshold must be a finite number > 0, got +Inf"},
		{"alpha out of range", []string{"benchstat", "-old", benchOK, "-new", benchOK, "-alpha", "1.5"}, "-alpha must be in (0, 1), got 1.5"},
		{"negative measurement", []string{"benchstat", "-old", write("neg.txt", "BenchmarkJointStep-2 \t 10\t -1000 ns/op\n"), "-new", benchOK}, "neg.txt:1: JointStep-2: -1.0000000000000002e-06 sec/op is negative"},
		{"benchmark file is a directory", []string{"benchstat", "-old", benchDir, "-new", benchOK}, benchDir + " is a directory, not a benchmark file"},
		// strict case files
		{"case file is an array", []string{"run", "-params", write("c6.json", `[1, 2, 3]`)}, `c6.json: case JSON: want an object of parameters such as {"k": 10, "mu": [0.1, 0.3]}, got an array`},
		{"case file key case", []string{"run", "-params", write("c7.json", `{"K": 5}`)}, `K: unknown parameter; did you mean "k"? (names are case-sensitive)`},
		{"case file duplicated key", []string{"run", "-params", write("c8.json", `{"k": 5, "k": 6}`)}, "c8.json: k: key appears twice"},
		{"case file null", []string{"run", "-params", write("c9.json", `{"sigma0": null}`)}, "c9.json: sigma0: null is not a value"},
		{"case file is a directory", []string{"run", "-params", benchDir}, benchDir + " is a directory, not a case file"},
		// strict grid files
		{"grid duplicated key", []string{"sweep", "-grid", write("g9.json", `{"case": "paper", "seeds": 1, "params": {"k": [4], "k": [5]}}`)}, "grid: params.k: key appears twice"},
		{"grid null", []string{"sweep", "-grid", write("g10.json", `{"case": "paper", "seeds": null}`)}, "grid: seeds: null is not a value"},
		{"grid key case", []string{"sweep", "-grid", write("g11.json", `{"Case": "paper", "seeds": 1}`)}, `grid: Case: unknown key; did you mean "case"?`},
		{"grid same point thrice", []string{"sweep", "-grid", write("g12.json", `{"case": "paper", "seeds": 1, "params": {"eta": [12, 12.0, 1.2e1]}}`)}, "grid: params.eta: 12 and 12.0 are the same value 12"},
		{"grid is an array", []string{"sweep", "-grid", write("g13.json", `[1]`)}, "grid: want a grid object such as"},
		{"grid is a directory", []string{"sweep", "-grid", benchDir}, benchDir + " is a directory, not a grid file"},
		// results that must not be combined
		{"sweep into another case's results", []string{"sweep", "-grid", write("g14.json", `{"case": "strong-modality", "seeds": 1}`), "-out", paperResults}, "paper.jsonl: line 1 is a run of case paper, grid g-paper; these are runs of case strong-modality"},
		{"sweep into a directory", []string{"sweep", "-grid", write("g15.json", `{"case": "paper", "seeds": 1}`), "-out", benchDir}, "-out " + benchDir + " is a directory; name a results file"},
		{"merge two grids", []string{"merge", paperResults, otherGrid}, "other.jsonl: line 1 is a run of case paper, grid g-other; these are runs of case paper, grid g-paper"},
		{"merge a cut line", []string{"merge", cutResults}, "cut.jsonl: the last line is cut (40 bytes without a newline)"},
		{"merge a directory", []string{"merge", benchDir}, benchDir + " is a directory, not a results file"},
		{"report of another case into a report directory", []string{"report", "-case", "strong-modality", "-out", paperReport}, "results-base.jsonl: line 1 is a run of case paper, grid g-paper; these are runs of case strong-modality"},
		{"report results of another case", []string{"report", "-results", paperResults, "-case", "k20"}, "paper.jsonl holds runs of case paper, not k20"},
		// training methods and their settings
		{"unknown method", []string{"run", "-set", "method=dropout"}, `method: must be one of joint, ensemble, pretrain, moddrop, ogm-ge, gblend, mmpareto, agm, pmr, got "dropout"`},
		{"negative alpha", []string{"run", "-set", "method=ogm-ge", "-set", "alpha=-0.5"}, "alpha: must be ≥ 0, got -0.5"},
		{"p_drop of one", []string{"run", "-set", "method=moddrop", "-set", "p_drop=1"}, "p_drop: must be in [0, 1), got 1"},
		{"negative p_drop", []string{"run", "-set", "method=moddrop", "-set", "p_drop=-0.1"}, "p_drop: must be in [0, 1), got -0.1"},
		{"negative pre_steps", []string{"run", "-set", "method=pretrain", "-set", "pre_steps=-5"}, "pre_steps: must be in [0, 1000000000], got -5"},
		{"setting on the wrong method", []string{"run", "-set", "method=moddrop", "-set", "alpha=0.5"}, "alpha: is a setting of method ogm-ge, not of moddrop"},
		{"setting without its method", []string{"run", "-set", "pre_steps=100"}, "pre_steps: is a setting of method pretrain, not of joint"},
		{"holdout out of range", []string{"run", "-set", "method=gblend", "-set", "blend_holdout=1.5"}, "blend_holdout: must be in [0, 1), got 1.5"},
		{"method in a grid", []string{"sweep", "-grid", write("g16.json", `{"case": "paper", "seeds": 1, "params": {"method": ["ogm-ge"], "p_drop": [0.5]}}`)}, "p_drop: is a setting of method moddrop, not of ogm-ge"},
		{"unknown methods case", []string{"methods", "-case", "ppr"}, `unknown case "ppr"`},
		// The standard-training settings.
		{"negative batch", []string{"run", "-set", "batch=-1"}, "batch: must be in [1, n=125] (leave it out for full batch), got -1"},
		{"batch above n", []string{"run", "-set", "batch=126"}, "batch: must be in [1, n=125] (leave it out for full batch), got 126"},
		{"beta1 of one", []string{"run", "-set", "optimizer=adam", "-set", "beta1=1", "-set", "beta2=0.999", "-set", "eps=1e-8"}, "beta1: must be in [0, 1), got 1"},
		{"negative beta2", []string{"run", "-set", "optimizer=adam", "-set", "beta1=0.9", "-set", "beta2=-0.1", "-set", "eps=1e-8"}, "beta2: must be in [0, 1), got -0.1"},
		{"adam without eps", []string{"run", "-set", "optimizer=adam", "-set", "beta1=0.9", "-set", "beta2=0.999"}, "eps: must be > 0 with optimizer adam (the usual value is 1e-8), got 0"},
		{"negative eps", []string{"run", "-set", "optimizer=adam", "-set", "beta1=0.9", "-set", "beta2=0.999", "-set", "eps=-1e-8"}, "eps: must be > 0 with optimizer adam (the usual value is 1e-8), got -1e-08"},
		{"adam setting without adam", []string{"run", "-set", "beta1=0.9"}, "beta1: is a setting of optimizer adam, not of gd"},
		{"unknown optimizer", []string{"run", "-set", "optimizer=sgd"}, `optimizer: must be one of gd, adam, got "sgd"`},
		{"unknown stopping rule", []string{"run", "-set", "until=converged"}, `until: must be one of steps, zero-error, got "converged"`},
		{"loss bound without the rule", []string{"run", "-set", "until_loss=0.01"}, "until_loss: is a setting of until=zero-error"},
		{"negative loss bound", []string{"run", "-set", "until=zero-error", "-set", "until_loss=-0.5"}, "until_loss: must be ≥ 0 (0: no bound on the loss), got -0.5"},
		{"one modality", []string{"run", "-set", "r=1", "-set", "mu=0.1", "-set", "a=1", "-set", "b=1.5"}, "r: must be ≥ 2, got 1"},
		{"head setting without a head", []string{"run", "-set", "head_init=random"}, "head_init: is a setting of the learned head; set head=learned or leave it out"},
		{"head step without a head", []string{"run", "-set", "head_eta=0.5"}, "head_eta: is a setting of the learned head; set head=learned or leave it out"},
		{"random head without a scale", []string{"run", "-set", "head=learned", "-set", "head_init=random"}, "head_sigma: must be > 0 with head_init=random"},
		{"unknown head", []string{"run", "-set", "head=mlp"}, `head: must be one of fixed, learned, got "mlp"`},
		{"unknown activation", []string{"run", "-set", "activation=gelu"}, `activation: must be one of smooth, relu, got "gelu"`},
		{"minibatch with moddrop", []string{"run", "-set", "method=moddrop", "-set", "p_drop=0.5", "-set", "batch=25"}, "method: moddrop does not combine with a minibatch, a learned head or Adam"},
		{"adam with ogm-ge", []string{"run", "-set", "method=ogm-ge", "-set", "optimizer=adam", "-set", "beta1=0.9", "-set", "beta2=0.999", "-set", "eps=1e-8"}, "method: ogm-ge does not combine with a minibatch, a learned head or Adam"},
		{"batch in a grid", []string{"sweep", "-grid", write("g17.json", `{"case": "paper", "seeds": 1, "params": {"batch": [25, 500]}}`)}, "batch: must be in [1, n=125]"},
	}
	require.GreaterOrEqual(t, len(tests), 80)
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runMain(tc.args...)
			require.Equal(t, 2, code, errOut)
			require.Contains(t, errOut, tc.want)
			require.Equal(t, 1, strings.Count(errOut, "\n"), "one line on stderr: %q", errOut)
			require.False(t, seen[errOut], "each bad input gets its own message")
			seen[errOut] = true
		})
	}
}

// TestBadGoldenFiles covers the golden files' reader: a file from another case,
// missing fields and malformed JSON.
func TestBadGoldenFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeFile(t, dir, name, content) }
	tests := []struct{ name, content, want string }{
		{"other case", `{"case": "k20", "seeds": [1], "runs": [{}], "verdicts": []}`, `written for case "k20", not "paper"`},
		{"missing seeds", `{"case": "paper"}`, "missing field seeds"},
		{"missing runs", `{"case": "paper", "seeds": [1, 2]}`, "missing field runs (want 2, got 0)"},
		{"missing verdicts", `{"case": "paper", "seeds": [1], "runs": [{"winner": [0], "learned": [[true]], "lambda_final": [[1]], "uni_test_error": [0.1]}]}`, "missing field verdicts"},
		{"missing run field", `{"case": "paper", "seeds": [1], "runs": [{"seed": 1}], "verdicts": [{},{},{},{},{},{},{},{},{}]}`, "runs[0]: missing field"},
		{"unknown field", `{"case": "paper", "flavour": 1}`, `unknown field "flavour"`},
		{"truncated", `{"case": "pap`, "unexpected EOF"},
	}
	for _, tc := range tests {
		_, err := cases.ReadGolden(write(tc.name+".json", tc.content), "paper")
		require.ErrorContains(t, err, tc.want, tc.name)
	}
}
