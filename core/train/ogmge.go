package train

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// OGMGE is on-the-fly gradient modulation with generalisation enhancement
// (Peng et al., CVPR 2022), as the paper's Eq. 10 and the authors' released
// code state it (GeWu-Lab/OGM-GE_CVPR2022, main.py, train_epoch: coeff =
// 1 − tanh(alpha·relu(ratio)) for the modality whose ratio exceeds 1). At
// every step, with F_r the logits of modality r's branch of the fused net,
//
//	s_r = Σ_i softmax(F_r(x_i))_{y_i},  ratio_r = s_r / mean_{r' ≠ r} s_{r'},
//	k_r = 1 − tanh(α·ratio_r) when ratio_r > 1, else 1,
//	W_r ← W_r − η·(k_r·∇W_r + ξ_r),  ξ_r ~ N(0, (std(∇W_r) + 1e-8)² I),
//
// where std is the sample standard deviation of the unmodulated gradient's
// entries and ξ_r is drawn for every encoder from the seed's own stream
// (rng.OGMGE). With two modalities the ratio is the paper's s_0/s_1; the
// mean over the others is its reading for more. The paper's bias term (split
// between the branches) does not exist in this model, and modulation runs at
// every step (the released code's start and end epochs are a schedule this
// model does not need). The zero value (Alpha 0) adds the noise only.
type OGMGE struct {
	// Alpha is the modulation strength α ≥ 0.
	Alpha float64

	src    *rand.Rand
	scores []float64
	scale  []float64
	noise  [][]float64
}

var _ Method = (*OGMGE)(nil)

func init() {
	RegisterMethod(param.MethodOGMGE, func(c param.Case) Method { return &OGMGE{Alpha: c.Alpha} })
}

// Init plans T steps from W(0), keeping the branches' logits.
func (m *OGMGE) Init(_ context.Context, env *Env) (Plan, error) {
	c := env.Case
	m.src = rng.New(env.Seed, rng.OGMGE)
	m.scores = make([]float64, 0, c.R)
	m.scale = make([]float64, c.R)
	m.noise = make([][]float64, c.R)
	for r := range m.noise {
		m.noise[r] = make([]float64, c.K*c.M*c.D)
	}
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps, Objective: nn.Objective{Branches: true}}, nil
}

// Step computes the gradient and the branch scores, then updates every
// encoder with its coefficient and noise.
func (m *OGMGE) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	loss := tr.LossGrad()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &nn.DivergenceError{Loss: loss}
	}
	m.scores = tr.BranchScore(m.scores)
	m.coefficients(m.scores, m.scale)
	for r, noise := range m.noise {
		sd := sampleStd(tr.Grad(r)) + 1e-8
		for i := range noise {
			noise[i] = float64(sd * rng.Normal(m.src))
		}
	}
	tr.Apply(eta, m.scale, m.noise)
	return loss, nil
}

// coefficients sets scale[r] = k_r from the branch scores s_r.
func (m *OGMGE) coefficients(scores, scale []float64) {
	for r, s := range scores {
		others := 0.0
		for q, o := range scores {
			if q != r {
				others += o
			}
		}
		others /= float64(len(scores) - 1)
		scale[r] = 1
		if ratio := s / others; ratio > 1 {
			scale[r] = 1 - exactmath.Tanh(float64(m.Alpha*ratio)) // float64(): no fused multiply-add (see core/kernel's package comment)
		}
	}
}

// sampleStd is the standard deviation of x with the n − 1 denominator (as
// torch.Tensor.std computes it), summed in index order.
func sampleStd(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		d := v - mean
		ss += float64(d * d)
	}
	return math.Sqrt(ss / float64(len(x)-1))
}
