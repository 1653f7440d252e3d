// Package param defines Case, the full parameter set of one modality-competition
// experiment: the data distribution D, the networks, and gradient descent.
//
// Every symbol of the model specification is a documented field. Field names in
// JSON (and in the command line's -set key=value) are the lower-case keys shown
// in each field's tag.
package param

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/modcomp/modcomp/core/exactmath"
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

	// Source is where the samples come from: "" for the paper's
	// distribution D (every field above describes it), or the name of a
	// registered real dataset's source (core/data.RegisterSource; "mnist-halves"
	// and "mnist-noisy" are datasets/mnist's), whose own rules fix R, K and D
	// and leave the distribution's fields unused.
	Source string `json:"source,omitempty"`
	// ViewNoise is the standard deviation of Gaussian noise added to every
	// raw value (pixel intensity in [0, 1]) of a real dataset's view 1
	// before preprocessing, the degraded view of a control (0: none; only
	// with a Source).
	ViewNoise float64 `json:"view_noise,omitempty"`

	// Method is how the late-fusion net is trained (one of MethodNames(); ""
	// is MethodJoint). The settings below, and Settings, belong to one
	// method each and must be zero (unset) for the others; their zero values
	// are documented per field.
	Method string `json:"method,omitempty"`
	// PreSteps is pretrain's number of uni-modal steps that train each encoder
	// alone before the T joint steps; pretrain requires it (≥ 1: with none
	// it would be joint training).
	PreSteps int `json:"pre_steps,omitempty"`
	// PDrop is moddrop's probability in [0, 1) that a sample's modality-r
	// branch is dropped in a draw (0: nothing is dropped). A draw that drops
	// every branch is drawn again, so the rate at which a branch is
	// actually dropped is lower: EffectiveDropRate.
	PDrop float64 `json:"p_drop,omitempty"`
	// Alpha is ogm-ge's modulation strength α ≥ 0: the dominant modality's
	// encoder gradient is scaled by 1 − tanh(α·ratio) (0: no
	// modulation, the Gaussian enhancement only).
	Alpha float64 `json:"alpha,omitempty"`
	// BlendTrial is gblend's number of trial steps for the offline estimate
	// of the blending weights (0: T/4).
	BlendTrial int `json:"blend_trial,omitempty"`
	// BlendHoldout is gblend's fraction of the training set held out to
	// measure generalisation during the trial, in [0, 1) (0: 0.2).
	BlendHoldout float64 `json:"blend_holdout,omitempty"`
	// Settings holds the settings of the methods that declare their own
	// (MethodSpec.Settings), by dotted key ("agm.alpha"); an unset setting
	// takes its default (Case.Setting). nil: none set.
	Settings map[string]float64 `json:"settings,omitempty"`

	// Dictionary is how the dictionaries are orthogonalised: DictionaryGonumQR
	// (gonum's blocked QR as its amd64 build computes it, core/gonumla; ""
	// means it) or DictionaryHouseholder (modcomp's own unblocked Householder
	// QR). Both give the Q factor of the same Gaussian matrix with R's
	// diagonal positive, equal to rounding, and each the same bits on every
	// build and architecture.
	Dictionary string `json:"dictionary,omitempty"`

	// Activation is the encoders' activation: ActivationSmooth (the model's
	// smoothed ReLU with Q and Rho; "" means it) or ActivationReLU (the plain
	// ReLU; Rho still sets the threshold of Kappa's "learned").
	Activation string `json:"activation,omitempty"`
	// Head is the fusion head: HeadFixed (the model's all-ones head, F_j the
	// sum of class j's neurons; "" means it) or HeadLearned (a linear head over
	// all neurons of all modalities, trained with the encoders).
	Head string `json:"head,omitempty"`
	// HeadInit is a learned head's initial value: HeadInitOnes (the all-ones
	// pattern of the fixed head; "" means it) or HeadInitRandom (every entry
	// i.i.d. N(0, HeadSigma²) from the seed's head stream).
	HeadInit string `json:"head_init,omitempty"`
	// HeadSigma is the standard deviation of a random head (> 0; only with
	// head_init random).
	HeadSigma float64 `json:"head_sigma,omitempty"`
	// HeadEta is a learned head's own step size (0: Eta).
	HeadEta float64 `json:"head_eta,omitempty"`
	// Optimizer is how gradients update the weights: OptimizerGD (plain
	// gradient descent, W ← W − η∇W; "" means it) or OptimizerAdam.
	Optimizer string `json:"optimizer,omitempty"`
	// Beta1 and Beta2 are Adam's decay rates of the first and second moment
	// estimates, each in [0, 1); Eps (> 0) is the constant added to the root
	// of the second moment. They are read as given (no defaults): the usual
	// values are 0.9, 0.999 and 1e-8.
	Beta1 float64 `json:"beta1,omitempty"`
	Beta2 float64 `json:"beta2,omitempty"`
	Eps   float64 `json:"eps,omitempty"`
	// Batch is the minibatch size (0: full batch, the model's). With a batch
	// b in [1, N] every step of the T is an epoch: the training set is
	// shuffled from the seed's shuffle stream and visited in ⌈N/b⌉
	// minibatches, each step of size η·|batch|/N on its batch's mean loss, so
	// an epoch takes the same N sample gradients and the same η·T as one
	// full-batch step (b = N is full-batch training on a shuffled order: the
	// same step up to the order of the sums).
	Batch int `json:"batch,omitempty"`
	// BatchRate is the minibatch step-size convention: BatchRateEpoch ("",
	// the default above: η·|batch|/N a batch, one epoch the size of one
	// full-batch step) or BatchRateBatch (η a batch, the usual convention of
	// minibatch SGD: an epoch moves N/|batch| times as far).
	BatchRate string `json:"batch_rate,omitempty"`

	// Until is the stopping rule of every net: UntilSteps (all Steps steps;
	// "" means it) or UntilZeroError (each net stops at the first step t at
	// which W(t) classifies every training sample right and its training
	// loss is below UntilLoss, after at most Steps steps).
	Until string `json:"until,omitempty"`
	// UntilLoss is zero-error's bound on the training loss (0: no bound, the
	// training error alone decides).
	UntilLoss float64 `json:"until_loss,omitempty"`
}

