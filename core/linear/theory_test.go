package linear

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLateTimeRatio(t *testing.T) {
	// (r² − 1)/(1 − ρ²) + 1 by hand.
	require.Equal(t, 5.0, LateTimeRatio(2, 0.5))
	require.Equal(t, 9.0, LateTimeRatio(3, 0))
	require.Equal(t, 1.0, LateTimeRatio(1, 0.7))
	require.InDelta(t, 1+1.25/0.19, LateTimeRatio(1.5, -0.9), 1e-12)
	require.Equal(t, 0.25, LateOvershoot(2, 0.5))
}

// TestDeepTimeRatio checks lag_depth against the same formula integrated
// independently (a 400001-point trapezoid rule in ln u, in Python, from
// util.py's code) and its two ends.
func TestDeepTimeRatio(t *testing.T) {
	for _, tc := range []struct {
		r, rho      float64
		L, Lf       int
		gamma, want float64
	}{
		{2, 0.5, 4, 3, 0.025, 1.2366399202494103},
		{2, 0.5, 4, 2, 0.1, 1.264621535081419},
		{3, -0.45, 6, 4, 0.1, 1.3434350915938609},
		{1.5, 0.9, 4, 3, 0.1, 2.531877785573799},
	} {
		got := DeepTimeRatio(tc.r, tc.rho, tc.L, tc.Lf, tc.gamma)
		require.InDelta(t, tc.want, got, 1e-7*tc.want, "%+v", tc)
	}
	require.Equal(t, 1.0, DeepTimeRatio(2, 0.5, 4, 1, 0.1))
	require.Equal(t, LateTimeRatio(2, 0.5), DeepTimeRatio(2, 0.5, 4, 4, 0.1))
}

func TestMoments(t *testing.T) {
	p := Default()
	p.N = 500
	m := MomentsOf(Sample(p, 3))
	wa, wb := m.Solution()
	// The least-squares weights solve S w = c; without noise they are (1, 1).
	require.InDelta(t, m.AY, m.AA*wa+m.AB*wb, 1e-12)
	require.InDelta(t, m.BY, m.AB*wa+m.BB*wb, 1e-12)
	require.InDelta(t, 1, wa, 1e-12)
	require.InDelta(t, 1, wb, 1e-12)
	// The sample's r̂ and ρ̂ are near the population's.
	require.InDelta(t, 2, m.Ratio(), 0.2)
	require.InDelta(t, 0.5, m.Rho(), 0.1)
	// Without noise c_A/S_AA = 1 + S_AB/S_AA = 1 + ρ̂/r̂.
	require.InDelta(t, 1+m.Rho()/m.Ratio(), m.Unimodal(), 1e-12)
}

// TestTwoLayerTimeRatio: lag_twolayer is Eq. 9 for scalars (c_A = r² + ρr,
// c_B = 1 + ρr, the residual 1 − ρ²) and, by hand, 1 + (5 − 3)/1 for
// c_A = (3, 4), c_B = (0, 3), residual (1, 0).
func TestTwoLayerTimeRatio(t *testing.T) {
	r, rho := 2.0, 0.5
	require.InDelta(t, LateTimeRatio(r, rho), TwoLayerTimeRatio([]float64{r*r + rho*r}, []float64{1 + rho*r}, []float64{1 - rho*rho}), 1e-12)
	require.Equal(t, 3.0, TwoLayerTimeRatio([]float64{3, 4}, []float64{0, 3}, []float64{1, 0}))
}

// TestMultiTargets: on uncorrelated multi-dimensional data the targets are
// the least-squares weights, and the predicted ratio is near r² (Eq. 9 at
// ρ = 0), away from it only by the sample's cross-covariance.
func TestMultiTargets(t *testing.T) {
	p := Default()
	p.N, p.Dim, p.Ratio, p.Rho, p.Weight = 20000, 3, 1.5, 0, 0.1
	require.NoError(t, p.Validate())
	tg := multiTargets(p, Sample(p, 1))
	// Without noise the least-squares weights are 0.1 on every coordinate:
	// B's are measured along themselves, A's along A's uni-modal weights,
	// which the sample's cross-covariance turns by a little.
	require.InDelta(t, 0.1*math.Sqrt(3), tg.solA, 1e-4)
	require.InDelta(t, 0.1*math.Sqrt(3), tg.solB, 1e-12)
	require.InDelta(t, 2.25, tg.pred.TimeRatio, 0.1)
	require.InDelta(t, 0, tg.pred.Overshoot, 0.02)
}
