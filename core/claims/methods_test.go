package claims

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// TestDecideIsThreeValued: a claim holds when its interval lies on the
// claimed side of the threshold, fails when it lies on the other, and is
// inconclusive when it contains the threshold, for either direction.
func TestDecideIsThreeValued(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		above  bool
		want   string
	}{
		{0.6, 0.8, true, "holds"}, {0.5, 0.8, true, "holds"}, {0.2, 0.4, true, "fails"}, {0.4, 0.6, true, "inconclusive"},
		{-0.3, -0.1, false, "holds"}, {0.1, 0.3, false, "fails"}, {-0.1, 0.1, false, "inconclusive"}, {-0.2, 0, false, "holds"},
	} {
		threshold := 0.5
		if !tc.above {
			threshold = 0
		}
		v := Verdict{Lo: tc.lo, Hi: tc.hi}
		decide(&v, threshold, tc.above)
		require.Equal(t, tc.want, v.Mark(), "[%v, %v] against %v, above=%v", tc.lo, tc.hi, threshold, tc.above)
	}
}

// methodRuns builds runs whose fused test errors are fused[s] and whose best
// uni-modal error is uni[s].
func methodRuns(fused, uni []float64) []result.Run {
	runs := make([]result.Run, len(fused))
	for s := range fused {
		runs[s].Joint.TestError = fused[s]
		runs[s].Uni = []result.Net{{TestError: uni[s]}, {TestError: uni[s] + 0.1}}
	}
	return runs
}

// TestBenefitOfJointIsJointAgainstBestUni: for joint training M3 compares
// the fused net with the best uni-modal net, so it fails where joint errs
// more on every seed (it compared joint with itself before, which could not
// fail), and is inconclusive where the seeds disagree.
func TestBenefitOfJointIsJointAgainstBestUni(t *testing.T) {
	c := param.Default()
	worse := methodRuns([]float64{0.15, 0.16, 0.14, 0.15}, []float64{0.10, 0.10, 0.11, 0.10})
	v := Benefit(c, worse, worse, DefaultMethodTolerances())
	require.Equal(t, "fails", v.Mark(), v.Explanation)
	require.InDelta(t, 0.0475, v.Statistic, 1e-12)
	mixed := methodRuns([]float64{0.09, 0.12, 0.10, 0.13}, []float64{0.10, 0.10, 0.11, 0.10})
	v = Benefit(c, mixed, mixed, DefaultMethodTolerances())
	require.Equal(t, "inconclusive", v.Mark(), v.Explanation)
	// Another method below the best uni-modal net and below joint holds.
	c.Method = param.MethodEnsemble
	better := methodRuns([]float64{0.08, 0.085, 0.09, 0.08}, []float64{0.10, 0.10, 0.11, 0.10})
	v = Benefit(c, worse, better, DefaultMethodTolerances())
	require.Equal(t, "holds", v.Mark(), v.Explanation)
}
