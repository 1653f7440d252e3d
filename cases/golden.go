package cases

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// Golden is the content of golden/<case>.json: the metrics of every seed and the
// claim verdicts, as produced by the quick suite.
type Golden struct {
	Case   string     `json:"case"`
	Size   string     `json:"size"`
	Seeds  []uint64   `json:"seeds"`
	Params param.Case `json:"params"`
	// WinProbability is the theory's p_r.
	WinProbability []float64 `json:"win_probability"`
	// FiniteWinProbability is the finite-sample p′_r (Outcome's).
	FiniteWinProbability []float64        `json:"finite_win_probability"`
	Runs                 []GoldenRun      `json:"runs"`
	Verdicts             []claims.Verdict `json:"verdicts"`
}

// GoldenRun is the part of one run a golden file pins.
type GoldenRun struct {
	Seed            uint64    `json:"seed"`
	JointTrainError float64   `json:"joint_train_error"`
	JointTestError  float64   `json:"joint_test_error"`
	UniTrainError   []float64 `json:"uni_train_error"`
	UniTestError    []float64 `json:"uni_test_error"`
	ProbeTestError  []float64 `json:"probe_test_error"`
	Winner          []int     `json:"winner"`
	PredictedWinner []int     `json:"predicted_winner"`
	// PredictedWinnerFinite is the winner Γ′ predicts per class (C7′).
	PredictedWinnerFinite []int `json:"predicted_winner_finite"`
	// UniZeroErrorStep is each uni-modal net's first step with zero
	// training error, −1 for none within the budget (C1′).
	UniZeroErrorStep []int       `json:"uni_zero_error_step"`
	Learned          [][]bool    `json:"learned"`
	LambdaFinal      [][]float64 `json:"lambda_final"`
	// HeadMass is a learned head's weight share per modality (absent for the
	// fixed head).
	HeadMass []float64 `json:"head_mass,omitempty"`
}

// Tolerances are the per-field tolerances of the golden comparison. Discrete
// fields (winners, learned flags, verdicts) always compare exactly.
type Tolerances struct {
	// Error is the absolute tolerance on 0-1 error rates.
	Error float64
	// Lambda is the relative tolerance on Λ(T).
	Lambda float64
	// Statistic is the absolute tolerance on claim statistics and intervals.
	Statistic float64
}

// DefaultGoldenTolerances are tight: on one architecture and Go release the
// simulator is bit-reproducible, so any drift beyond rounding is a change.
func DefaultGoldenTolerances() Tolerances {
	return Tolerances{Error: 1e-12, Lambda: 1e-9, Statistic: 1e-9}
}

// GoldenPath returns the path of a case's golden file under dir.
func GoldenPath(dir, name string) string { return dir + "/" + name + ".json" }

// ToGolden extracts the pinned fields of an outcome.
func (o *Outcome) ToGolden() Golden {
	g := Golden{Case: o.Case.Name, Size: o.Size.String(), Seeds: o.Seeds, Params: o.Case.Params,
		WinProbability: o.WinProbability, FiniteWinProbability: o.FiniteWinProbability, Verdicts: o.Verdicts}
	for _, run := range o.Runs {
		gr := GoldenRun{Seed: run.Seed, JointTrainError: run.Joint.TrainError, JointTestError: run.Joint.TestError,
			Winner: run.Winner, PredictedWinner: run.PredictedWinner, Learned: run.Learned, LambdaFinal: run.Lambda.Final(),
			HeadMass: run.HeadMass, PredictedWinnerFinite: run.PredictedWinnerFinite}
		for r := range run.Uni {
			gr.UniZeroErrorStep = append(gr.UniZeroErrorStep, run.Uni[r].ZeroErrorStep)
			gr.UniTrainError = append(gr.UniTrainError, run.Uni[r].TrainError)
			gr.UniTestError = append(gr.UniTestError, run.Uni[r].TestError)
			gr.ProbeTestError = append(gr.ProbeTestError, run.Probe[r].TestError)
		}
		g.Runs = append(g.Runs, gr)
	}
	return g
}

