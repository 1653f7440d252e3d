package claims

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/testutil"
)

// competition builds a run in which modality winners[j] alone learned class j
// (or both, where winners[j] is −1), with errors chosen by the caller.
func competition(c param.Case, winners []int, jointTest float64, uniTest []float64) result.Run {
	run := result.Run{Winner: make([]int, c.K), PredictedWinner: make([]int, c.K), PredictedWinnerFinite: make([]int, c.K)}
	final := make([][]float64, c.R)
	run.Learned = make([][]bool, c.R)
	for r := 0; r < c.R; r++ {
		final[r] = make([]float64, c.K)
		run.Learned[r] = make([]bool, c.K)
		probe := result.Net{Modality: r, TestErrorByClass: make([]float64, c.K)}
		for j, w := range winners {
			switch {
			case w < 0 || w == r:
				final[r][j] = 2
				run.Learned[r][j] = true
				probe.TestErrorByClass[j] = c.Mu[r]
			default:
				final[r][j] = 1e-5
				probe.TestErrorByClass[j] = 0.95
			}
		}
		probe.TestError = mean(probe.TestErrorByClass)
		run.Probe = append(run.Probe, probe)
		run.Uni = append(run.Uni, result.Net{Modality: r, TestError: uniTest[r], ZeroErrorStep: 10 * (r + 1)})
	}
	for j, w := range winners {
		run.Winner[j] = max(w, 0)
		run.PredictedWinner[j] = max(w, 0)
		run.PredictedWinnerFinite[j] = max(w, 0)
	}
	run.Joint = result.Net{Modality: -1, TestError: jointTest}
	run.Lambda = result.Lambda{Steps: []int{0, 1}, Joint: make([][][]float64, c.R)}
	for r := range final {
		for j := range final[r] {
			run.Lambda.Joint[r] = append(run.Lambda.Joint[r], []float64{1e-6, final[r][j]})
		}
	}
	return run
}

func smallCase() param.Case { return testutil.SmallCase(testutil.Shape{K: 4, N: 100, NTest: 1000}) }

func TestClaimsHoldOnCleanCompetition(t *testing.T) {
	c := smallCase()
	var runs []result.Run
	for s := 0; s < 6; s++ {
		// Modality 0 wins 3 of 4 classes: plug-in (0.1·3 + 0.3)/4 = 0.15.
		runs = append(runs, competition(c, []int{0, 0, 1, 0}, 0.15+0.002*float64(s%3), []float64{0.1, 0.3}))
	}
	p := []float64{0.75, 0.25}
	for _, v := range Check(c, runs, DefaultTolerances(), p, p) {
		require.Truef(t, v.Holds, "%s should hold: %+v", v.Claim, v)
	}
}

func TestCompetitionClaimsFailWhenBothLearnEverything(t *testing.T) {
	c := smallCase()
	var runs []result.Run
	for s := 0; s < 6; s++ {
		runs = append(runs, competition(c, []int{-1, -1, -1, -1}, 0.01, []float64{0.1, 0.3}))
	}
	tol := DefaultTolerances()
	require.False(t, SingleWinner(c, runs, tol).Holds)
	v := ProbeFailsOnLost(c, runs, tol)
	require.False(t, v.Holds)
	require.Equal(t, "no modality lost a class, so no probe can fail on one", v.Explanation)
	require.False(t, Degradation(c, runs, tol, []float64{0.5, 0.5}).Holds, "the joint net beats the best uni-modal net")
}

func TestTrainErrorClaims(t *testing.T) {
	c := smallCase()
	run := competition(c, []int{0, 0, 1, 0}, 0.15, []float64{0.1, 0.3})
	run.Uni[1].TrainError = 0.03
	run.Joint.TrainError = 0
	tol := DefaultTolerances()
	v := UniTrainError(c, []result.Run{run}, tol)
	require.False(t, v.Holds)
	require.InDelta(t, 0.03, v.Statistic, 1e-12)
	require.Equal(t, "uni 1 misclassifies 3 of 100 training samples over 1 seeds", v.Explanation)
	require.Less(t, v.Lo, 0.03)
	require.Greater(t, v.Hi, 0.03)
	require.True(t, JointTrainError(c, []result.Run{run}, tol).Holds)
}

