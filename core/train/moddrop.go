package train

import (
	"context"
	"math/rand/v2"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// ModDrop is modality dropout: at every step each sample's modality-r branch
// is left out of the fused logits with probability PDrop, independently per
// sample and modality, and a draw that would drop every branch of a sample is
// drawn again, up to maskAttempts times, after which the conditional law is
// drawn directly (so the mask follows the independent law conditioned on
// keeping at least one branch, at bounded cost for any PDrop < 1). Kept branches are not rescaled; at evaluation every
// branch counts. The draws come from the seed's own stream (rng.ModDrop). The
// zero value (PDrop 0) is joint training.
type ModDrop struct {
	// PDrop is the probability of dropping a branch, in [0, 1).
	PDrop float64

	src  *rand.Rand
	mask [][]float64
}

var _ MemoryUser = (*ModDrop)(nil)

func init() {
	RegisterMethod(param.MethodModDrop, func(c param.Case) Method { return &ModDrop{PDrop: c.PDrop} })
}

// ExtraMemory is the unmasked pass that measures the training error: its
// activations, R·N·k·m values.
func (*ModDrop) ExtraMemory(c param.Case) Memory {
	return Memory{Activations: 8 * float64(c.R) * float64(c.N) * float64(c.K) * float64(c.M)}
}

// Init plans T steps from W(0) with a mask the steps redraw.
func (m *ModDrop) Init(_ context.Context, env *Env) (Plan, error) {
	c := env.Case
	m.src = rng.New(env.Seed, rng.ModDrop)
	m.mask = make([][]float64, c.R)
	for r := range m.mask {
		m.mask[r] = make([]float64, c.N)
	}
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps, Objective: nn.Objective{Mask: m.mask}}, nil
}

// Step draws the step's mask, then takes one gradient step.
func (m *ModDrop) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	m.drawMask()
	return tr.Step(eta)
}

// maskAttempts bounds the independent draws of one sample's mask before
// drawMask takes the conditional law directly. Both give the same law:
// conditioned on maskAttempts rejected draws, what rejection would go on to
// accept is distributed as the conditional law, independently of the rejected
// draws. So the bound changes no distribution; it changes the bits only where
// maskAttempts draws in a row drop every branch, which at p_drop ≤ 0.9 and R = 2
// has probability below 1e-35 per sample and step, and it bounds a step's
// work at any p_drop < 1 (at p_drop = 1 − 1e-10 rejection alone needs about
// 5·10⁹ draws per sample).
const maskAttempts = 64

// drawMask draws every sample's kept branches for one step.
func (m *ModDrop) drawMask() {
	for i := range m.mask[0] {
		if !m.drawIndependent(i) {
			m.drawConditional(i)
		}
	}
}

// drawIndependent draws sample i's mask branch by branch, each dropped with
// probability PDrop, up to maskAttempts times until a branch is kept; it
// reports whether one was.
func (m *ModDrop) drawIndependent(i int) bool {
	for range maskAttempts {
		kept := 0
		for r := range m.mask {
			m.mask[r][i] = 1
			if m.src.Float64() < m.PDrop {
				m.mask[r][i] = 0
			} else {
				kept++
			}
		}
		if kept > 0 {
			return true
		}
	}
	return false
}

// drawConditional draws sample i's mask from the independent law conditioned
// on keeping at least one branch, exactly and with one uniform per branch:
// while no earlier branch is kept, branch r is kept with probability
// P(r kept | one of r..R−1 kept) = (1 − p)/(1 − p^(R−r)); after a kept branch
// the rest are independent. 1 − p^j is computed as −expm1(j·log p), exact
// to rounding even when p is within 1e-10 of 1.
func (m *ModDrop) drawConditional(i int) {
	p := m.PDrop
	R := len(m.mask)
	anyKept := false
	for r := range m.mask {
		keep := 1 - p
		if !anyKept {
			keep = (1 - p) / -exactmath.Expm1(float64(R-r)*exactmath.Log(p))
		}
		m.mask[r][i] = 0
		if m.src.Float64() < keep {
			m.mask[r][i] = 1
			anyKept = true
		}
	}
}
