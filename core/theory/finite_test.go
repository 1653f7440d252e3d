package theory

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/testutil"
)

func smallCase() param.Case { return testutil.SmallCase(testutil.Shape{K: 4, M: 3, D: 60, N: 80}) }

// TestFiniteEqualsExpectedWithoutFluctuation removes every source of
// finite-sample variation from Γ′ (no insufficient samples, a fixed target,
// no off-target coordinates, no noise): Γ′_0/Γ′_1 is then the ratio of the
// expected signals in every draw, and p′ must equal p up to the Monte
// Carlo's error.
func TestFiniteEqualsExpectedWithoutFluctuation(t *testing.T) {
	c := smallCase()
	c.Mu, c.A, c.B = []float64{0, 0}, []float64{1, 1.2}, []float64{1, 1.2}
	c.S, c.SigmaG = 0, 0
	want, err := WinProbabilities(c)
	require.NoError(t, err)
	draws := FiniteDraws(c.K)
	got, err := FiniteWinProbabilities(c, draws, 1)
	require.NoError(t, err)
	se := math.Sqrt(want[0] * (1 - want[0]) / float64(draws*c.K))
	for r := range want {
		require.InDelta(t, want[r], got[r], 4*se, "p′_%d", r)
	}
	require.InDelta(t, 1, got[0]+got[1], 1e-12)
}

// TestFiniteGammaOfASet checks the projections of a drawn set against its
// latent code: without noise and off-target coordinates u_{i,r,y_i} is the
// target, so Γ′ = (1 − 1/k)·Γ (every sample sufficient).
func TestFiniteGammaOfASet(t *testing.T) {
	c := smallCase()
	c.Mu, c.S, c.SigmaG = []float64{0, 0}, 0, 0
	dist, err := data.New(context.Background(), c, 3)
	require.NoError(t, err)
	set, err := dist.Sample(context.Background(), c.N, 3, rng.Train)
	require.NoError(t, err)
	got := FiniteGamma(set.Projections(dist), c.Q)
	want := set.Gamma(c.Q)
	for r := range want {
		for j := range want[r] {
			require.InEpsilon(t, (1-1/float64(c.K))*want[r][j], got[r][j], 1e-12, "Γ′_{%d,%d}", r, j)
		}
	}
}

// TestSampleProjectionsMatchesSample compares the Monte Carlo's shortcut
// (latent code plus projected noise) with projecting drawn inputs: the mean
// Γ′ of each modality over many sets agrees within the sampling error.
func TestSampleProjectionsMatchesSample(t *testing.T) {
	c := smallCase()
	c.SpikeProb, c.SpikeScale = 0.01, 0.3
	const sets = 300
	src := rng.New(1, rng.Finite)
	dist, err := data.New(context.Background(), c, 1)
	require.NoError(t, err)
	for r := 0; r < c.R; r++ {
		var a, b, aa, bb float64
		for s := range sets {
			set, err := dist.Sample(context.Background(), c.N, uint64(s+1), rng.Train)
			require.NoError(t, err)
			x := mean(FiniteGamma(set.Projections(dist), c.Q)[r])
			y := mean(FiniteGamma(data.SampleProjections(&c, c.N, src), c.Q)[r])
			a, aa, b, bb = a+x, aa+x*x, b+y, bb+y*y
		}
		a, b = a/sets, b/sets
		se := math.Sqrt((aa/sets-a*a)/sets + (bb/sets-b*b)/sets)
		require.InDelta(t, a, b, 4*se, "modality %d: mean Γ′ %v from inputs, %v from the shortcut", r, a, b)
	}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestFiniteWinProbabilitiesRefusesReLU(t *testing.T) {
	c := smallCase()
	c.Activation = param.ActivationReLU
	_, err := FiniteWinProbabilities(c, 10, 1)
	require.ErrorContains(t, err, "smoothed ReLU")
}
