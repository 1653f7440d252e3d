package claims

import (
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
)

// The claims about a training method, each checked on the method's runs
// paired with joint training's runs on the same seeds (same data, same W(0)).
//
// Each is decided over seeds as every claim is (see decide.go): the
// interval a table prints is the one that decided.
const (
	M1 ID = "M1" // rescue: classes learned by every modality (Λ view)
	M2 ID = "M2" // probe: the method's probes on the classes joint training lost
	M3 ID = "M3" // benefit: test error below the best uni-modal net (and below joint)
	M4 ID = "M4" // fit: the fused net reaches zero training error
)

// MethodClaims lists the method claims in order.
var MethodClaims = []ID{M1, M2, M3, M4}

// MethodTolerances are the thresholds of the method claims.
type MethodTolerances struct {
	// MinRescued is the threshold of M1: the mean over seeds of the
	// fraction of classes that every modality learned (joint training
	// leaves about 0.15).
	MinRescued float64 `json:"min_rescued"`
	// MinRescuedProbeAccuracy is the threshold of M2: the mean over seeds
	// of the method's probe accuracy on the classes joint training lost
	// (joint: about 0.16).
	MinRescuedProbeAccuracy float64 `json:"min_rescued_probe_accuracy"`
	// BenefitMargin is the threshold of M3: the mean over seeds of the
	// method's test error less the best uni-modal net's (and less joint
	// training's) must lie below it; 0 asks for a strict improvement.
	BenefitMargin float64 `json:"benefit_margin"`
	// MaxTrainError is the threshold of M4: the mean over seeds of the
	// fused net's training error.
	MaxTrainError float64 `json:"max_train_error"`
}

// DefaultMethodTolerances returns the suite's method tolerances.
func DefaultMethodTolerances() MethodTolerances {
	return MethodTolerances{MinRescued: 0.5, MinRescuedProbeAccuracy: 0.5, BenefitMargin: 0, MaxTrainError: 0.01}
}

// CheckMethod evaluates M1–M4 on a method's runs, runs[i] paired with
// joint[i] (joint training on the same seed).
func CheckMethod(c param.Case, joint, runs []result.Run, tol MethodTolerances) []Verdict {
	if len(runs) == 0 || len(runs) != len(joint) {
		return []Verdict{noRuns(M1), noRuns(M2), noRuns(M3), noRuns(M4)}
	}
	return []Verdict{Rescued(c, joint, runs, tol), RescuedProbes(c, joint, runs, tol), Benefit(c, joint, runs, tol), MethodFit(c, runs, tol)}
}

// LearnedByAll counts the classes of run that every modality's encoder
// learned (Λ view), of its k classes.
func LearnedByAll(run result.Run) (n, k int) {
	if len(run.Learned) == 0 {
		return 0, 0
	}
	k = len(run.Learned[0])
	for j := 0; j < k; j++ {
		if learnedBy(run, j) == len(run.Learned) {
			n++
		}
	}
	return n, k
}

// bothLearned returns, per run, the fraction of classes learned by every
// modality, and the number of (seed, class) pairs so learned.
func bothLearned(c param.Case, runs []result.Run) ([]float64, int) {
	frac := make([]float64, len(runs))
	all := 0
	for s, run := range runs {
		n, _ := LearnedByAll(run)
		frac[s], all = float64(n)/float64(c.K), all+n
	}
	return frac, all
}

// Rescued checks M1 (Λ view): the mean over seeds of the fraction of
// classes that every modality's encoder learned is at least MinRescued.
func Rescued(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	frac, n := bothLearned(c, runs)
	_, nj := bothLearned(c, joint)
	t := stats.OverSeeds(frac)
	v := Verdict{Claim: M1, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.MinRescued,
		Rule: "mean over seeds of the fraction of classes learned by every modality (Λ view) ≥ tolerance, by its 95% interval"}
	decide(&v, tol.MinRescued, true)
	v.Explanation = fmt.Sprintf("%d of %d (seed, class) pairs learned by every modality over %d seeds, against %d under joint training",
		n, c.K*len(runs), len(runs), nj)
	return v
}

// lostProbeAccuracy returns, per seed, the accuracy of runs' probes on the
// (modality, class) cases that joint training lost on that seed (another
// modality won the class): their mean, or NaN where joint lost none; and
// how many cases there were in all.
func lostProbeAccuracy(joint, runs []result.Run) ([]float64, int) {
	out := make([]float64, len(joint))
	cases := 0
	for s, j := range joint {
		var acc []float64
		for r := range j.Learned {
			for class, learned := range j.Learned[r] {
				if learned || j.Winner[class] < 0 {
					continue
				}
				if e := runs[s].Probe[r].TestErrorByClass[class]; e >= 0 {
					acc = append(acc, 1-e)
				}
			}
		}
		out[s], cases = mean(acc), cases+len(acc)
	}
	return out, cases
}

