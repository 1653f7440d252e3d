// Package param defines Case, the full parameter set of one modality-competition
// experiment: the data distribution D, the networks, and gradient descent.
//
// Every symbol of the model specification is a documented field. Field names in
// JSON (and in the command line's -set key=value) are the lower-case keys shown
// in each field's tag.
package param

import (
	"fmt"
	"math"
)

// Insufficiency patterns: how the modalities of one sample are made insufficient.
const (
	// Exclusive makes modality r insufficient with probability μ_r and at most
	// one modality insufficient per sample; it needs Σ_r μ_r ≤ 1.
	Exclusive = "exclusive"
	// Independent makes each modality insufficient independently with
	// probability μ_r.
	Independent = "independent"
)

// Case holds every parameter of one experiment. Per-modality fields are slices of
// length R. The zero value is invalid; start from Default and change fields.
type Case struct {
	// R is the number of modalities (the paper's 2; R ≥ 2).
	R int `json:"r"`
	// K is the number of classes.
	K int `json:"k"`
	// D is the input dimension of every modality (d); the dictionary is d×d.
	D int `json:"d"`
	// M is the number of neurons per class in each encoder (m).
	M int `json:"m"`
	// Q is the smoothed ReLU's integer power (q ≥ 3).
	Q int `json:"q"`
	// Rho is the smoothed ReLU's threshold ϱ > 0.
	Rho float64 `json:"rho"`

	// Mu is μ_r, the probability that modality r is insufficient for a sample.
	Mu []float64 `json:"mu"`
	// Pattern is Exclusive or Independent (see those constants).
	Pattern string `json:"pattern"`
	// A and B bound the sufficient target coordinate z_{r,y} ~ U[a_r, b_r]; a
	// larger range makes modality r stronger.
	A []float64 `json:"a"`
	B []float64 `json:"b"`
	// Gamma bounds the sufficient off-target coordinates, each ~ U[0, γ].
	Gamma float64 `json:"gamma"`
	// S is the number of off-target class coordinates per sample (s < k), drawn
	// without replacement from the other classes.
	S int `json:"s"`
	// InsuffLo and InsuffHi bound the insufficient target z_{r,y} ~ U[ρ_lo, ρ_hi].
	InsuffLo float64 `json:"insuff_lo"`
	InsuffHi float64 `json:"insuff_hi"`
	// OffLo and OffHi bound the insufficient off-target coordinates, each
	// ~ U[c_lo, c_hi], with c_lo > ρ_hi.
	OffLo float64 `json:"off_lo"`
	OffHi float64 `json:"off_hi"`
	// SpikeScale (γ_f) and SpikeProb (π_f) define the feature noise ζ: every
	// coordinate is γ_f with probability π_f, else 0. SpikeProb 0 turns it off.
	SpikeScale float64 `json:"spike_scale"`
	SpikeProb  float64 `json:"spike_prob"`
	// SigmaG is the Gaussian noise level σ_g: ξ_r ~ N(0, σ_g² I_d).
	SigmaG float64 `json:"sigma_g"`

	// N is the number of training samples; NTest the number of test samples.
	N     int `json:"n"`
	NTest int `json:"n_test"`

	// Sigma0 is the initial weight scale σ0: every weight is i.i.d. N(0, σ0²).
	Sigma0 float64 `json:"sigma0"`
	// Eta is the gradient-descent learning rate η.
	Eta float64 `json:"eta"`
	// Steps is the number of full-batch gradient-descent steps T.
	Steps int `json:"steps"`
	// LambdaPoints is the number of log-spaced steps at which Λ is recorded
	// (steps 0 and T are always included).
	LambdaPoints int `json:"lambda_points"`
	// Kappa is κ: modality r has learned class j when Λ_{r,j}(T) ≥ ϱ and
	// Λ_{r,j}(T) ≥ κ · max_r' Λ_{r',j}(T).
	Kappa float64 `json:"kappa"`
}