// The stopping rules (Case.Until).
const (
	// UntilSteps trains every net for Steps steps, the model's.
	UntilSteps = "steps"
	// UntilZeroError stops each net at exactly zero training error (and a
	// loss below UntilLoss), after at most Steps steps.
	UntilZeroError = "zero-error"
)

// The minibatch step-size conventions (Case.BatchRate).
const (
	// BatchRateEpoch scales each batch's step by |batch|/N, so that an
	// epoch takes the same η·T as full-batch training.
	BatchRateEpoch = "epoch"
	// BatchRateBatch takes η at every batch step.
	BatchRateBatch = "batch"
)

// BatchStep is the step size of a minibatch of size of an epoch over n
// samples, under the case's BatchRate.
func (c *Case) BatchStep(eta float64, size, n int) float64 {
	if c.BatchRate == BatchRateBatch {
		return eta
	}
	return float64(eta * (float64(size) / float64(n)))
}

// The dictionary constructions (the values of Case.Dictionary).
const (
	// DictionaryGonumQR orthogonalises with gonum's QR (mat.QR), computed
	// by core/gonumla as gonum's amd64 build computes it.
	DictionaryGonumQR = "gonum-qr"
	// DictionaryHouseholder orthogonalises with core/data's Householder QR.
	DictionaryHouseholder = "householder"
)

// The activations (the values of Case.Activation).
const (
	// ActivationSmooth is the model's smoothed ReLU (Q, Rho).
	ActivationSmooth = "smooth"
	// ActivationReLU is the plain ReLU max(u, 0).
	ActivationReLU = "relu"
)

// The fusion heads (Case.Head) and a learned head's initial values
// (Case.HeadInit).
const (
	// HeadFixed is the model's all-ones head.
	HeadFixed = "fixed"
	// HeadLearned is a trainable linear head over every neuron.
	HeadLearned = "learned"
	// HeadInitOnes starts a learned head at the all-ones pattern.
	HeadInitOnes = "ones"
	// HeadInitRandom starts a learned head at small Gaussian entries.
	HeadInitRandom = "random"
)

