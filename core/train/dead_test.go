package train

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// TestDeadSampleStaysWrong pins the mechanism behind C1′'s failures (docs/results.md,
// "C1 read as stated"): in the paper case, seed 8's uni-modal net of modality
// 1 keeps one insufficient training sample wrong because every neuron of the
// sample's class stays at the initial scale on it, far below ϱ, where the
// smoothed ReLU gives it no gradient: its logits stay near 0 and its own
// loss near ln k. `go test ./core/train -run DeadSample -v`
// prints the numbers.
func TestDeadSampleStaysWrong(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a paper-sized net for 3000 steps")
	}
	c := param.Default()
	c.D, c.N, c.NTest = 250, 125, 2000
	c.Rho, c.Sigma0, c.Eta = 0.01, 1e-7, 12
	const seed, r, steps = 8, 1, 3000
	ctx := context.Background()
	dist, err := data.New(ctx, c, seed)
	require.NoError(t, err)
	set, err := dist.Sample(ctx, c.N, seed, rng.Train)
	require.NoError(t, err)
	pool := kernel.NewPool(1)
	defer pool.Close()
	net := nn.New(actOf(c), c.K, c.M, c.D, []int{r}, [][]float64{InitialWeights(c, seed)[r]})
	tr := nn.NewTrainer(net, pool, set.X, set.Y)
	for range steps {
		_, err := tr.Step(c.Eta)
		require.NoError(t, err)
	}
	loss := tr.Loss()
	require.Equal(t, 1, tr.Misclassified(), "one training sample stays wrong after %d steps", steps)
	logits := net.Logits(pool, set.X, set.N)
	for i, pred := range net.Predict(pool, set.X, set.N) {
		y := set.Y[i]
		if pred == y {
			continue
		}
		row := logits[i*c.K : (i+1)*c.K]
		x := set.X[r][i*c.D : (i+1)*c.D]
		top := math.Inf(-1) // the largest pre-activation of the class's neurons on the sample
		for l := 0; l < c.M; l++ {
			w := net.W[0][(y*c.M+l)*c.D : (y*c.M+l+1)*c.D]
			s := 0.0
			for k, v := range x {
				s += w[k] * v
			}
			top = max(top, s)
		}
		t.Logf("sample %d (class %d, insufficient %v): largest class pre-activation %.3g (ϱ = %g), largest logit %.3g, N·loss %.4f, ln k %.4f",
			i, y, set.Insufficient[r][i], top, c.Rho, slices.Max(row), float64(c.N)*loss, math.Log(float64(c.K)))
		require.True(t, set.Insufficient[r][i], "the wrong sample is insufficient in modality %d", r)
		require.Less(t, top, 1e-6, "every neuron of its class stays at the initial scale on it")
		require.Less(t, slices.Max(row), 1e-4, "its logits stay near 0")
		lse := 0.0
		for _, f := range row {
			lse += math.Exp(f)
		}
		require.InDelta(t, math.Log(float64(c.K)), math.Log(lse)-row[y], 1e-3, "its own loss is about ln k")
		require.Greater(t, float64(c.N)*loss, math.Log(float64(c.K)), "so N·loss stays above ln k")
	}
}
