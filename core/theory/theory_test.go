package theory

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
)

// monteCarlo estimates p_r by drawing the maxima of m Gaussians directly.
func monteCarlo(gamma []float64, m, q, trials int, r *rand.Rand) []float64 {
	wins := make([]float64, len(gamma))
	for range trials {
		best, bestScore, ties := -1, 0.0, 0
		scores := make([]float64, len(gamma))
		for i := range gamma {
			g := math.Inf(-1)
			for range m {
				g = max(g, r.NormFloat64())
			}
			scores[i] = gamma[i] * math.Pow(max(g, 0), float64(q-2))
			if best < 0 || scores[i] > bestScore {
				best, bestScore = i, scores[i]
			}
		}
		for _, s := range scores {
			if s == bestScore {
				ties++
			}
		}
		if ties > 1 { // only the all-zero tie has positive probability
			for i := range wins {
				wins[i] += 1 / float64(len(gamma))
			}
			continue
		}
		wins[best]++
	}
	for i := range wins {
		wins[i] /= float64(trials)
	}
	return wins
}

func TestWinProbabilitiesMatchMonteCarlo(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 1))
	tests := []struct {
		name  string
		gamma []float64
		m, q  int
	}{
		{"equal", []float64{1, 1}, 10, 3},
		{"stronger second", []float64{1, 1.6}, 10, 3},
		{"q4", []float64{1, 1.6}, 5, 4},
		{"one neuron", []float64{2, 1}, 1, 3},
		{"three modalities", []float64{1, 1.3, 0.8}, 4, 3},
	}
	const trials = 200000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := winProbabilities(tc.gamma, tc.m, tc.q)
			mc := monteCarlo(tc.gamma, tc.m, tc.q, trials, rnd)
			sum := 0.0
			for r := range p {
				sum += p[r]
				// 5 standard errors of a proportion over `trials` draws.
				tol := 5 * math.Sqrt(p[r]*(1-p[r])/trials)
				require.InDeltaf(t, mc[r], p[r], tol, "modality %d: quadrature %v, Monte Carlo %v", r, p[r], mc[r])
			}
			require.InDelta(t, 1, sum, 1e-9, "the probabilities sum to one")
		})
	}
}

func TestEqualModalitiesGiveOneHalf(t *testing.T) {
	c := param.Default()
	c.Mu = []float64{0.2, 0.2}
	p, err := WinProbabilities(c)
	require.NoError(t, err)
	require.InDelta(t, 0.5, p[0], 1e-12)
}

func TestStrongerModalityWinsMoreOften(t *testing.T) {
	c := param.Default()
	c.A, c.B = []float64{1, 1.3}, []float64{1.5, 1.8}
	p, err := WinProbabilities(c)
	require.NoError(t, err)
	require.Greater(t, p[1], p[0])
	c.Mu = []float64{0.1, 0.3}
	c.A, c.B = []float64{1, 1}, []float64{1.5, 1.5}
	p, err = WinProbabilities(c)
	require.NoError(t, err)
	require.Greater(t, p[0], p[1], "a modality that is insufficient less often has the larger Γ")
}

func TestMomentUniform(t *testing.T) {
	require.InDelta(t, (1.5*1.5*1.5*1.5-1)/(4*0.5), MomentUniform(1, 1.5, 3), 1e-15)
	require.Equal(t, 8.0, MomentUniform(2, 2, 3))
}
