package linear

import (
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
)

// The claims of the linear-network theory (Zhang, Latham & Saxe, ICML 2024),
// each decided over seeds like C1–C7: one number per seed, Student's t
// interval over the seeds (stats.OverSeeds), holds / fails / inconclusive
// (claims.DecideAbove, claims.DecideWithin).
const (
	// L1: modality A is learned first, with a unimodal phase: t_B/t_A − 1
	// lies above Tolerances.Phase.
	L1 result.ClaimID = "L1"
	// L2: the time ratio t_B/t_A is the theory's (Predict: Eq. 9 for late
	// fusion, lag_depth for 1 < L_f < L, 1 for early fusion) within the
	// relative tolerance Tolerances.Ratio.
	L2 result.ClaimID = "L2"
	// L3: A's misattribution, its weight on the plateau relative to its
	// final value minus 1, is the theory's (ρ/r in the population; at the
	// sample's moments c_A/S_AA ÷ ŵ_A − 1) within Tolerances.Overshoot.
	L3 result.ClaimID = "L3"
)

// All lists the claims in table order.
var All = []result.ClaimID{L1, L2, L3}

// Describe states a claim in a few words.
func Describe(id result.ClaimID) string {
	switch id {
	case L1:
		return "modality A is learned first (a unimodal phase)"
	case L2:
		return "time ratio t_B/t_A as the theory predicts"
	case L3:
		return "A's misattribution on the plateau as the theory predicts"
	}
	return ""
}

// Tolerances are the thresholds of the claims.
type Tolerances struct {
	// Phase is the least lag t_B/t_A − 1 that counts as a unimodal phase.
	Phase float64
	// Ratio is the relative tolerance of L2 on (t_B/t_A)/predicted − 1.
	Ratio float64
	// Overshoot is the absolute tolerance of L3.
	Overshoot float64
}

// DefaultTolerances are the suite's thresholds: a phase is a lag above
// 10% of t_A; the time ratio within 5% of the theory's, which leaves room
// for the gradient step's bias (−2.4% in linear-late at η = 4e-3, about
// halving with η; halving η moves the ratio by 1%: docs/linear.md) and the
// finite γ of the deep cases (−3.8% in linear-deep); the misattribution
// within 0.01 of the prediction, a tenth of its smallest size in the
// suite's cases.
func DefaultTolerances() Tolerances { return Tolerances{Phase: 0.1, Ratio: 0.05, Overshoot: 0.01} }

// Check decides the claims on a case's runs, one per seed. A run that did
// not learn both modalities within its steps makes every claim fail (it has
// no time ratio), with the count in the explanation.
func Check(runs []Run, tol Tolerances) []result.Verdict {
	var lag, ratioErr, overErr []float64
	failed := 0
	for _, r := range runs {
		if !r.Converged() {
			failed++
			continue
		}
		lag = append(lag, r.TimeRatio-1)
		ratioErr = append(ratioErr, r.TimeRatio/r.Predicted.TimeRatio-1)
		overErr = append(overErr, r.Overshoot-r.Predicted.Overshoot)
	}
	verdict := func(id result.ClaimID, x []float64, tolerance float64, rule string) result.Verdict {
		s := stats.OverSeeds(x)
		return result.Verdict{Claim: id, Statistic: s.Mean, Lo: s.Lo, Hi: s.Hi, Tolerance: tolerance, Rule: rule}
	}
	v1 := verdict(L1, lag, tol.Phase, "t_B/t_A − 1 > tolerance (mean over seeds, 95% t interval)")
	v2 := verdict(L2, ratioErr, tol.Ratio, "|(t_B/t_A)/predicted − 1| ≤ tolerance")
	v3 := verdict(L3, overErr, tol.Overshoot, "|misattribution − predicted| ≤ tolerance")
	out := []result.Verdict{v1, v2, v3}
	if failed > 0 || len(lag) == 0 {
		for i := range out {
			out[i].Holds, out[i].Inconclusive = false, false
			if math.IsNaN(out[i].Statistic) || math.IsInf(out[i].Lo, 0) || math.IsInf(out[i].Hi, 0) {
				out[i].Statistic, out[i].Lo, out[i].Hi = 0, 0, 0 // nothing to measure; JSON has no NaN
			}
			out[i].Explanation = fmt.Sprintf("%d of %d runs did not learn both modalities within their steps", failed, len(runs))
		}
		return out
	}
	claims.DecideAbove(&out[0], tol.Phase)
	claims.DecideWithin(&out[1], tol.Ratio)
	claims.DecideWithin(&out[2], tol.Overshoot)
	mean := func(f func(Run) float64) float64 {
		s := 0.0
		for _, r := range runs {
			s += f(r)
		}
		return s / float64(len(runs))
	}
	ratio, pred := mean(func(r Run) float64 { return r.TimeRatio }), mean(func(r Run) float64 { return r.Predicted.TimeRatio })
	out[0].Explanation = fmt.Sprintf("t_A = %.3g, t_B = %.3g (means over %d seeds)", mean(func(r Run) float64 { return r.TA }),
		mean(func(r Run) float64 { return r.TB }), len(runs))
	out[1].Explanation = fmt.Sprintf("t_B/t_A = %.4g against %.4g predicted (means over %d seeds)", ratio, pred, len(runs))
	out[2].Explanation = fmt.Sprintf("misattribution %.4g against %.4g predicted (ρ̂/r̂ = %.4g, the population ρ/r at the samples' moments; means over %d seeds)",
		mean(func(r Run) float64 { return r.Overshoot }), mean(func(r Run) float64 { return r.Predicted.Overshoot }),
		mean(func(r Run) float64 { return r.SampleRho / r.SampleRatio }), len(runs))
	return out
}
