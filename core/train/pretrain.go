package train

import (
	"context"
	"fmt"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// Pretrain trains each encoder r as uni-modal net r for PreSteps steps from
// its part of W(0), then the fused net from those encoders for T joint steps
// of full-batch gradient descent. The zero value (PreSteps 0) is joint
// training.
type Pretrain struct {
	// PreSteps is the length of the uni-modal phase.
	PreSteps int
}

var (
	_ PlainStepper = (*Pretrain)(nil)
	_ Coster       = (*Pretrain)(nil)
)

func init() {
	RegisterMethod(param.MethodPretrain, func(c param.Case) Method { return &Pretrain{PreSteps: c.PreSteps} })
}

// FusedCost is T joint steps after PreSteps uni-modal steps of each encoder.
func (*Pretrain) FusedCost(c param.Case) (int64, float64) {
	steps := int64(c.Steps) + int64(c.R)*int64(c.PreSteps)
	return steps, float64(c.Steps)*StepFlops(c, c.R) + float64(c.PreSteps)*StepFlops(c, 1)*float64(c.R)
}

// Init runs the uni-modal phase.
func (m *Pretrain) Init(ctx context.Context, env *Env) (Plan, error) {
	c := env.Case
	w := make([][]float64, c.R)
	var heads [][]float64
	for r := 0; r < c.R; r++ {
		net := env.NewUni(r, env.W0[r])
		if err := env.Train(ctx, fmt.Sprintf("pretrain %d", r), net, m.PreSteps, &Joint{}, nn.Objective{}); err != nil {
			return Plan{}, err
		}
		w[r] = net.W[0]
		if net.Head != nil {
			heads = append(heads, net.Head[0])
		}
	}
	fused := env.NewFused(w)
	if heads != nil { // a learned head: the pre-trained blocks
		fused.SetHead(heads)
	}
	return Plan{Start: fused, Steps: c.Steps}, nil
}

// PlainStep declares that Step is one plain step of the trainer (PlainStepper).
func (*Pretrain) PlainStep() {}

// Step takes one gradient step.
func (*Pretrain) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	return tr.Step(eta)
}