// WriteGolden writes g atomically to path.
func WriteGolden(path string, g Golden) error {
	for _, v := range g.Verdicts {
		if math.IsNaN(v.Statistic) && v.Explanation == "" {
			return fmt.Errorf("golden %s: verdict %s has no statistic and no explanation", g.Case, v.Claim)
		}
	}
	js, err := json.MarshalIndent(nanSafe(g), "", "  ")
	if err != nil {
		return fmt.Errorf("golden %s: %w", g.Case, err)
	}
	return atomicfile.WriteFile(path, append(js, '\n'))
}

// nanSafe replaces NaN statistics (a claim with nothing to measure) by null-like
// sentinels JSON can carry: it stores them as -1 with the explanation kept.
func nanSafe(g Golden) Golden {
	out := g
	out.Verdicts = append([]claims.Verdict(nil), g.Verdicts...)
	for i := range out.Verdicts {
		v := &out.Verdicts[i]
		for _, f := range []*float64{&v.Statistic, &v.Lo, &v.Hi} {
			if math.IsNaN(*f) || math.IsInf(*f, 0) {
				*f = -1
			}
		}
	}
	return out
}

// claimsOf returns the claims a golden file of the named case holds: M1–M4
// for a method case ("CASE/METHOD", see MethodCase), R1–R3 for a real
// dataset's case, C1–C7 otherwise.
func claimsOf(name string) []claims.ID {
	if strings.Contains(name, "/") {
		return claims.MethodClaims
	}
	if c, err := Lookup(name); err == nil && c.Params.Source != "" {
		return claims.RealData
	}
	return claims.All
}

// ReadGolden reads and checks a golden file for the named case: unknown fields,
// malformed JSON, a file written for another case and missing fields are errors
// that name the file and the problem.
func ReadGolden(path, name string) (Golden, error) {
	data, err := readlimit.ReadFile(path, readlimit.Medium)
	if err != nil {
		return Golden{}, err
	}
	var g Golden
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return Golden{}, fmt.Errorf("golden file %s: %v", path, err)
	}
	switch {
	case g.Case != name:
		return Golden{}, fmt.Errorf("golden file %s: written for case %q, not %q", path, g.Case, name)
	case len(g.Seeds) == 0:
		return Golden{}, fmt.Errorf("golden file %s: missing field seeds", path)
	case len(g.Runs) != len(g.Seeds):
		return Golden{}, fmt.Errorf("golden file %s: missing field runs (want %d, got %d)", path, len(g.Seeds), len(g.Runs))
	case len(g.Verdicts) != len(claimsOf(name)):
		return Golden{}, fmt.Errorf("golden file %s: missing field verdicts (want %d, got %d)", path, len(claimsOf(name)), len(g.Verdicts))
	}
	for i, run := range g.Runs {
		if run.Winner == nil || run.Learned == nil || run.LambdaFinal == nil || run.UniTestError == nil {
			return Golden{}, fmt.Errorf("golden file %s: runs[%d]: missing field (winner, learned, lambda_final or uni_test_error)", path, i)
		}
	}
	return g, nil
}

