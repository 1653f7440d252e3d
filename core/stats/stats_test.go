package stats

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClopperPearsonKnownValues(t *testing.T) {
	tests := []struct {
		x, n   int
		lo, hi float64
	}{
		// Reference values from R's binom.test.
		{0, 10, 0, 0.3084971},
		{10, 10, 0.6915029, 1},
		{5, 10, 0.1870860, 0.8129140},
		{1, 100, 0.0002531, 0.0544594},
	}
	for _, tc := range tests {
		lo, hi := ClopperPearson(tc.x, tc.n, 0.95)
		require.InDeltaf(t, tc.lo, lo, 1e-6, "%d/%d lower", tc.x, tc.n)
		require.InDeltaf(t, tc.hi, hi, 1e-6, "%d/%d upper", tc.x, tc.n)
	}
	lo, hi := ClopperPearson(0, 0, 0.95)
	require.Equal(t, [2]float64{0, 1}, [2]float64{lo, hi})
}

func TestPairedTest(t *testing.T) {
	// Differences 1, 2, 3, 4: mean 2.5, sd 1.2910, t = 3.873 on 3 df, one-sided p = 0.01522.
	p := PairedTest([]float64{2, 4, 6, 8}, []float64{1, 2, 3, 4})
	require.Equal(t, 4, p.N)
	require.InDelta(t, 2.5, p.Mean, 1e-12)
	require.InDelta(t, 0.01522, p.PGreater, 1e-4)
	require.InDelta(t, 2.5-3.182446*1.290994/2, p.Lo, 1e-5)
	single := PairedTest([]float64{1}, []float64{0})
	require.True(t, math.IsNaN(single.PGreater))
	equal := PairedTest([]float64{1, 1}, []float64{0, 0})
	require.Equal(t, 0.0, equal.PGreater)
}

func TestCount(t *testing.T) {
	require.Equal(t, 3, Count(0.0015, 2000))
}
