package train

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
)

// TestAGMCoefficientsByHand: AGM's coefficients on two modalities, by hand.
// At the first step (running means 0, so the optimal ratios are 1) with
// scores s = (0.5, 1.5): ratio_0 = exp(s_1 − s_0) = e, ratio_1 = 1/e, and at
// α = 0.1 k_0 = exp(0.1·(1 − e)) = 0.8421 (the leading branch slows) and
// k_1 = exp(0.1·(1 − 1/e)) = 1.0653 (the lagging one speeds up).
func TestAGMCoefficientsByHand(t *testing.T) {
	m := &AGM{Alpha: 0.1}
	mean, scale := []float64{0, 0}, []float64{0, 0}
	m.coefficients([]float64{0.5, 1.5}, mean, scale, 1)
	require.InDelta(t, 0.84212, scale[0], 5e-6)
	require.InDelta(t, 1.06525, scale[1], 5e-6)
	require.Equal(t, exactmath.Exp(0.1*(1-math.E)), scale[0])
	require.Equal(t, []float64{0.5, 1.5}, mean, "the first step's scores are the running means")

	// Second step, same scores: the lead equals its running average, so
	// nothing is modulated.
	m.coefficients([]float64{0.5, 1.5}, mean, scale, 2)
	require.InDeltaSlice(t, []float64{1, 1}, scale, 1e-15)
	require.Equal(t, []float64{0.5, 1.5}, mean)

	// The lead grows past its average: branch 0 slows more.
	m.coefficients([]float64{0.25, 1.75}, mean, scale, 3)
	require.InDelta(t, exactmath.Exp(0.1*(math.E-exactmath.Exp(1.5))), scale[0], 1e-15)
	require.InDelta(t, exactmath.Exp(0.1*(1/math.E-exactmath.Exp(-1.5))), scale[1], 1e-15)
	require.InDeltaSlice(t, []float64{(0.5*2 + 0.25) / 3, (1.5*2 + 1.75) / 3}, mean, 1e-15)

	// The argument is capped at 10: a lagging branch speeds up by at most e^{10α}.
	mean = []float64{0, 20}
	m.coefficients([]float64{1, 1}, mean, scale, 2)
	require.Equal(t, exactmath.Exp(0.1*10), scale[0], "optimal_0 = e^{20} caps at 10")
	require.InDelta(t, exactmath.Exp(0.1*(exactmath.Exp(-20)-1)), scale[1], 1e-15)
}

// TestAGMStepIsItsDefinition: an AGM step moves each encoder by
// −η·k_r·∇W_r, with k_r from the branches' floored cross-entropies of the
// same pass; the case's method builds it with the default α = 0.1.
func TestAGMStepIsItsDefinition(t *testing.T) {
	c := methodCases()[MethodAGM]
	built, err := NewMethod(withMethod(MethodAGM, nil))
	require.NoError(t, err)
	m := built.(*AGM)
	require.Equal(t, 0.1, m.Alpha, "the source's α")
	env, plan, tr := methodTrainer(t, c, m)
	pool := kernel.NewPool(1)
	defer pool.Close()
	for step := range 5 {
		before := make([][]float64, c.R)
		for r := range before {
			before[r] = append([]float64(nil), plan.Start.W[r]...)
		}
		ref := nn.NewTrainer(plan.Start, pool, env.TrainSet.X, env.TrainSet.Y)
		ref.SetObjective(plan.Objective)
		ref.LossGrad()
		scores := ref.BranchCrossEntropy(nil, 1e-8)
		grads := make([][]float64, c.R)
		for r := range grads {
			grads[r] = append([]float64(nil), ref.Grad(r)...)
		}
		want := make([]float64, c.R)
		mean := append([]float64(nil), m.mean...)
		(&AGM{Alpha: 0.1}).coefficients(scores, mean, want, step+1)

		_, err := m.Step(tr, step, c.Eta)
		require.NoError(t, err)
		require.Equal(t, want, m.scale, "step %d", step)
		for r := range before {
			for i, w := range before[r] {
				require.Equal(t, w-c.Eta*float64(want[r]*grads[r][i]), plan.Start.W[r][i], "step %d, encoder %d, weight %d", step, r, i)
			}
		}
	}
}

// TestBranchCrossEntropyFloorsTheProbability: the score is the mean of
// −log p over samples, with p floored.
func TestBranchCrossEntropyFloorsTheProbability(t *testing.T) {
	c := methodCases()[MethodAGM]
	x, err := Prepare(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	pool := kernel.NewPool(1)
	defer pool.Close()
	tr := nn.NewTrainer(x.env.NewFused(x.env.W0), pool, x.env.TrainSet.X, x.env.TrainSet.Y)
	tr.SetObjective(nn.Objective{Branches: true})
	tr.LossGrad()
	ce := tr.BranchCrossEntropy(nil, 1e-8)
	score := tr.BranchScore(nil)
	for r := range ce {
		require.InDelta(t, exactmath.Log(float64(c.K)), ce[r], 1e-3, "at W(0) every branch is near uniform")
		require.InDelta(t, float64(c.N)/float64(c.K), score[r], 1e-2)
	}
	require.InDeltaSlice(t, []float64{math.Ln2, math.Ln2}, tr.BranchCrossEntropy(nil, 0.5), 1e-15, "every p below the floor: the mean of N terms ln 2")
}

// TestAGMStepAllocatesNothing: once warm, a step allocates nothing.
func TestAGMStepAllocatesNothing(t *testing.T) {
	requireWarmStepAllocatesNothing(t, methodCases()[MethodAGM], &AGM{Alpha: 0.1})
}