// The optimizers (Case.Optimizer).
const (
	// OptimizerGD is plain gradient descent, the model's.
	OptimizerGD = "gd"
	// OptimizerAdam is Adam with bias correction (Beta1, Beta2, Eps).
	OptimizerAdam = "adam"
)

// The training methods whose settings predate the method registry (the
// values of Case.Method; builtin.go declares them, core/train implements
// each). A method added since declares its name in its own file
// (MethodNames lists them all).
const (
	// MethodJoint is full-batch gradient descent of the late-fusion net (the
	// paper's setting and the default).
	MethodJoint = "joint"
	// MethodEnsemble fuses the trained uni-modal nets by summing their logits;
	// there is no joint step.
	MethodEnsemble = "ensemble"
	// MethodPretrain trains each encoder as its uni-modal net for PreSteps,
	// then the late-fusion net from those encoders for T steps.
	MethodPretrain = "pretrain"
	// MethodModDrop drops each sample's modality-r branch with probability
	// PDrop at every step, never all of a sample's branches at once.
	MethodModDrop = "moddrop"
	// MethodOGMGE is on-the-fly gradient modulation with generalisation
	// enhancement (strength Alpha).
	MethodOGMGE = "ogm-ge"
	// MethodGBlend adds each branch's uni-modal loss to the fused loss, with
	// Gradient-Blending's weights estimated offline (BlendTrial, BlendHoldout).
	MethodGBlend = "gblend"
	// MethodMMPareto steps each encoder on a Pareto integration of the
	// gradients of the fused loss and of its own branch's loss (Wei & Hu,
	// ICML 2024); it has no settings.
	MethodMMPareto = "mmpareto"
)

// MethodName returns the case's method, MethodJoint for "".
func (c *Case) MethodName() string {
	if c.Method == "" {
		return MethodJoint
	}
	return c.Method
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
	c.Settings = maps.Clone(c.Settings)
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

// EffectiveDropRate is the probability that moddrop drops a given branch of
// a sample at a step: independent drops with probability p = PDrop,
// conditioned on keeping at least one of the R branches,
// (p − p^R)/(1 − p^R); p/(1 + p) for R = 2 (1/3 at p = 0.5).
func (c *Case) EffectiveDropRate() float64 {
	p := c.PDrop
	pr := exactmath.Pow(p, float64(c.R))
	return (p - pr) / (1 - pr)
}

// Validate checks every rule of the model and returns the first broken one as a
// *FieldError naming the field, or nil. It never panics.
func (c *Case) Validate() error {
	var ch checker
	c.validateSizes(&ch)
	c.validateDistribution(&ch)
	c.validatePerModality(&ch)
	c.validateMethod(ch.add)
	c.validateTraining(ch.add, ch.finite)
	if len(ch.errs) > 0 {
		return ch.errs[0]
	}
	return nil
}

// checker collects the broken rules in the order they are checked.
type checker struct{ errs []error }

func (ch *checker) add(err error) { ch.errs = append(ch.errs, err) }

// finite adds a rule for a NaN or infinite v and reports whether v is finite.
func (ch *checker) finite(field string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		ch.add(bad(field, "must be a finite number, got %v", v))
		return false
	}
	return true
}

func (ch *checker) positive(field string, v float64) {
	if ch.finite(field, v) && v <= 0 {
		ch.add(bad(field, "must be > 0, got %v", v))
	}
}

func (ch *checker) nonNeg(field string, v float64) {
	if ch.finite(field, v) && v < 0 {
		ch.add(bad(field, "must be ≥ 0, got %v", v))
	}
}

func (ch *checker) atLeast(field string, v, lo int) {
	if v < lo {
		ch.add(bad(field, "must be ≥ %d, got %d", lo, v))
	}
}

