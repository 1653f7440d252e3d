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

// seedsOf returns n runs of the clean competition with make's changes to each.
func seedsOf(c param.Case, n int, change func(s int, run *result.Run)) []result.Run {
	var runs []result.Run
	for s := 0; s < n; s++ {
		run := competition(c, []int{0, 0, 1, 0}, 0.15, []float64{0.1, 0.3})
		change(s, &run)
		runs = append(runs, run)
	}
	return runs
}

func TestTrainErrorClaimsDecideOverSeeds(t *testing.T) {
	c := smallCase()
	tol := DefaultTolerances()
	runs := seedsOf(c, 5, func(s int, run *result.Run) { run.Uni[1].TrainError = 0.03 + 0.01*float64(s%2) })
	v := UniTrainError(c, runs, tol)
	require.Equal(t, "fails", v.Mark(), "uni 1 errs on 3–4%% of its training samples on every seed: %+v", v)
	require.InDelta(t, 0.034, v.Statistic, 1e-12)
	require.Greater(t, v.Lo, tol.MaxTrainError)
	require.Equal(t, "uni 1 misclassifies 17 of 500 training samples over 5 seeds", v.Explanation)
	require.Equal(t, "holds", JointTrainError(c, runs, tol).Mark())

	one := UniTrainError(c, runs[:1], tol)
	require.Equal(t, "inconclusive", one.Mark(), "one seed has no interval")
	require.True(t, math.IsInf(one.Hi, 1))

	spread := seedsOf(c, 3, func(s int, run *result.Run) { run.Uni[0].TrainError = []float64{0, 0, 0.02}[s] })
	v = UniTrainError(c, spread, tol)
	require.Equal(t, "inconclusive", v.Mark(), "mean 0.0067 below the tolerance, but three seeds leave 0.01 inside the interval: %+v", v)
	require.InDelta(t, 0.02/3, v.Statistic, 1e-12)
}

func TestUniTestErrorBand(t *testing.T) {
	c := smallCase()
	tol := DefaultTolerances()
	jitter := func(s int) float64 { return 0.005 * float64(s%3) }
	ok := seedsOf(c, 6, func(s int, run *result.Run) {
		run.Uni[0].TestError, run.Uni[1].TestError = 0.12+jitter(s), 0.27+jitter(s)
	})
	require.Equal(t, "holds", UniTestError(c, ok, tol).Mark())
	far := seedsOf(c, 6, func(s int, run *result.Run) {
		run.Uni[0].TestError, run.Uni[1].TestError = 0.12+jitter(s), 0.45+jitter(s)
	})
	v := UniTestError(c, far, tol)
	require.Equal(t, "fails", v.Mark())
	require.InDelta(t, 0.155, v.Statistic, 1e-12, "uni 1 decides: 0.455 against μ = 0.3")
	below := seedsOf(c, 6, func(s int, run *result.Run) { run.Uni[0].TestError = 0.02 + jitter(s) })
	require.Equal(t, "fails", UniTestError(c, below, tol).Mark(), "0.025 against μ = 0.1 is outside the band from below")
	edge := seedsOf(c, 3, func(s int, run *result.Run) { run.Uni[1].TestError = []float64{0.3, 0.35, 0.4}[s] })
	require.Equal(t, "inconclusive", UniTestError(c, edge, tol).Mark())
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

// zeroWins returns 10 seeds on which modality 0 wins all four classes on
// even seeds and three of four on odd ones: a win frequency of 0.875 over
// seeds, with an interval of about ±0.09.
func zeroWins(c param.Case) []result.Run {
	var runs []result.Run
	for s := 0; s < 10; s++ {
		winners := []int{0, 0, 0, 0}
		if s%2 == 1 {
			winners[2] = 1
		}
		runs = append(runs, competition(c, winners, 0.1, []float64{0.1, 0.3}))
	}
	return runs
}

func TestPredictedWinnerNeedsTheoryInInterval(t *testing.T) {
	c := smallCase()
	runs := zeroWins(c)
	tol := DefaultTolerances()
	v := PredictedWinner(c, runs, tol, []float64{0.5, 0.5})
	require.Equal(t, "fails", v.Mark(), "a win frequency of 0.875 over ten seeds is inconsistent with p_0 = 0.5")
	require.Contains(t, v.Explanation, "(0.88 [0.78, 0.97] over 10 seeds)")
	require.Equal(t, "holds", PredictedWinner(c, runs, tol, []float64{0.9, 0.1}).Mark())
	require.Equal(t, "fails", PredictedWinner(c, runs, tol, nil).Mark(), "no theory, nothing to compare with")
	require.True(t, math.IsNaN(PredictedWinner(c, nil, tol, nil).Statistic))

	shared := seedsOf(c, 5, func(_ int, run *result.Run) {
		for j := range run.Winner {
			run.Learned[0][j], run.Learned[1][j] = true, true
		}
	})
	require.Equal(t, "fails", PredictedWinner(c, shared, tol, []float64{0.75, 0.25}).Mark(),
		"no single-winner class: no frequency to hold p_0 against")
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
	runs := zeroWins(c)
	for s := range runs {
		runs[s].PredictedWinnerFinite = []int{1, 1, 1, 0}
	}
	tol := DefaultTolerances()
	p := []float64{0.9, 0.1}
	require.Equal(t, "holds", PredictedWinner(c, runs, tol, p).Mark())
	v := FinitePredictedWinner(c, runs, tol, p)
	require.Equal(t, "fails", v.Mark(), "Γ′ predicts modality 1 for three classes in four")
	require.InDelta(t, 0.375, v.Statistic, 1e-12, "right on class 3 always and on class 2 on odd seeds: (1/4 + 2/4)/2")
	require.Equal(t, C7Finite, v.Claim)
	require.Contains(t, v.Explanation, "vs p′_0 = 0.900")
}
