package claims

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// TestJointDegradesIsDecidedOverSeeds: R1 holds when the joint net errs
// above the best uni-modal net on every seed, fails when it errs below,
// and is inconclusive when the seeds disagree.
func TestJointDegradesIsDecidedOverSeeds(t *testing.T) {
	tol := DefaultRealDataTolerances()
	above := methodRuns([]float64{0.25, 0.26, 0.27}, []float64{0.23, 0.24, 0.24})
	v := JointDegrades(above, tol)
	require.Equal(t, "holds", v.Mark(), v.Explanation)
	require.InDelta(t, 0.0233333333, v.Statistic, 1e-9)
	below := methodRuns([]float64{0.15, 0.16, 0.14}, []float64{0.23, 0.24, 0.24})
	require.Equal(t, "fails", JointDegrades(below, tol).Mark())
	mixed := methodRuns([]float64{0.25, 0.22, 0.26, 0.21}, []float64{0.23, 0.24, 0.24, 0.23})
	require.Equal(t, "inconclusive", JointDegrades(mixed, tol).Mark())
}

// byClass returns a net whose test accuracy on class j is acc[j].
func byClass(acc ...float64) result.Net {
	n := result.Net{TestErrorByClass: make([]float64, len(acc))}
	for j, a := range acc {
		n.TestErrorByClass[j] = 1 - a
	}
	return n
}

// TestProbesSplitCountsClassesOneNetAloneLearns: with probes that split the
// four classes two and two and uni-modal nets that both learn every class,
// R2's statistic is 1 − 0 on every seed; with probes that learn what the
// uni-modal nets learn it is 0 and fails against the margin 0.
func TestProbesSplitCountsClassesOneNetAloneLearns(t *testing.T) {
	c := param.Default()
	c.K = 4
	tol := DefaultRealDataTolerances()
	split := result.Run{Probe: []result.Net{byClass(0.9, 0.9, 0.1, 0.2), byClass(0.0, 0.3, 0.8, 0.95)},
		Uni: []result.Net{byClass(0.9, 0.9, 0.9, 0.9), byClass(0.8, 0.8, 0.8, 0.8)}}
	same := result.Run{Probe: split.Uni, Uni: split.Uni}
	// Two seeds with a different split keep the interval finite.
	half := result.Run{Probe: []result.Net{byClass(0.9, 0.9, 0.9, 0.2), byClass(0.9, 0.3, 0.8, 0.95)}, Uni: split.Uni}
	v := ProbesSplit(c, []result.Run{split, half, split}, tol)
	require.Equal(t, "holds", v.Mark(), v.Explanation)
	require.InDelta(t, (1+0.5+1)/3.0, v.Statistic, 1e-12)
	v = ProbesSplit(c, []result.Run{same, same, same}, tol)
	require.Equal(t, "fails", v.Mark(), "no difference on any seed is no excess: %s", v.Explanation)
	require.Zero(t, v.Statistic)
}

// TestPredictorBeatsChanceCountsSingleWinnerClasses: only classes one
// encoder learned count; seeds without one are left out; the threshold is
// 1/R.
func TestPredictorBeatsChanceCountsSingleWinnerClasses(t *testing.T) {
	c := param.Default()
	c.K = 4
	run := func(winner, predicted []int, learned [][]bool) result.Run {
		return result.Run{Winner: winner, PredictedWinnerFinite: predicted, PredictedWinner: predicted, Learned: learned}
	}
	single := [][]bool{{true, false, true, true}, {false, true, false, true}} // classes 0–2 single-winner, 3 shared
	right := run([]int{0, 1, 0, 0}, []int{0, 1, 0, 1}, single)                // 3 of 3 (class 3 does not count)
	twoOfThree := run([]int{0, 1, 0, 0}, []int{0, 1, 1, 0}, single)
	none := run([]int{0, 0, 0, 0}, []int{1, 1, 1, 1}, [][]bool{{true, true, true, true}, {true, true, true, true}})
	v := PredictorBeatsChance(c, []result.Run{right, twoOfThree, right, none, right, right})
	require.Equal(t, "holds", v.Mark(), v.Explanation)
	require.InDelta(t, (4+2.0/3)/5, v.Statistic, 1e-12)
	require.Contains(t, v.Explanation, "14 of 15 single-winner classes")
	require.Contains(t, v.Explanation, "5 of 6 seeds")
	// Three seeds at 1, 2/3 and 1 cannot decide: the interval reaches below 1/2.
	require.Equal(t, "inconclusive", PredictorBeatsChance(c, []result.Run{right, twoOfThree, right}).Mark())
	wrong := run([]int{0, 1, 0, 0}, []int{1, 0, 1, 0}, single)
	require.Equal(t, "fails", PredictorBeatsChance(c, []result.Run{wrong, wrong, twoOfThree, wrong, wrong, wrong}).Mark())
}