// validateSizes checks the integer sizes: their lower bounds, and the upper
// bounds that keep every array within MaxElements.
func (c *Case) validateSizes(ch *checker) {
	ch.atLeast("r", c.R, 2)
	ch.atLeast("k", c.K, 2)
	ch.atLeast("d", c.D, 1)
	ch.atLeast("m", c.M, 1)
	ch.atLeast("q", c.Q, 3)
	ch.atLeast("n", c.N, 1)
	ch.atLeast("n_test", c.NTest, 1)
	ch.atLeast("steps", c.Steps, 1)
	ch.atLeast("lambda_points", c.LambdaPoints, 2)
	ch.atLeast("s", c.S, 0)
	if c.R > MaxModalities {
		ch.add(bad("r", "must be ≤ %d, got %d", MaxModalities, c.R))
	}
	if c.Steps > MaxSteps {
		ch.add(bad("steps", "must be ≤ %d, got %d", MaxSteps, c.Steps))
	}
	if c.LambdaPoints > MaxLambdaPoints {
		ch.add(bad("lambda_points", "must be ≤ %d, got %d", MaxLambdaPoints, c.LambdaPoints))
	}
	if c.D > 0 && c.D > MaxElements/c.D {
		ch.add(bad("d", "d·d (one dictionary) must be ≤ %d, got %d·%d", MaxElements, c.D, c.D))
	}
	if c.Q > 64 {
		ch.add(bad("q", "must be ≤ 64, got %d", c.Q))
	}
	if c.K > c.D && c.D >= 1 && c.K >= 2 {
		ch.add(bad("k", "must be ≤ d (one dictionary column per class), got k=%d > d=%d", c.K, c.D))
	}
	if c.S >= c.K && c.K >= 2 && c.S >= 0 {
		ch.add(bad("s", "must be < k (off-target coordinates come from the other classes), got s=%d, k=%d", c.S, c.K))
	}
	if c.D >= 1 && c.N >= 1 && c.N > MaxElements/c.D {
		ch.add(bad("n", "n·d must be ≤ %d, got %d·%d", MaxElements, c.N, c.D))
	}
	if c.D >= 1 && c.NTest >= 1 && c.NTest > MaxElements/c.D {
		ch.add(bad("n_test", "n_test·d must be ≤ %d, got %d·%d", MaxElements, c.NTest, c.D))
	}
	if c.D >= 1 && c.K >= 2 && c.M >= 1 && c.M > MaxElements/c.D/c.K {
		ch.add(bad("m", "k·m·d must be ≤ %d, got %d·%d·%d", MaxElements, c.K, c.M, c.D))
	}
}

// validateDistribution checks the scalars of the model and its data: scales,
// probabilities, the ranges of the insufficient and off-target signals and
// the pattern.
func (c *Case) validateDistribution(ch *checker) {
	ch.positive("rho", c.Rho)
	ch.positive("sigma0", c.Sigma0)
	ch.positive("eta", c.Eta)
	ch.nonNeg("gamma", c.Gamma)
	ch.nonNeg("sigma_g", c.SigmaG)
	ch.nonNeg("spike_scale", c.SpikeScale)
	if ch.finite("spike_prob", c.SpikeProb) && (c.SpikeProb < 0 || c.SpikeProb > 1) {
		ch.add(bad("spike_prob", "must be in [0, 1], got %v", c.SpikeProb))
	}
	if ch.finite("kappa", c.Kappa) && (c.Kappa < 0 || c.Kappa > 1) {
		ch.add(bad("kappa", "must be in [0, 1], got %v", c.Kappa))
	}
	ch.nonNeg("insuff_lo", c.InsuffLo)
	if ch.finite("insuff_hi", c.InsuffHi) && c.InsuffHi < c.InsuffLo {
		ch.add(bad("insuff_hi", "must be ≥ insuff_lo (%v), got %v", c.InsuffLo, c.InsuffHi))
	}
	if ch.finite("off_lo", c.OffLo) && c.OffLo <= c.InsuffHi {
		ch.add(bad("off_lo", "must be > insuff_hi (%v): the insufficient target is smaller than the off-target signal, got %v", c.InsuffHi, c.OffLo))
	}
	if ch.finite("off_hi", c.OffHi) && c.OffHi < c.OffLo {
		ch.add(bad("off_hi", "must be ≥ off_lo (%v), got %v", c.OffLo, c.OffHi))
	}
	if ch.finite("view_noise", c.ViewNoise) && c.ViewNoise != 0 {
		if c.ViewNoise < 0 {
			ch.add(bad("view_noise", "must be ≥ 0, got %v", c.ViewNoise))
		} else if c.Source == "" {
			ch.add(bad("view_noise", "degrades a real dataset's view and needs a source, got %v with the paper's distribution", c.ViewNoise))
		}
	}
	if c.Dictionary != "" && c.Source != "" {
		ch.add(bad("dictionary", "chooses how the paper's distribution draws its dictionaries; a real dataset (source %q) has none", c.Source))
	}
	switch c.Pattern {
	case Exclusive, Independent:
	default:
		ch.add(bad("pattern", "must be %q or %q, got %q", Exclusive, Independent, c.Pattern))
	}
}

