package data

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/rng"
)

// raw returns a set of n samples of two 3-value views whose label is i mod 2.
func raw(n int, shift float64) *Set {
	s := &Set{N: n, D: 3, R: 2, K: 2, X: [][]float64{make([]float64, 3*n), make([]float64, 3*n)}, Y: make([]int, n)}
	for i := range n {
		s.Y[i] = i % 2
		for t := range 3 {
			s.X[0][3*i+t] = float64(i*(t+1)%7) + shift
			s.X[1][3*i+t] = float64((i+t)%5) * float64(1+s.Y[i])
		}
	}
	return s
}

// TestViewsArePreprocessedByTheTrainingStatistics: a training sample's
// root-mean-square norm is norm, the training mean is zero, the test set
// moves by the training mean and scale, features have unit norm, and a
// sample's Target is its projection on its own class's feature.
func TestViewsArePreprocessedByTheTrainingStatistics(t *testing.T) {
	train, test := raw(20, 0), raw(6, 100)
	v, err := NewViews(train, test, 3)
	require.NoError(t, err)
	for r := range 2 {
		sq, mean := 0.0, make([]float64, 3)
		for i := range 20 {
			for t := range 3 {
				x := train.X[r][3*i+t]
				sq += x * x
				mean[t] += x / 20
			}
		}
		require.InDelta(t, 3, math.Sqrt(sq/20), 1e-12)
		for _, m := range mean {
			require.InDelta(t, 0, m, 1e-12)
		}
		for j := range 2 {
			f := v.Feature(r, j)
			require.InDelta(t, 1, math.Sqrt(dot(f, f)), 1e-12)
		}
		require.Nil(t, train.Insufficient, "a real dataset has no insufficiency")
		require.Zero(t, train.Pattern(0))
		for i, y := range train.Y {
			require.Equal(t, dot(train.X[r][3*i:3*i+3], v.Feature(r, y)), train.Target[r][i])
		}
	}
	// Test sample i is training sample i's raw view 0 plus 100: after
	// preprocessing every value sits the same 100/scale above.
	got, err := v.Sample(context.Background(), 6, 1, rng.Test)
	require.NoError(t, err)
	shift := got.X[0][0] - train.X[0][0]
	require.Greater(t, shift, 0.0)
	for i := range 18 {
		require.InDelta(t, shift, got.X[0][i]-train.X[0][i], 1e-9)
	}
	_, err = v.Sample(context.Background(), 6, 1, "init")
	require.Error(t, err)
}

func TestViewsRefuseWhatTheyCannotScale(t *testing.T) {
	constant := raw(4, 0)
	for i := range constant.X[1] {
		constant.X[1][i] = 2
	}
	_, err := NewViews(constant, raw(4, 0), 1)
	require.ErrorContains(t, err, "view 1 has no variance")

	oneClass := raw(4, 0)
	for i := range oneClass.Y {
		oneClass.Y[i] = 0
	}
	_, err = NewViews(oneClass, raw(4, 0), 1)
	require.ErrorContains(t, err, "class 1 has no training sample")

	_, err = NewViews(raw(4, 0), raw(4, 0), 0)
	require.ErrorContains(t, err, "positive")
	_, err = NewViews(raw(4, 0), nil, 1)
	require.Error(t, err)
}
