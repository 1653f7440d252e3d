package train

import (
	"context"
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// GBlend is Gradient-Blending (Wang et al., CVPR 2020) with its offline
// estimate of the weights. The objective is
//
//	w_J·CE(F) + Σ_r w_r·CE(F_r),
//
// the fused loss plus each branch's uni-modal loss on the same encoders.
// The weights come from a trial: the training set is split by the seed's own
// stream (rng.BlendSplit) into a held-out share Holdout and the rest; the
// fused net and each uni-modal net train for Trial steps on the rest from
// W(0); for each, with L^T and L^V its loss on the rest and on the held-out
// share, G = L^V(0) − L^V(Trial) is the generalisation gained and
// O = (L^V − L^T)(Trial) − (L^V − L^T)(0) the overfitting gained, and its
// weight is proportional to G/O² (0 when G ≤ 0; O² is floored at 1e-12);
// the weights are normalised to sum to 1 (equal weights when every G ≤ 0).
// Then the fused net trains for T steps on the whole training set from W(0).
// The zero value is not usable: Trial must be ≥ 1 and Holdout in (0, 1)
// (param.Case supplies the documented defaults).
type GBlend struct {
	// Trial is the trial's number of steps.
	Trial int
	// Holdout is the held-out fraction of the training set.
	Holdout float64

	// Weights are [w_J, w_0, …, w_{R−1}] once Init has run.
	Weights []float64
}

var (
	_ PlainStepper = (*GBlend)(nil)
	_ Coster       = (*GBlend)(nil)
)

func init() {
	RegisterMethod(param.MethodGBlend, func(c param.Case) Method {
		return &GBlend{Trial: c.BlendTrialSteps(), Holdout: c.BlendHoldoutFraction()}
	})
}

// FusedCost is T joint steps after the trial of the fused and every
// uni-modal net.
func (*GBlend) FusedCost(c param.Case) (int64, float64) {
	steps := int64(c.Steps) + int64(c.R+1)*int64(c.BlendTrialSteps())
	return steps, float64(c.Steps)*StepFlops(c, c.R) + float64(c.BlendTrialSteps())*2*StepFlops(c, c.R)
}

// Init runs the trial and plans T steps of the blended objective.
func (m *GBlend) Init(ctx context.Context, env *Env) (Plan, error) {
	c := env.Case
	set := env.TrainSet
	held := int(m.Holdout * float64(c.N))
	if m.Trial < 1 || held < 1 || held >= c.N {
		return Plan{}, fmt.Errorf("gblend: trial %d steps, %d of %d samples held out: need ≥ 1 step and a split with samples on both sides", m.Trial, held, c.N)
	}
	perm := rng.New(env.Seed, rng.BlendSplit).Perm(c.N)
	fitX, fitY := subset(set.X, set.Y, c.D, perm[held:])
	valX, valY := subset(set.X, set.Y, c.D, perm[:held])

	nets := []*nn.Net{env.NewFused(env.W0)}
	for r := 0; r < c.R; r++ {
		nets = append(nets, env.NewUni(r, env.W0[r]))
	}
	raw := make([]float64, len(nets))
	gains, overfits := make([]float64, len(nets)), make([]float64, len(nets))
	total := 0.0
	for i, net := range nets {
		fit := nn.NewTrainer(net, env.pool, fitX, fitY)
		val := nn.NewTrainer(net, env.pool, valX, valY)
		o0 := val.LossGrad() - fit.LossGrad()
		v0 := val.LossGrad()
		name := "blend trial joint"
		if i > 0 {
			name = fmt.Sprintf("blend trial uni %d", i-1)
		}
		if _, _, err := env.descend(ctx, name, net, fitX, fitY, m.Trial, &Joint{}, nn.Objective{}, nil, 0); err != nil {
			return Plan{}, err
		}
		vT := val.LossGrad()
		oT := vT - fit.LossGrad()
		g, o := v0-vT, oT-o0
		gains[i], overfits[i] = g, o
		if g > 0 {
			raw[i] = g / math.Max(float64(o*o), 1e-12)
		}
		total += raw[i]
	}
	m.Weights = make([]float64, len(raw))
	for i := range raw {
		m.Weights[i] = 1 / float64(len(raw))
		if total > 0 {
			m.Weights[i] = raw[i] / total
		}
	}
	obj := nn.Objective{JointWeight: m.Weights[0], BranchWeights: m.Weights[1:]}
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps, Objective: obj, BlendWeights: m.Weights, BlendGain: gains, BlendOverfit: overfits}, nil
}

// PlainStep declares that Step is one plain step of the trainer (PlainStepper).
func (*GBlend) PlainStep() {}

// Step takes one gradient step of the blended objective.
func (*GBlend) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	return tr.Step(eta)
}

// subset copies the samples idx of x (per modality, rows of d) and y.
func subset(x [][]float64, y []int, d int, idx []int) ([][]float64, []int) {
	sx := make([][]float64, len(x))
	for r := range x {
		sx[r] = make([]float64, 0, len(idx)*d)
		for _, i := range idx {
			sx[r] = append(sx[r], x[r][i*d:(i+1)*d]...)
		}
	}
	sy := make([]int, len(idx))
	for k, i := range idx {
		sy[k] = y[i]
	}
	return sx, sy
}