// validatePerModality checks the per-modality lists: one finite value per
// modality, μ in [0, 1] (Σμ ≤ 1 for the exclusive pattern), 0 < a_r ≤ b_r.
func (c *Case) validatePerModality(ch *checker) {
	perModality := func(field string, v []float64) bool {
		if c.R >= 2 && len(v) != c.R {
			ch.add(bad(field, "needs one value per modality (r=%d), got %d", c.R, len(v)))
			return false
		}
		ok := true
		for i, x := range v {
			ok = ch.finite(fmt.Sprintf("%s[%d]", field, i), x) && ok
		}
		return ok
	}
	if perModality("mu", c.Mu) {
		sum := 0.0
		for i, mu := range c.Mu {
			if mu < 0 || mu > 1 {
				ch.add(bad(fmt.Sprintf("mu[%d]", i), "must be in [0, 1], got %v", mu))
			}
			sum += mu
		}
		if c.Pattern == Exclusive && sum > 1+1e-12 {
			ch.add(bad("mu", "exclusive pattern needs Σμ ≤ 1, got %v", sum))
		}
	}
	okA, okB := perModality("a", c.A), perModality("b", c.B)
	if okA && okB {
		for i := range c.A {
			if c.A[i] <= 0 {
				ch.add(bad(fmt.Sprintf("a[%d]", i), "must be > 0, got %v", c.A[i]))
			}
			if c.B[i] < c.A[i] {
				ch.add(bad(fmt.Sprintf("b[%d]", i), "must be ≥ a[%d] (%v), got %v", i, c.A[i], c.B[i]))
			}
		}
	}
}

