package train

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// AGM is adaptive gradient modulation (Li, Li, Hu & Yang, ICCV 2023), in the
// two-modality form GeWu-Lab/BalanceBenchmark keeps (balancemm/trainer/
// AGM_trainer.py at 1d19353, the commented two-modality branch of
// training_step; the file's R-modality branches write the reciprocal ratio,
// under which a branch whose lead grows is sped up rather than slowed — see
// docs/model.md). At step t (iteration i = t + 1), with F_r the logits of
// modality r's branch of the fused net — in this late-fusion model with an
// additive head, exactly modality r's Shapley contribution,
// ½[(F(x) − F(x without r)) + (F(x only r) − F(∅))], which the code computes
// from forward passes with zero-padded inputs —
//
//	s_r = (1/N) Σ_i −log max(softmax(F_r(x_i))_{y_i}, 1e-8)   (the mono-modal score)
//	ratio_r = exp(R/(R−1)·(s̄ − s_r)),  optimal_r = exp(R/(R−1)·(ŝ̄ − ŝ_r))
//	k_r = exp(α·min(optimal_r − ratio_r, 10))
//	ŝ_r ← ŝ_r·(i − 1)/i + s_r/i
//	W_r ← W_r − η·k_r·∇W_r
//
// where s̄ is the mean of the s_r over modalities and ŝ_r the running mean
// of s_r over the past steps (0 before the first, as the code starts it).
// With two modalities ratio_0 = exp(s_1 − s_0): the branch that leads (lower
// loss) has ratio > 1, and its step shrinks when its lead grows faster than
// its running average's, while the lagging branch's grows (by at most
// e^{10α}).
//
// Adaptation to this model: the code multiplies the gradient of each
// modality's encoder parameters (BalanceBenchmark: every weight tensor whose
// name holds the modality); here an encoder is one weight matrix. One step
// is one epoch of full-batch gradient descent, so the running mean is over
// steps, modulation runs at every step (the code's modulation_starts/ends
// epochs and its skipped first batch of an epoch are a schedule this model
// does not need), and there is no gradient clipping (the code clips the
// fusion head's gradient; this model's head is fixed). The setting agm.alpha
// defaults to the source's α = 0.1 (BalanceBenchmark
// configs/trainer_config.yaml at 058d222). The zero value (Alpha 0)
// modulates nothing: every k_r is 1 and a step is joint training's.
type AGM struct {
	// Alpha is the modulation strength α ≥ 0.
	Alpha float64

	steps  int
	scores []float64 // s_r of the current step
	mean   []float64 // ŝ_r, the running mean
	scale  []float64 // k_r
}

// agmScoreFloor is the code's floor on a branch's probability of the label.
const agmScoreFloor = 1e-8

// agmCap bounds α's argument, optimal_r − ratio_r, from above (the code's 10).
const agmCap = 10

// MethodAGM is AGM's name (param.Case.Method).
const MethodAGM = "agm"

func init() {
	param.RegisterMethod(param.MethodSpec{Name: MethodAGM,
		Summary: "adaptive gradient modulation: each encoder's step scaled by how far its branch's lead has moved from its running average",
		Settings: []param.Setting{{Key: "alpha", Default: 0.1, Min: 0, Max: 10,
			Doc: "modulation strength α: k_r = exp(α·min(optimal_r − ratio_r, 10)) (source: 0.1)"}}})
	RegisterMethod(MethodAGM, func(c param.Case) Method { return &AGM{Alpha: c.Setting("alpha")} })
}

// Init plans T steps from W(0), keeping the branches' logits.
func (m *AGM) Init(_ context.Context, env *Env) (Plan, error) {
	c := env.Case
	m.steps = 0
	m.scores = make([]float64, 0, c.R)
	m.mean = make([]float64, c.R)
	m.scale = make([]float64, c.R)
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps, Objective: nn.Objective{Branches: true}}, nil
}

// Step computes the gradient and the branches' scores, then steps each
// encoder with its coefficient.
func (m *AGM) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	loss := tr.LossGrad()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &nn.DivergenceError{Loss: loss}
	}
	m.scores = tr.BranchCrossEntropy(m.scores, agmScoreFloor)
	m.steps++
	m.coefficients(m.scores, m.mean, m.scale, m.steps)
	tr.Apply(eta, m.scale, nil)
	return loss, nil
}

// coefficients sets scale[r] = k_r from this step's scores and the running
// means of the steps before, then folds the scores into the running means
// (iteration is this step's number, from 1).
func (m *AGM) coefficients(scores, mean, scale []float64, iteration int) {
	r := float64(len(scores))
	spread := r / (r - 1)
	sBar, mBar := average(scores), average(mean)
	for q := range scores {
		ratio := exactmath.Exp(float64(spread * (sBar - scores[q]))) // float64(): no fused multiply-add (see core/kernel's package comment)
		optimal := exactmath.Exp(float64(spread * (mBar - mean[q])))
		scale[q] = exactmath.Exp(float64(m.Alpha * math.Min(optimal-ratio, agmCap)))
	}
	it := float64(iteration)
	for q, s := range scores {
		mean[q] = float64(mean[q]*(it-1))/it + s/it
	}
}

// average is the mean of x, summed in index order.
func average(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
