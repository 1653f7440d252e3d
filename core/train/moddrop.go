package train

import (
	"context"
	"math/rand/v2"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/rng"
)

// ModDrop is modality dropout: at every step each sample's modality-r branch
// is left out of the fused logits with probability PDrop, independently per
// sample and modality, and a draw that would drop every branch of a sample is
// drawn again (so the mask follows the independent law conditioned on keeping
// at least one branch). Kept branches are not rescaled; at evaluation every
// branch counts. The draws come from the seed's own stream (rng.ModDrop). The
// zero value (PDrop 0) is joint training.
type ModDrop struct {
	// PDrop is the probability of dropping a branch, in [0, 1).
	PDrop float64

	src  *rand.Rand
	mask [][]float64
}

var _ Method = (*ModDrop)(nil)

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

// drawMask draws every sample's kept branches for one step.
func (m *ModDrop) drawMask() {
	for i := range m.mask[0] {
		for {
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
				break
			}
		}
	}
}