// Default returns the canonical two-modality case: k = 10 classes, m = 10
// neurons per class, q = 3, ϱ = 0.1, μ = (0.1, 0.3) exclusive, sufficient target
// U[1, 1.5] in both modalities, γ = 0.1, s = 2, insufficient target U[0.05, 0.15],
// off-target U[0.5, 1], σ_g = 0.14, d = 500, N = 500, σ0 = 1e-6, η = 2.
func Default() Case {
	return Case{
		R: 2, K: 10, D: 500, M: 10, Q: 3, Rho: 0.1,
		Mu: []float64{0.1, 0.3}, Pattern: Exclusive,
		A: []float64{1, 1}, B: []float64{1.5, 1.5},
		Gamma: 0.1, S: 2,
		InsuffLo: 0.05, InsuffHi: 0.15, OffLo: 0.5, OffHi: 1,
		SpikeScale: 0, SpikeProb: 0,
		SigmaG: 0.14,
		N:      500, NTest: 2000,
		Sigma0: 1e-6, Eta: 2, Steps: 3000, LambdaPoints: 40, Kappa: 0.5,
	}
}

// Clone returns a deep copy of c (the per-modality slices are copied).
func (c Case) Clone() Case {
	c.Mu = append([]float64(nil), c.Mu...)
	c.A = append([]float64(nil), c.A...)
	c.B = append([]float64(nil), c.B...)
	return c
}

// FieldError reports a parameter that breaks a rule. Field is the JSON key.
type FieldError struct {
	Field string
	Rule  string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Rule }

func bad(field, format string, args ...any) error {
	return &FieldError{Field: field, Rule: fmt.Sprintf(format, args...)}
}

// MaxElements bounds the size of one data matrix (N·d and NTest·d), of one
// dictionary (d·d) and of one weight matrix (k·m·d), so that a typo cannot ask
// for terabytes. Commands also refuse a case whose whole run would not fit in
// the machine's memory (see train.MemoryNeeded).
const MaxElements = 1 << 28

// Bounds on the sizes that drive time rather than memory.
const (
	// MaxSteps bounds T (a billion steps of the smallest case take days).
	MaxSteps = 1_000_000_000
	// MaxLambdaPoints bounds the Λ schedule's length.
	MaxLambdaPoints = 100_000
	// MaxModalities bounds R (insufficiency patterns are bit masks).
	MaxModalities = 32
)

