package metrics

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestByClassMarksEmptyClasses(t *testing.T) {
	got := ByClass([]int{0, 1, 1, 0}, []int{0, 1, 0, 0}, 3)
	require.Equal(t, []float64{1.0 / 3, 0, NoSamples}, got)
}

func TestWinnersAndLearned(t *testing.T) {
	final := [][]float64{{2, 0.001, 1.5, 0.5}, {0.0001, 3, 1.0, 0.001}}
	learned := Learned(final, 0.01, 0.5)
	require.Equal(t, [][]bool{{true, false, true, true}, {false, true, true, false}}, learned)
	require.Equal(t, []int{0, 1, 0, 0}, Winners(final, learned))
	none := Learned([][]float64{{0.001}, {0.002}}, 0.01, 0.5)
	require.Equal(t, []int{-1}, Winners([][]float64{{0.001}, {0.002}}, none))
}

func TestPredictedWinners(t *testing.T) {
	gamma := [][]float64{{1, 1}, {2, 1}}
	initial := [][]float64{{1, 3}, {1, -1}}
	require.Equal(t, []int{1, 0}, PredictedWinners(gamma, initial, 3))
}

func TestPatternName(t *testing.T) {
	require.Equal(t, "none", PatternName(0))
	require.Equal(t, "1", PatternName(2))
	require.Equal(t, "0+1", PatternName(3))
}