// Compare returns one line per difference between want and got beyond the
// tolerances, naming the field: "runs[1].winner[3]: want 0, got 1".
func Compare(want, got Golden, tol Tolerances) []string {
	var diffs []string
	add := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	num := func(field string, w, g, abs, rel float64) {
		if math.Abs(w-g) > abs+rel*math.Abs(w) || math.IsNaN(w) != math.IsNaN(g) {
			add("%s: want %.10g, got %.10g", field, w, g)
		}
	}
	nums := func(field string, w, g []float64, abs, rel float64) {
		if len(w) != len(g) {
			add("%s: want %d values, got %d", field, len(w), len(g))
			return
		}
		for i := range w {
			num(fmt.Sprintf("%s[%d]", field, i), w[i], g[i], abs, rel)
		}
	}
	ints := func(field string, w, g []int) {
		if len(w) != len(g) {
			add("%s: want %d values, got %d", field, len(w), len(g))
			return
		}
		for i := range w {
			if w[i] != g[i] {
				add("%s[%d]: want %d, got %d", field, i, w[i], g[i])
			}
		}
	}
	if want.Size != got.Size {
		add("size: want %s, got %s", want.Size, got.Size)
	}
	if fmt.Sprint(want.Seeds) != fmt.Sprint(got.Seeds) {
		add("seeds: want %v, got %v", want.Seeds, got.Seeds)
	}
	wp, _ := json.Marshal(want.Params)
	gp, _ := json.Marshal(got.Params)
	if !bytes.Equal(wp, gp) {
		add("params: want %s, got %s", wp, gp)
	}
	nums("win_probability", want.WinProbability, got.WinProbability, tol.Statistic, 0)
	nums("finite_win_probability", want.FiniteWinProbability, got.FiniteWinProbability, tol.Statistic, 0)
	if len(want.Runs) != len(got.Runs) {
		add("runs: want %d, got %d", len(want.Runs), len(got.Runs))
	}
	for s := 0; s < min(len(want.Runs), len(got.Runs)); s++ {
		w, g := want.Runs[s], got.Runs[s]
		p := fmt.Sprintf("runs[%d]", s)
		num(p+".joint_train_error", w.JointTrainError, g.JointTrainError, tol.Error, 0)
		num(p+".joint_test_error", w.JointTestError, g.JointTestError, tol.Error, 0)
		nums(p+".uni_train_error", w.UniTrainError, g.UniTrainError, tol.Error, 0)
		nums(p+".uni_test_error", w.UniTestError, g.UniTestError, tol.Error, 0)
		nums(p+".probe_test_error", w.ProbeTestError, g.ProbeTestError, tol.Error, 0)
		ints(p+".winner", w.Winner, g.Winner)
		ints(p+".predicted_winner", w.PredictedWinner, g.PredictedWinner)
		ints(p+".predicted_winner_finite", w.PredictedWinnerFinite, g.PredictedWinnerFinite)
		ints(p+".uni_zero_error_step", w.UniZeroErrorStep, g.UniZeroErrorStep)
		for r := 0; r < min(len(w.Learned), len(g.Learned)); r++ {
			for j := 0; j < min(len(w.Learned[r]), len(g.Learned[r])); j++ {
				if w.Learned[r][j] != g.Learned[r][j] {
					add("%s.learned[%d][%d]: want %v, got %v", p, r, j, w.Learned[r][j], g.Learned[r][j])
				}
			}
		}
		for r := 0; r < min(len(w.LambdaFinal), len(g.LambdaFinal)); r++ {
			nums(fmt.Sprintf("%s.lambda_final[%d]", p, r), w.LambdaFinal[r], g.LambdaFinal[r], 0, tol.Lambda)
		}
		nums(p+".head_mass", w.HeadMass, g.HeadMass, 0, tol.Lambda)
	}
	gotV := nanSafe(got).Verdicts
	for i := 0; i < min(len(want.Verdicts), len(gotV)); i++ {
		w, g := want.Verdicts[i], gotV[i]
		p := fmt.Sprintf("verdicts[%s]", w.Claim)
		if w.Claim != g.Claim || w.Mark() != g.Mark() {
			add("%s: want %s %s, got %s %s (%s)", p, w.Claim, w.Mark(), g.Claim, g.Mark(), g.Explanation)
		}
		num(p+".statistic", w.Statistic, g.Statistic, tol.Statistic, 0)
		num(p+".lo", w.Lo, g.Lo, tol.Statistic, 0)
		num(p+".hi", w.Hi, g.Hi, tol.Statistic, 0)
		if w.Explanation != g.Explanation {
			add("%s.explanation: want %q, got %q", p, w.Explanation, g.Explanation)
		}
	}
	return diffs
}

// FirstSeeds returns g restricted to the runs of its first n seeds, without
// the verdicts (they depend on every seed): what a check of fewer seeds than
// the file holds can compare.
func (g Golden) FirstSeeds(n int) Golden {
	n = min(n, len(g.Runs), len(g.Seeds))
	out := g
	out.Seeds, out.Runs, out.Verdicts = g.Seeds[:n:n], g.Runs[:n:n], nil
	return out
}

// SafeVerdicts returns the verdicts with NaN statistics replaced as in golden
// files, so that they encode as JSON.
func (g Golden) SafeVerdicts() []claims.Verdict { return nanSafe(g).Verdicts }