func TestUniTestErrorBand(t *testing.T) {
	c := smallCase()
	ok := competition(c, []int{0, 0, 1, 0}, 0.15, []float64{0.12, 0.27})
	far := competition(c, []int{0, 0, 1, 0}, 0.15, []float64{0.12, 0.45})
	tol := DefaultTolerances()
	require.True(t, UniTestError(c, []result.Run{ok}, tol).Holds)
	v := UniTestError(c, []result.Run{far}, tol)
	require.False(t, v.Holds)
	require.InDelta(t, 0.15, v.Statistic, 1e-12)
}

func TestPlugIn(t *testing.T) {
	c := smallCase()
	run := competition(c, []int{0, 1, -1, 0}, 0, []float64{0, 0})
	run.Learned[0][3], run.Learned[1][3] = false, false
	// e = 0.1, 0.3, 0 (both, exclusive), 0.75 (none) → mean 0.2875.
	require.InDelta(t, 0.2875, PlugIn(c, run), 1e-12)
	c.Pattern = param.Independent
	require.InDelta(t, (0.1+0.3+0.03+0.75)/4, PlugIn(c, run), 1e-12)
}

func TestPredictedWinnerNeedsTheoryInInterval(t *testing.T) {
	c := smallCase()
	var runs []result.Run
	for s := 0; s < 10; s++ {
		runs = append(runs, competition(c, []int{0, 0, 0, 0}, 0.1, []float64{0.1, 0.3}))
	}
	tol := DefaultTolerances()
	require.False(t, PredictedWinner(c, runs, tol, []float64{0.5, 0.5}).Holds, "40 of 40 wins is inconsistent with p_0 = 0.5")
	require.True(t, PredictedWinner(c, runs, tol, []float64{0.97, 0.03}).Holds)
	require.True(t, math.IsNaN(PredictedWinner(c, nil, tol, nil).Statistic))
}

func TestUniZeroError(t *testing.T) {
	c := smallCase()
	c.Steps = 15
	var runs []result.Run
	for s := 0; s < 5; s++ {
		runs = append(runs, competition(c, []int{0, 0, 1, 0}, 0.15, []float64{0.1, 0.3}))
	}
	v := UniZeroError(c, runs)
	require.True(t, v.Holds)
	require.Equal(t, "10 of 10 uni-modal nets reach zero training error (5 by T = 15); first zero-error step: median 15, 90th percentile 20, max 20", v.Explanation)
	runs[2].Uni[1].ZeroErrorStep = -1
	v = UniZeroError(c, runs)
	require.False(t, v.Holds, "one net never reached zero")
	require.InDelta(t, 0.9, v.Statistic, 1e-12)
	require.True(t, math.IsNaN(UniZeroError(c, nil).Statistic))
}

func TestFinitePredictedWinnerReadsItsOwnPrediction(t *testing.T) {
	c := smallCase()
	var runs []result.Run
	for s := 0; s < 10; s++ {
		run := competition(c, []int{0, 0, 0, 0}, 0.1, []float64{0.1, 0.3})
		run.PredictedWinnerFinite = []int{1, 1, 1, 0}
		runs = append(runs, run)
	}
	tol := DefaultTolerances()
	p := []float64{0.97, 0.03}
	require.True(t, PredictedWinner(c, runs, tol, p).Holds)
	v := FinitePredictedWinner(c, runs, tol, p)
	require.False(t, v.Holds, "Γ′ predicts modality 1 for three classes in four")
	require.InDelta(t, 0.25, v.Statistic, 1e-12)
	require.Equal(t, C7Finite, v.Claim)
	require.Contains(t, v.Explanation, "vs p′_0 = 0.970")
}
