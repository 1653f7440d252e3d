package train

import (
	"context"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// Joint is full-batch gradient descent of the fused cross-entropy from W(0):
// W ← W − η∇W, the paper's setting. Its zero value is ready to use.
type Joint struct{}

var _ PlainStepper = (*Joint)(nil)

func init() { RegisterMethod(param.MethodJoint, func(param.Case) Method { return &Joint{} }) }

// Init plans T steps of the fused net from W(0).
func (*Joint) Init(_ context.Context, env *Env) (Plan, error) {
	return Plan{Start: env.NewFused(env.W0), Steps: env.Case.Steps}, nil
}

// PlainStep declares that Step is one plain step of the trainer (PlainStepper).
func (*Joint) PlainStep() {}

// Step takes one gradient step.
func (*Joint) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	return tr.Step(eta)
}
