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
const (
	M1 ID = "M1" // rescue: classes learned by every modality (Λ view)
	M2 ID = "M2" // probe: the method's probes on the classes joint training lost
	M3 ID = "M3" // benefit: test error below the best uni-modal net and below joint
	M4 ID = "M4" // fit: the fused net reaches zero training error
)

// MethodClaims lists the method claims in order.
var MethodClaims = []ID{M1, M2, M3, M4}

// MethodTolerances are the thresholds of the method claims.
type MethodTolerances struct {
	// MinRescued is the smallest fraction of (seed, class) pairs that every
	// modality must have learned for M1 (joint training leaves about 0.15).
	MinRescued float64 `json:"min_rescued"`
	// MinRescuedProbeAccuracy is the smallest mean accuracy of the method's
	// probes on the classes joint training lost, for M2 (joint: about 0.16).
	MinRescuedProbeAccuracy float64 `json:"min_rescued_probe_accuracy"`
	// BenefitP is the significance level of M3's two paired one-sided tests.
	BenefitP float64 `json:"benefit_p"`
	// MaxTrainError bounds the fused net's pooled training error for M4.
	MaxTrainError float64 `json:"max_train_error"`
}

// DefaultMethodTolerances returns the suite's method tolerances.
func DefaultMethodTolerances() MethodTolerances {
	return MethodTolerances{MinRescued: 0.5, MinRescuedProbeAccuracy: 0.5, BenefitP: 0.05, MaxTrainError: 0.01}
}

// CheckMethod evaluates M1–M4 on a method's runs, runs[i] paired with
// joint[i] (joint training on the same seed).
func CheckMethod(c param.Case, joint, runs []result.Run, tol MethodTolerances) []Verdict {
	if len(runs) == 0 || len(runs) != len(joint) {
		return []Verdict{noRuns(M1), noRuns(M2), noRuns(M3), noRuns(M4)}
	}
	return []Verdict{Rescued(c, joint, runs, tol), RescuedProbes(c, joint, runs, tol), Benefit(c, joint, runs, tol), MethodFit(c, runs, tol)}
}

// bothLearned counts the (seed, class) pairs of runs learned by every modality.
func bothLearned(c param.Case, runs []result.Run) (int, int) {
	all, total := 0, 0
	for _, run := range runs {
		for j := 0; j < c.K; j++ {
			total++
			if learnedBy(run, j) == c.R {
				all++
			}
		}
	}
	return all, total
}

// Rescued checks M1 (Λ view): the fraction of (seed, class) pairs that every
// modality's encoder learned is at least MinRescued.
func Rescued(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	n, total := bothLearned(c, runs)
	nj, _ := bothLearned(c, joint)
	v := Verdict{Claim: M1, Statistic: float64(n) / float64(total), Tolerance: tol.MinRescued,
		Rule: "fraction of classes learned by every modality (Λ view) ≥ tolerance"}
	v.Lo, v.Hi = stats.ClopperPearson(n, total, stats.Level)
	v.Holds = v.Statistic >= tol.MinRescued
	v.Explanation = fmt.Sprintf("%d of %d (seed, class) pairs learned by every modality, against %d under joint training", n, total, nj)
	return v
}

// lostProbeAccuracy returns, for every (seed, modality, class) that joint
// training lost (another modality won the class), the accuracy of runs'
// probe of that modality on that class.
func lostProbeAccuracy(joint, runs []result.Run) []float64 {
	var acc []float64
	for s, j := range joint {
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
	}
	return acc
}

// RescuedProbes checks M2: the method's probes average at least
// MinRescuedProbeAccuracy on the classes that joint training lost.
func RescuedProbes(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	acc := lostProbeAccuracy(joint, runs)
	base := lostProbeAccuracy(joint, joint)
	t := stats.PairedTest(acc, make([]float64, len(acc)))
	v := Verdict{Claim: M2, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi, Tolerance: tol.MinRescuedProbeAccuracy,
		Rule: "mean probe accuracy on the classes joint training lost ≥ tolerance"}
	if len(acc) == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "joint training lost no class"
		return v
	}
	v.Holds = v.Statistic >= tol.MinRescuedProbeAccuracy
	v.Explanation = fmt.Sprintf("probes average %.1f%% accuracy on %d (seed, modality, class) cases joint training lost, against %.1f%% for joint's probes",
		100*t.Mean, len(acc), 100*mean(base))
	return v
}

// Benefit checks M3: the method's test error is below the best uni-modal
// net's and below joint training's, each by a paired one-sided t-test at
// level BenefitP. The statistic is the mean of method − best uni-modal.
func Benefit(c param.Case, joint, runs []result.Run, tol MethodTolerances) Verdict {
	m, best, j := make([]float64, len(runs)), make([]float64, len(runs)), make([]float64, len(runs))
	for s, run := range runs {
		m[s], j[s] = run.Joint.TestError, joint[s].Joint.TestError
		best[s] = math.Inf(1)
		for _, u := range run.Uni {
			best[s] = math.Min(best[s], u.TestError)
		}
	}
	vsUni, vsJoint := stats.PairedTest(best, m), stats.PairedTest(j, m)
	v := Verdict{Claim: M3, Statistic: -vsUni.Mean, Lo: -vsUni.Hi, Hi: -vsUni.Lo, Tolerance: tol.BenefitP,
		Rule: "method < best uni and method < joint (paired one-sided t, p < tolerance)"}
	v.Holds = vsUni.PGreater < tol.BenefitP && vsJoint.PGreater < tol.BenefitP
	v.Explanation = fmt.Sprintf("test error %.3f, best uni %.3f (p = %.3g), joint %.3f (p = %.3g) over %d seeds",
		mean(m), mean(best), vsUni.PGreater, mean(j), vsJoint.PGreater, len(runs))
	return v
}

// MethodFit checks M4: the fused net's pooled training error is at most
// MaxTrainError.
func MethodFit(c param.Case, runs []result.Run, tol MethodTolerances) Verdict {
	wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Joint })
	v := Verdict{Claim: M4, Statistic: float64(wrong) / float64(n), Tolerance: tol.MaxTrainError, Rule: "fused train error ≤ tolerance"}
	v.Lo, v.Hi = stats.ClopperPearson(wrong, n, stats.Level)
	v.Holds = v.Statistic <= tol.MaxTrainError
	v.Explanation = fmt.Sprintf("the fused net misclassifies %d of %d training samples over %d seeds", wrong, n, len(runs))
	return v
}