// validateTraining checks the standard-training settings: the activation,
// the head, the optimizer and the minibatch, each in range, set only where it
// belongs, and combined only with the methods that support it.
func (c *Case) validateTraining(add func(error), finite func(string, float64) bool) {
	oneOf := func(field, v string, allowed ...string) bool {
		if v != "" && !slices.Contains(allowed, v) {
			add(bad(field, "must be one of %s, got %q", strings.Join(allowed, ", "), v))
			return false
		}
		return true
	}
	oneOf("activation", c.Activation, ActivationSmooth, ActivationReLU)
	oneOf("dictionary", c.Dictionary, DictionaryGonumQR, DictionaryHouseholder)
	if oneOf("head", c.Head, HeadFixed, HeadLearned) && !c.LearnedHead() {
		for _, f := range []struct {
			field string
			set   bool
		}{{"head_init", c.HeadInit != ""}, {"head_sigma", c.HeadSigma != 0}, {"head_eta", c.HeadEta != 0}} {
			if f.set {
				add(bad(f.field, "is a setting of the learned head; set head=learned or leave it out"))
			}
		}
	}
	oneOf("head_init", c.HeadInit, HeadInitOnes, HeadInitRandom)
	if finite("head_sigma", c.HeadSigma) {
		switch {
		case c.HeadSigma < 0:
			add(bad("head_sigma", "must be > 0, got %v", c.HeadSigma))
		case c.HeadInit == HeadInitRandom && c.HeadSigma == 0:
			add(bad("head_sigma", "must be > 0 with head_init=random (the entries' standard deviation)"))
		case c.HeadInit != HeadInitRandom && c.HeadSigma != 0 && c.LearnedHead():
			add(bad("head_sigma", "is a setting of head_init=random"))
		}
	}
	if finite("head_eta", c.HeadEta) && c.HeadEta < 0 {
		add(bad("head_eta", "must be ≥ 0 (0: eta), got %v", c.HeadEta))
	}
	if oneOf("optimizer", c.Optimizer, OptimizerGD, OptimizerAdam) && !c.Adam() {
		for _, f := range []struct {
			field string
			set   bool
		}{{"beta1", c.Beta1 != 0}, {"beta2", c.Beta2 != 0}, {"eps", c.Eps != 0}} {
			if f.set {
				add(bad(f.field, "is a setting of optimizer adam, not of %s", OptimizerGD))
			}
		}
	}
	for _, b := range []struct {
		field string
		v     float64
	}{{"beta1", c.Beta1}, {"beta2", c.Beta2}} {
		if finite(b.field, b.v) && (b.v < 0 || b.v >= 1) {
			add(bad(b.field, "must be in [0, 1), got %v", b.v))
		}
	}
	if finite("eps", c.Eps) && c.Adam() && c.Eps <= 0 {
		add(bad("eps", "must be > 0 with optimizer adam (the usual value is 1e-8), got %v", c.Eps))
	}
	if c.Batch < 0 || (c.N >= 1 && c.Batch > c.N) {
		add(bad("batch", "must be in [1, n=%d] (leave it out for full batch), got %d", c.N, c.Batch))
	}
	if oneOf("batch_rate", c.BatchRate, BatchRateEpoch, BatchRateBatch) && c.BatchRate != "" && c.Batch == 0 {
		add(bad("batch_rate", "is a setting of a minibatch (set batch)"))
	}
	if oneOf("until", c.Until, UntilSteps, UntilZeroError) && !c.ZeroErrorStop() && c.UntilLoss != 0 {
		add(bad("until_loss", "is a setting of until=%s", UntilZeroError))
	}
	if finite("until_loss", c.UntilLoss) && c.UntilLoss < 0 {
		add(bad("until_loss", "must be ≥ 0 (0: no bound on the loss), got %v", c.UntilLoss))
	}
	standard := c.Batch != 0 || c.LearnedHead() || c.Adam()
	if spec, ok := methodSpecs[c.MethodName()]; ok && standard && !spec.Variants {
		var with []string
		for _, name := range methodOrder {
			if methodSpecs[name].Variants {
				with = append(with, name)
			}
		}
		add(bad("method", "%s does not combine with a minibatch, a learned head or Adam (%s do)", c.MethodName(), strings.Join(with, ", ")))
	}
}

// ZeroErrorStop reports whether every net stops at zero training error.
func (c *Case) ZeroErrorStop() bool { return c.Until == UntilZeroError }

// LearnedHead reports whether the case trains a linear fusion head.
func (c *Case) LearnedHead() bool { return c.Head == HeadLearned }

// Adam reports whether the case's optimizer is Adam.
func (c *Case) Adam() bool { return c.Optimizer == OptimizerAdam }

// ReLU reports whether the case's activation is the plain ReLU.
func (c *Case) ReLU() bool { return c.Activation == ActivationReLU }

// HeadStep is a learned head's step size: HeadEta, or Eta.
func (c *Case) HeadStep() float64 {
	if c.HeadEta > 0 {
		return c.HeadEta
	}
	return c.Eta
}

// BlendTrialSteps is gblend's trial length: BlendTrial, or T/4 (at least 1).
func (c *Case) BlendTrialSteps() int {
	if c.BlendTrial > 0 {
		return c.BlendTrial
	}
	return max(c.Steps/4, 1)
}

// BlendHoldoutFraction is gblend's held-out fraction: BlendHoldout, or 0.2.
func (c *Case) BlendHoldoutFraction() float64 {
	if c.BlendHoldout > 0 {
		return c.BlendHoldout
	}
	return 0.2
}
