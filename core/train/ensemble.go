package train

import (
	"context"

	"github.com/modcomp/modcomp/core/nn"
)

// Ensemble fuses the run's uni-modal nets, each trained alone for T steps
// from its part of W(0), by summing their logits: the fused net's encoder r is
// uni-modal net r. There is no joint step. Its Λ curves are the uni-modal
// nets', and its loss record is the sum of their losses (the objective the
// ensemble's parts minimised). Its zero value is ready to use.
type Ensemble struct{}

var _ Method = (*Ensemble)(nil)

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
