package train

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
)

// TestParetoCombineByHand: MMPareto's combined gradient on two vectors, by
// hand. Aligned gradients take equal weights and γ = 1.5; opposed ones take
// the min-norm weights c = 0.6 (of c·(1, 0) + (1 − c)·(−1, 1), whose norm
// is least there), rescaled up to the summed gradient's norm.
func TestParetoCombineByHand(t *testing.T) {
	g := make([]float64, 2)
	paretoCombine(g, []float64{1, 0}, []float64{1, 1}, 1.5)
	require.Equal(t, []float64{3, 1.5}, g, "aligned: 1.5·(2·½·g_m + 2·½·g_r)")

	paretoCombine(g, []float64{1, 0}, []float64{-1, 1}, 1.5)
	h := []float64{2*0.6*1 + 2*0.4*-1, 2 * 0.4 * 1} // (0.4, 0.8)
	scale := 1.5 * 1 / math.Hypot(h[0], h[1])       // ‖g_m + g_r‖ = ‖(0, 1)‖ = 1 > ‖h‖
	require.InDeltaSlice(t, []float64{scale * h[0], scale * h[1]}, g, 1e-12)

	require.Equal(t, 0.999, minNormFrom2(1, 2, 5), "x1·x2 ≥ x1·x1: x1 is the least")
	require.Equal(t, 0.001, minNormFrom2(5, 2, 1), "x1·x2 ≥ x2·x2: x2 is the least")
	require.InDelta(t, 0.6, minNormFrom2(1, -1, 2), 1e-15)

	paretoCombine(g, []float64{1, 1}, []float64{-1, -1}, 1.5)
	require.Equal(t, []float64{0, 0}, g, "exactly opposed: the min-norm element is zero, and so is the step")
}

// TestMMParetoCostsTwoPasses: a run takes T fused steps of two passes each.
func TestMMParetoCostsTwoPasses(t *testing.T) {
	c := methodCases()[param.MethodMMPareto]
	require.Equal(t, int64(3*c.Steps), StepsPerRun(c))
	tasks := TasksOf(c)
	require.Equal(t, 2*float64(c.Steps)*StepFlops(c, c.R), tasks[JointTask].Flops)
}

// TestMMParetoStepAllocatesNothing: once warm, a step (its two passes, the
// objective switches and the combination) allocates nothing.
func TestMMParetoStepAllocatesNothing(t *testing.T) {
	requireWarmStepAllocatesNothing(t, methodCases()[param.MethodMMPareto], &MMPareto{})
}
