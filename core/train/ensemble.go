package train

import (
	"context"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// Ensemble fuses the run's uni-modal nets, each trained alone for T steps
// from its part of W(0), by summing their logits: the fused net's encoder r is
// uni-modal net r. There is no joint step. Its Λ curves are the uni-modal
// nets', and its loss record is the sum of their losses (the objective the
// ensemble's parts minimised). Its zero value is ready to use.
type Ensemble struct{}

var (
	_ Coster    = (*Ensemble)(nil)
	_ UniWaiter = (*Ensemble)(nil)
)

func init() { RegisterMethod(param.MethodEnsemble, func(param.Case) Method { return &Ensemble{} }) }

// FusedCost is nothing: the fused net is the uni-modal nets.
func (*Ensemble) FusedCost(param.Case) (int64, float64) { return 0, 0 }

// WaitsForUni declares that the fused net is built from the trained
// uni-modal nets.
func (*Ensemble) WaitsForUni() {}

// Init trains (or reuses) the uni-modal nets and fuses them.
func (*Ensemble) Init(ctx context.Context, env *Env) (Plan, error) {
	c := env.Case
	w := make([][]float64, c.R)
	hist := &History{Loss: make([]float64, len(env.Schedule))}
	for r := 0; r < c.R; r++ {
		uni, err := env.Uni(ctx, r)
		if err != nil {
			return Plan{}, err
		}
		w[r] = uni.Net.W[0]
		hist.Lambda = append(hist.Lambda, uni.History.Lambda[0])
		for s, l := range uni.History.Loss {
			hist.Loss[s] += l
		}
	}
	fused := env.NewFused(w)
	for r := range fused.Head { // a learned head: uni-modal net r's head block
		fused.Head[r] = append(fused.Head[r][:0], env.unis[r].Net.Head[0]...)
	}
	return Plan{Start: fused, History: hist}, nil
}

// Step is never called: the plan has no steps.
func (*Ensemble) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	return tr.Step(eta)
}