// finite returns the finite values of x.
func finite(x []float64) []float64 {
	var out []float64
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

// RescuedProbes checks M2: the mean over seeds of the method's probe
// accuracy on the classes joint training lost on that seed is at least
// MinRescuedProbeAccuracy (seeds where joint training lost no class do not
// count).
func RescuedProbes(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	perSeed, cases := lostProbeAccuracy(joint, runs)
	base, _ := lostProbeAccuracy(joint, joint)
	acc := finite(perSeed)
	t := stats.OverSeeds(acc)
	v := Verdict{Claim: M2, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.MinRescuedProbeAccuracy,
		Rule: "mean over seeds of the probe accuracy on the classes joint training lost ≥ tolerance, by its 95% interval"}
	if len(acc) == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "joint training lost no class"
		return v
	}
	decide(&v, tol.MinRescuedProbeAccuracy, true)
	v.Explanation = fmt.Sprintf("probes average %.1f%% accuracy on %d (seed, modality, class) cases joint training lost over %d seeds, against %.1f%% for joint's probes",
		100*t.Mean, cases, len(acc), 100*mean(finite(base)))
	return v
}

// Benefit checks M3: the method's test error is below the best uni-modal
// net's and below joint training's. The statistic is the mean over seeds of
// method − best uni-modal, with its interval; for a method other than joint
// training, method − joint must lie below the margin too (the verdict holds
// when both intervals lie below it, fails when either lies above). For
// joint training itself the claim is joint < best uni-modal, which the
// theory says fails.
func Benefit(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	m, best, j := make([]float64, len(runs)), make([]float64, len(runs)), make([]float64, len(runs))
	isJoint := c.MethodName() == param.MethodJoint
	for s, run := range runs {
		m[s], j[s] = run.Joint.TestError, joint[s].Joint.TestError
		best[s] = math.Inf(1)
		for _, u := range run.Uni {
			best[s] = math.Min(best[s], u.TestError)
		}
	}
	vsUni, vsJoint := stats.PairedTest(m, best), stats.PairedTest(m, j)
	v := Verdict{Claim: M3, Statistic: vsUni.Mean, Lo: vsUni.Lo, Hi: vsUni.Hi, Tolerance: tol.BenefitMargin,
		Rule: "mean over seeds of method − best uni-modal test error < tolerance (and of method − joint), by their 95% intervals"}
	decide(&v, tol.BenefitMargin, false)
	if !isJoint {
		other := Verdict{Lo: vsJoint.Lo, Hi: vsJoint.Hi}
		decide(&other, tol.BenefitMargin, false)
		vsBest := v
		Combine(&v, vsBest, other)
	}
	v.Explanation = fmt.Sprintf("test error %.4f, best uni %.4f (difference %.4f [%.4f, %.4f]), joint %.4f (difference %.4f [%.4f, %.4f]) over %d seeds",
		mean(m), mean(best), vsUni.Mean, vsUni.Lo, vsUni.Hi, mean(j), vsJoint.Mean, vsJoint.Lo, vsJoint.Hi, len(runs))
	if isJoint {
		v.Explanation = fmt.Sprintf("joint test error %.4f, best uni %.4f (difference %.4f [%.4f, %.4f]) over %d seeds",
			mean(m), mean(best), vsUni.Mean, vsUni.Lo, vsUni.Hi, len(runs))
	}
	return v
}

// MethodFit checks M4: the mean over seeds of the fused net's training
// error is at most MaxTrainError.
func MethodFit(c param.Case, runs []result.Run, tol MethodTolerances) Verdict {
	errs := make([]float64, len(runs))
	for s, run := range runs {
		errs[s] = run.Joint.TrainError
	}
	wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Joint })
	t := stats.OverSeeds(errs)
	v := Verdict{Claim: M4, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.MaxTrainError,
		Rule: "mean over seeds of the fused train error ≤ tolerance, by its 95% interval"}
	decide(&v, tol.MaxTrainError, false)
	v.Explanation = fmt.Sprintf("the fused net misclassifies %d of %d training samples over %d seeds", wrong, n, len(runs))
	return v
}
