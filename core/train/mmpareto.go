package train

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// MMPareto is Wei & Hu's Pareto integration of the multi-modal and the
// uni-modal gradients (ICML 2024), as the authors' code computes it
// (GeWu-Lab/MMPareto_ICML2024, code/MMPareto.py at cc923ec, train_epoch):
// for each encoder r, with g_m its gradient of the fused loss CE(F) and g_r
// its gradient of its own branch's loss CE(F_r) (lines 117–147),
//
//   - weights k = (1/2, 1/2) when g_m·g_r > 0 (the cosine's sign, line 165),
//     else the min-norm element of {g_m, g_r}: k = (c, 1 − c) with
//     c = −(g_m·g_r − g_r·g_r) / (g_m·g_m + g_r·g_r − 2 g_m·g_r), set to 0.999
//     when g_m·g_r ≥ g_m·g_m and to 0.001 when g_m·g_r ≥ g_r·g_r
//     (min_norm_solvers.py, _min_norm_element_from2, lines 9–30, which
//     find_min_norm_element returns for two vectors);
//   - the combined gradient h = 2k_0·g_m + 2k_1·g_r, scaled up to the norm of
//     the summed loss's gradient g_m + g_r where that is larger, then by
//     γ = 1.5: ∇ = γ·max(1, ‖g_m + g_r‖/‖h‖)·h (lines 178–197, the audio
//     encoder; the visual one alike);
//
// and the step W_r ← W_r − η∇.
//
// Adaptation to this model: an encoder is one weight matrix, so the norms
// the code takes per parameter tensor are taken per encoder; the branch
// logits F_r through the fixed all-ones head are modality r's uni-modal
// logits (the code's separate uni-modal heads; the fused logits are their
// sum); the step is full-batch gradient descent, not SGD with momentum and
// weight decay; and where the min-norm element is zero (g_m and g_r exactly
// opposed) the code divides by zero, while here the step is zero. The loss a
// step reports is the summed loss CE(F) + Σ_r CE(F_r), as in the code.
type MMPareto struct {
	// Gamma scales every combined gradient (the code's γ = 1.5; the zero
	// value is read as 1.5).
	Gamma float64

	obj       nn.Objective
	fused, br nn.Objective
	gm, gr    [][]float64 // per encoder: the two gradients
}

var (
	_ Coster     = (*MMPareto)(nil)
	_ MemoryUser = (*MMPareto)(nil)
)

func init() {
	RegisterMethod(param.MethodMMPareto, func(param.Case) Method { return &MMPareto{Gamma: 1.5} })
}

// FusedCost is T joint steps of two passes each (the two gradients).
func (*MMPareto) FusedCost(c param.Case) (int64, float64) {
	return int64(c.Steps), 2 * float64(c.Steps) * StepFlops(c, c.R)
}

// ExtraMemory is the two gradients kept per encoder.
func (*MMPareto) ExtraMemory(c param.Case) Memory {
	return Memory{Weights: 8 * 2 * float64(c.R) * float64(c.K) * float64(c.M) * float64(c.D)}
}

// Init plans T steps from W(0) on the summed loss CE(F) + Σ_r CE(F_r).
func (m *MMPareto) Init(_ context.Context, env *Env) (Plan, error) {
	c := env.Case
	zeros, ones := make([]float64, c.R), make([]float64, c.R)
	for r := range ones {
		ones[r] = 1
	}
	m.obj = nn.Objective{JointWeight: 1, BranchWeights: ones, Branches: true}
	m.fused = nn.Objective{JointWeight: 1, BranchWeights: zeros}
	m.br = nn.Objective{BranchWeights: ones}
	m.gm, m.gr = make([][]float64, c.R), make([][]float64, c.R)
	for r := range m.gm {
		m.gm[r] = make([]float64, c.K*c.M*c.D)
		m.gr[r] = make([]float64, c.K*c.M*c.D)
	}
	if m.Gamma == 0 {
		m.Gamma = 1.5
	}
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps, Objective: m.obj}, nil
}

// Step computes both gradients at W(t), combines them per encoder and takes
// one gradient step; it returns the summed loss at W(t).
func (m *MMPareto) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	tr.SetObjective(m.fused)
	lossM := tr.LossGrad()
	for e := range m.gm {
		copy(m.gm[e], tr.Grad(e))
	}
	tr.SetObjective(m.br)
	lossR := tr.LossGrad()
	for e := range m.gr {
		copy(m.gr[e], tr.Grad(e))
	}
	tr.SetObjective(m.obj)
	loss := lossM + lossR
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &nn.DivergenceError{Loss: loss}
	}
	for e := range m.gm {
		paretoCombine(tr.Grad(e), m.gm[e], m.gr[e], m.Gamma)
	}
	tr.Apply(eta, nil, nil)
	return loss, nil
}

// paretoCombine writes into g the combined gradient of gm (the fused loss's)
// and gr (the branch loss's): see MMPareto.
func paretoCombine(g, gm, gr []float64, gamma float64) {
	mm, mr, rr := dot(gm, gm), dot(gm, gr), dot(gr, gr)
	k0, k1 := 0.5, 0.5
	if !(mr > 0) {
		c := minNormFrom2(mm, mr, rr)
		k0, k1 = c, 1-c
	}
	sum, h := 0.0, 0.0
	for i := range g {
		s := gm[i] + gr[i]
		v := float64(2*k0*gm[i]) + float64(2*k1*gr[i]) // float64(): no fused multiply-add (see core/kernel's package comment)
		g[i] = v
		sum += float64(s * s)
		h += float64(v * v)
	}
	scale := gamma
	if h == 0 {
		scale = 0
	} else if diff := math.Sqrt(sum) / math.Sqrt(h); diff > 1 {
		scale = float64(diff * gamma)
	}
	for i := range g {
		g[i] = float64(scale * g[i])
	}
}

// minNormFrom2 is the weight c of the first vector in the element of least
// norm of {c·x1 + (1 − c)·x2 : c ∈ [0, 1]}, from v1v1 = x1·x1, v1v2 = x1·x2,
// v2v2 = x2·x2, with the authors' bounds 0.999 and 0.001
// (min_norm_solvers.py, _min_norm_element_from2).
func minNormFrom2(v1v1, v1v2, v2v2 float64) float64 {
	switch {
	case v1v2 >= v1v1:
		return 0.999
	case v1v2 >= v2v2:
		return 0.001
	}
	return -((v1v2 - v2v2) / (v1v1 + v2v2 - float64(2*v1v2)))
}

// dot is Σ a_i b_i in index order, each product rounded.
func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += float64(a[i] * b[i]) // float64(): no fused multiply-add
	}
	return s
}
