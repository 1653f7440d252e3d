package claims

import (
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
)

// The claims of a real dataset's case, where the theory's distribution and
// its p_r do not exist: questions about what the mechanism predicts, each
// decided by an interval over seeds (the unit of replication).
const (
	// R1 asks whether joint training errs above the best uni-modal net.
	R1 ID = "R1"
	// R2 asks whether the joint net's probes split the classes between the
	// views more than two independently trained uni-modal nets do.
	R2 ID = "R2"
	// R3 asks whether the init-time predictor names the winning view of a
	// class better than chance.
	R3 ID = "R3"
)

// RealData lists the real-data claims in order.
var RealData = []ID{R1, R2, R3}

// describeRealData returns the short statement of a real-data claim, or "".
func describeRealData(id ID) string {
	switch id {
	case R1:
		return "joint training errs above the best uni-modal net"
	case R2:
		return "probes split the classes more than independent uni-modal nets"
	case R3:
		return "the init-time predictor names the winning view better than chance"
	}
	return ""
}

// RealDataTolerances are the thresholds of the real-data claims.
type RealDataTolerances struct {
	// ClassAccuracy is the test accuracy on a class at which a net or a
	// probe counts as having learned it (R2's functional view).
	ClassAccuracy float64 `json:"class_accuracy"`
	// DegradationMargin is R1's threshold on joint − best uni-modal error.
	DegradationMargin float64 `json:"degradation_margin"`
	// SplitMargin is R2's threshold on the difference of single-winner
	// fractions.
	SplitMargin float64 `json:"split_margin"`
}

// DefaultRealDataTolerances: a class is learned at 50% test accuracy (five
// times chance with ten classes); R1 and R2 ask for a difference above 0.
func DefaultRealDataTolerances() RealDataTolerances {
	return RealDataTolerances{ClassAccuracy: 0.5, DegradationMargin: 0, SplitMargin: 0}
}

// CheckRealData evaluates R1–R3 on the runs of one real-data case.
func CheckRealData(c param.Case, runs []result.Run, tol RealDataTolerances) []Verdict {
	return []Verdict{JointDegrades(runs, tol), ProbesSplit(c, runs, tol), PredictorBeatsChance(c, runs)}
}

// JointDegrades checks R1: the mean over seeds of joint − best uni-modal
// test error lies above DegradationMargin (holds), below it (fails), or its
// 95% interval contains it (inconclusive).
func JointDegrades(runs []result.Run, tol RealDataTolerances) Verdict {
	diff := make([]float64, len(runs))
	joint, best := 0.0, 0.0
	for s, run := range runs {
		b := math.Inf(1)
		for _, u := range run.Uni {
			b = math.Min(b, u.TestError)
		}
		diff[s] = run.Joint.TestError - b
		joint, best = joint+run.Joint.TestError, best+b
	}
	t := stats.OverSeeds(diff)
	v := Verdict{Claim: R1, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.DegradationMargin,
		Rule: "mean over seeds of joint − best uni-modal test error > tolerance, by its 95% interval"}
	DecideAbove(&v, tol.DegradationMargin)
	n := float64(len(runs))
	v.Explanation = fmt.Sprintf("joint test error %.4f, best uni-modal %.4f over %d seeds", joint/n, best/n, len(runs))
	return v
}

// LearnedAlone reports whether exactly one of nets reaches test accuracy
// acc on class j: the functional view of a single-winner class.
func LearnedAlone(nets []result.Net, j int, acc float64) bool {
	learned := 0
	for _, n := range nets {
		if e := n.TestErrorByClass[j]; e >= 0 && 1-e >= acc {
			learned++
		}
	}
	return learned == 1
}

// singleWinnerShare returns the fraction of the k classes that exactly one
// of nets reaches accuracy acc on.
func singleWinnerShare(nets []result.Net, k int, acc float64) float64 {
	single := 0
	for j := range k {
		if LearnedAlone(nets, j, acc) {
			single++
		}
	}
	return float64(single) / float64(k)
}

// ProbesSplit checks R2 (functional view): per seed, the fraction of
// classes exactly one probe of the joint net learns (test accuracy ≥
// ClassAccuracy) minus the fraction exactly one uni-modal net learns, the
// split two nets that never compete give; its mean over seeds must lie
// above SplitMargin.
func ProbesSplit(c param.Case, runs []result.Run, tol RealDataTolerances) Verdict {
	diff := make([]float64, len(runs))
	probes, unis := 0.0, 0.0
	for s, run := range runs {
		p, u := singleWinnerShare(run.Probe, c.K, tol.ClassAccuracy), singleWinnerShare(run.Uni, c.K, tol.ClassAccuracy)
		diff[s], probes, unis = p-u, probes+p, unis+u
	}
	t := stats.OverSeeds(diff)
	v := Verdict{Claim: R2, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.SplitMargin,
		Rule: "mean over seeds of (classes one probe learns − classes one uni-modal net learns)/k > tolerance, by its 95% interval"}
	DecideAbove(&v, tol.SplitMargin)
	n := float64(len(runs))
	v.Explanation = fmt.Sprintf("one probe alone reaches %.0f%% accuracy on %.2f of the classes, one uni-modal net alone on %.2f, over %d seeds",
		100*tol.ClassAccuracy, probes/n, unis/n, len(runs))
	return v
}

// PredictorBeatsChance checks R3: per seed, among the classes exactly one
// encoder of the joint net learned (Λ view), the fraction whose winner is
// the finite-sample init-time prediction argmax_r Γ′_{r,j}·(Λ_{r,j}(0))₊^{q−2};
// its mean over the seeds that have such a class must lie above 1/R,
// chance. Seeds without a single-winner class do not count.
func PredictorBeatsChance(c param.Case, runs []result.Run) Verdict {
	var frac []float64
	right, won, rightGamma := 0, 0, 0
	for _, run := range runs {
		r, w := 0, 0
		for j := range c.K {
			if learnedBy(run, j) != 1 {
				continue
			}
			w++
			if run.PredictedWinnerFinite[j] == run.Winner[j] {
				r++
			}
			if run.PredictedWinner[j] == run.Winner[j] {
				rightGamma++
			}
		}
		if w > 0 {
			frac = append(frac, float64(r)/float64(w))
		}
		right, won = right+r, won+w
	}
	chance := 1 / float64(c.R)
	t := stats.OverSeeds(frac)
	v := Verdict{Claim: R3, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: chance,
		Rule: "mean over seeds of the fraction of single-winner classes (Λ view) whose winner the Γ′ predictor names > 1/R, by its 95% interval"}
	DecideAbove(&v, chance)
	v.Explanation = fmt.Sprintf("Γ′ names the winner of %d of %d single-winner classes (Γ with the own-class projection: %d) over the %d of %d seeds that have one",
		right, won, rightGamma, len(frac), len(runs))
	return v
}