// Validate checks every rule of the model and returns the first broken one as a
// *FieldError naming the field, or nil. It never panics.
func (c *Case) Validate() error {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	finite := func(field string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			add(bad(field, "must be a finite number, got %v", v))
			return false
		}
		return true
	}
	positive := func(field string, v float64) {
		if finite(field, v) && v <= 0 {
			add(bad(field, "must be > 0, got %v", v))
		}
	}
	nonNeg := func(field string, v float64) {
		if finite(field, v) && v < 0 {
			add(bad(field, "must be ≥ 0, got %v", v))
		}
	}
	atLeast := func(field string, v, lo int) {
		if v < lo {
			add(bad(field, "must be ≥ %d, got %d", lo, v))
		}
	}
	atLeast("r", c.R, 2)
	atLeast("k", c.K, 2)
	atLeast("d", c.D, 1)
	atLeast("m", c.M, 1)
	atLeast("q", c.Q, 3)
	atLeast("n", c.N, 1)
	atLeast("n_test", c.NTest, 1)
	atLeast("steps", c.Steps, 1)
	atLeast("lambda_points", c.LambdaPoints, 2)
	atLeast("s", c.S, 0)
	if c.R > MaxModalities {
		add(bad("r", "must be ≤ %d, got %d", MaxModalities, c.R))
	}
	if c.Steps > MaxSteps {
		add(bad("steps", "must be ≤ %d, got %d", MaxSteps, c.Steps))
	}
	if c.LambdaPoints > MaxLambdaPoints {
		add(bad("lambda_points", "must be ≤ %d, got %d", MaxLambdaPoints, c.LambdaPoints))
	}
	if c.D > 0 && c.D > MaxElements/c.D {
		add(bad("d", "d·d (one dictionary) must be ≤ %d, got %d·%d", MaxElements, c.D, c.D))
	}
	if c.Q > 64 {
		add(bad("q", "must be ≤ 64, got %d", c.Q))
	}
	if c.K > c.D && c.D >= 1 && c.K >= 2 {
		add(bad("k", "must be ≤ d (one dictionary column per class), got k=%d > d=%d", c.K, c.D))
	}
	if c.S >= c.K && c.K >= 2 && c.S >= 0 {
		add(bad("s", "must be < k (off-target coordinates come from the other classes), got s=%d, k=%d", c.S, c.K))
	}
	if c.D >= 1 && c.N >= 1 && c.N > MaxElements/c.D {
		add(bad("n", "n·d must be ≤ %d, got %d·%d", MaxElements, c.N, c.D))
	}
	if c.D >= 1 && c.NTest >= 1 && c.NTest > MaxElements/c.D {
		add(bad("n_test", "n_test·d must be ≤ %d, got %d·%d", MaxElements, c.NTest, c.D))
	}
	if c.D >= 1 && c.K >= 2 && c.M >= 1 && c.M > MaxElements/c.D/c.K {
		add(bad("m", "k·m·d must be ≤ %d, got %d·%d·%d", MaxElements, c.K, c.M, c.D))
	}
	positive("rho", c.Rho)
	positive("sigma0", c.Sigma0)
	positive("eta", c.Eta)
	nonNeg("gamma", c.Gamma)
	nonNeg("sigma_g", c.SigmaG)
	nonNeg("spike_scale", c.SpikeScale)
	if finite("spike_prob", c.SpikeProb) && (c.SpikeProb < 0 || c.SpikeProb > 1) {
		add(bad("spike_prob", "must be in [0, 1], got %v", c.SpikeProb))
	}
	if finite("kappa", c.Kappa) && (c.Kappa < 0 || c.Kappa > 1) {
		add(bad("kappa", "must be in [0, 1], got %v", c.Kappa))
	}
	nonNeg("insuff_lo", c.InsuffLo)
	if finite("insuff_hi", c.InsuffHi) && c.InsuffHi < c.InsuffLo {
		add(bad("insuff_hi", "must be ≥ insuff_lo (%v), got %v", c.InsuffLo, c.InsuffHi))
	}
	if finite("off_lo", c.OffLo) && c.OffLo <= c.InsuffHi {
		add(bad("off_lo", "must be > insuff_hi (%v): the insufficient target is smaller than the off-target signal, got %v", c.InsuffHi, c.OffLo))
	}
	if finite("off_hi", c.OffHi) && c.OffHi < c.OffLo {
		add(bad("off_hi", "must be ≥ off_lo (%v), got %v", c.OffLo, c.OffHi))
	}
	switch c.Pattern {
	case Exclusive, Independent:
	default:
		add(bad("pattern", "must be %q or %q, got %q", Exclusive, Independent, c.Pattern))
	}
	perModality := func(field string, v []float64) bool {
		if c.R >= 2 && len(v) != c.R {
			add(bad(field, "needs one value per modality (r=%d), got %d", c.R, len(v)))
			return false
		}
		ok := true
		for i, x := range v {
			ok = finite(fmt.Sprintf("%s[%d]", field, i), x) && ok
		}
		return ok
	}
	if perModality("mu", c.Mu) {
		sum := 0.0
		for i, mu := range c.Mu {
			if mu < 0 || mu > 1 {
				add(bad(fmt.Sprintf("mu[%d]", i), "must be in [0, 1], got %v", mu))
			}
			sum += mu
		}
		if c.Pattern == Exclusive && sum > 1+1e-12 {
			add(bad("mu", "exclusive pattern needs Σμ ≤ 1, got %v", sum))
		}
	}
	okA, okB := perModality("a", c.A), perModality("b", c.B)
	if okA && okB {
		for i := range c.A {
			if c.A[i] <= 0 {
				add(bad(fmt.Sprintf("a[%d]", i), "must be > 0, got %v", c.A[i]))
			}
			if c.B[i] < c.A[i] {
				add(bad(fmt.Sprintf("b[%d]", i), "must be ≥ a[%d] (%v), got %v", i, c.A[i], c.B[i]))
			}
		}
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
