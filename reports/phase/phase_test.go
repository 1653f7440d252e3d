package phase

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// line builds a run of a two-class case at σ0 in which modality 0 alone
// learned class 0 and both learned class 1; probe 1 gets class 0 right with
// probability lostAcc.
func line(sigma0 float64, lostAcc, joint float64) result.Line {
	p := param.Default()
	p.K, p.Sigma0 = 2, sigma0
	run := result.Run{
		Winner:  []int{0, 1},
		Learned: [][]bool{{true, true}, {false, true}},
		Joint:   result.Net{TestError: joint},
		Uni:     []result.Net{{TestError: 0.1}, {TestError: 0.3}},
		Probe: []result.Net{{TestErrorByClass: []float64{0.1, 0.1}},
			{TestErrorByClass: []float64{1 - lostAcc, 0.2}}},
	}
	return result.Line{Point: result.Point{Params: p}, Result: run}
}

func TestBuild(t *testing.T) {
	lines := []result.Line{line(1e-6, 0.2, 0.15), line(1e-6, 0.4, 0.25), line(1e-5, 0, 0.1)}
	d, err := Build("test", lines, InitScale, Strength)
	require.NoError(t, err)
	require.InDeltaSlice(t, []float64{1e-5, 1e-4}, d.X, 1e-18) // σ0/ϱ with ϱ = 0.1
	require.Equal(t, []float64{1}, d.Y)
	c := d.Cells[0][0]
	require.Equal(t, 2, c.Runs)
	require.InDelta(t, 0.5, c.SingleWinner, 1e-12, "class 0 single, class 1 shared")
	require.InDelta(t, 0.3, c.LostProbeAccuracy, 1e-12, "probe 1 on class 0, modality 1's only lost class")
	require.InDelta(t, 0.2-0.1, c.Degradation, 1e-12, "mean joint 0.2, best uni 0.1")
	var md strings.Builder
	require.NoError(t, d.Markdown(&md))
	require.Contains(t, md.String(), "| 1 | 0.300 | 0.000 |")
}

func TestBuildWithoutALostClass(t *testing.T) {
	l := line(1e-6, 0, 0.1)
	l.Result.Learned[1][0] = true // both learned both classes
	d, err := Build("test", []result.Line{l}, InitScale, Strength)
	require.NoError(t, err)
	require.True(t, math.IsNaN(d.Cells[0][0].LostProbeAccuracy))
	require.Zero(t, d.Cells[0][0].SingleWinner)
	_, err = d.Figure()
	require.NoError(t, err, "a NaN cell is drawn grey")
}

func TestBuildNeedsEveryPoint(t *testing.T) {
	a := line(1e-6, 0, 0.1)
	b := line(1e-5, 0, 0.1)
	b.Params.A = []float64{1, 1.4}
	_, err := Build("test", []result.Line{a, b}, InitScale, Strength)
	require.ErrorContains(t, err, "no runs at σ0/ϱ = 0.0001, a₁/a₀ = 1")
	_, err = Build("test", nil, InitScale, Strength)
	require.Error(t, err)
}

func TestLabel(t *testing.T) {
	require.Equal(t, "1e-7", Label(1e-7))
	require.Equal(t, "12000", Label(12000))
	require.Equal(t, "1.4", Label(1.4))
	require.Equal(t, "0.1", Label(0.1))
	require.Equal(t, "1e-2", Label(0.01))
}
