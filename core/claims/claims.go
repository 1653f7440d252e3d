// Package claims checks the predictions C1–C7 of the modality-competition theory
// against the runs of one case (all its seeds) and returns a verdict per claim:
// whether it holds, the statistic, its 95% interval, the tolerance and the rule,
// and a one-line explanation.
package claims

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
)

// ID names a claim.
type ID = result.ClaimID

// The claims, in the order of the model specification.
const (
	C1 ID = "C1" // Thm 5.1 optimisation: uni-modal nets reach zero training error
	C2 ID = "C2" // Thm 5.1 generalisation: uni-modal test error ≈ μ_r
	C3 ID = "C3" // Thm 5.2 optimisation: the joint net reaches zero training error
	C4 ID = "C4" // Thm 5.2 competition: (nearly) every class is single-winner
	C5 ID = "C5" // Thm 5.2 probe: probe r fails on the classes r lost
	C6 ID = "C6" // Cor 5.3 degradation: joint error ≈ plug-in, above the best uni-modal
	C7 ID = "C7" // Property 6.1: the init-predicted winner is the actual one; frequency ≈ p_r

	// C1Converged reads Thm 5.1's optimisation claim as stated, exactly zero
	// training error after enough steps, rather than at the case's T.
	C1Converged ID = "C1′"
	// C7Finite is C7 with the finite-sample predictor: Γ′ of the training
	// set in the per-class half and p′_r in the frequency half.
	C7Finite ID = "C7′"
)

// All lists the claims in order, each primed claim after its own.
var All = []ID{C1, C1Converged, C2, C3, C4, C5, C6, C7, C7Finite}

// Describe returns a short statement of each claim.
func Describe(id ID) string {
	switch id {
	case C1:
		return "uni-modal nets reach zero training error"
	case C1Converged:
		return "uni-modal nets reach exactly zero training error (trained on past T)"
	case C2:
		return "uni-modal test error ≈ μ_r"
	case C3:
		return "joint net reaches zero training error"
	case C4:
		return "every class is single-winner"
	case C5:
		return "probe r fails on the classes r lost"
	case C6:
		return "joint error ≈ plug-in prediction and above the best uni-modal"
	case C7:
		return "init-predicted winner is right; winner frequency ≈ p_r"
	case C7Finite:
		return "C7 from the training set's Γ′: winner by Γ′ is right; frequency ≈ p′_r"
	case M1:
		return "rescue: every modality learns the classes"
	case M2:
		return "the probes work on the classes joint training lost"
	case M3:
		return "test error below the best uni-modal net and below joint"
	case M4:
		return "the fused net reaches zero training error"
	}
	if d := describeRealData(id); d != "" {
		return d
	}
	return "unknown claim"
}

// Tolerances are the thresholds of the checks. Every field must be set; the
// suite's cases set them per case (see DefaultTolerances).
type Tolerances struct {
	// MaxTrainError bounds the pooled 0-1 training error for C1 and C3.
	MaxTrainError float64 `json:"max_train_error"`
	// UniErrorBand bounds |uni-modal test error − μ_r| for C2.
	UniErrorBand float64 `json:"uni_error_band"`
	// MinSingleWinner is the smallest fraction of (seed, class) pairs that must
	// be single-winner for C4.
	MinSingleWinner float64 `json:"min_single_winner"`
	// MaxLostProbeAccuracy bounds probe r's mean accuracy on the classes r lost (C5).
	MaxLostProbeAccuracy float64 `json:"max_lost_probe_accuracy"`
	// MinLostErrorShare is, for C5, the smallest share of the error that r's
	// lost classes would add to μ_r if probe r got all of them wrong: with L_r
	// the fraction of classes r lost, probe r's test error − μ_r must be at
	// least MinLostErrorShare · L_r · (1 − μ_r).
	MinLostErrorShare float64 `json:"min_lost_error_share"`
	// PlugInBand bounds |joint test error − plug-in prediction| for C6.
	PlugInBand float64 `json:"plug_in_band"`
	// DegradationP is the significance level of the paired test that the joint
	// error exceeds the best uni-modal error (C6, when the μ_r differ).
	DegradationP float64 `json:"degradation_p"`
	// MinPredictedMatch is the smallest fraction of won classes whose
	// init-predicted winner is the actual one (C7).
	MinPredictedMatch float64 `json:"min_predicted_match"`
}

// DefaultTolerances are the thresholds used unless a case states others.
func DefaultTolerances() Tolerances {
	return Tolerances{
		MaxTrainError:        0.01,
		UniErrorBand:         0.05,
		MinSingleWinner:      0.7,
		MaxLostProbeAccuracy: 0.25,
		MinLostErrorShare:    0.5,
		PlugInBand:           0.05,
		DegradationP:         0.05,
		MinPredictedMatch:    0.7,
	}
}

// Verdict is the outcome of one claim on one case.
type Verdict = result.Verdict

// Check evaluates every claim on the runs of one case; p holds the theory's
// winning probabilities p_r and pFinite the finite-sample p′_r (nil when
// unavailable).
func Check(c param.Case, runs []result.Run, tol Tolerances, p, pFinite []float64) []Verdict {
	return []Verdict{
		UniTrainError(c, runs, tol),
		UniZeroError(c, runs),
		UniTestError(c, runs, tol),
		JointTrainError(c, runs, tol),
		SingleWinner(c, runs, tol),
		ProbeFailsOnLost(c, runs, tol),
		Degradation(c, runs, tol, p),
		PredictedWinner(c, runs, tol, p),
		FinitePredictedWinner(c, runs, tol, pFinite),
	}
}

func pooledTrainError(c param.Case, runs []result.Run, pick func(result.Run) result.Net) (int, int) {
	wrong := 0
	for _, run := range runs {
		wrong += stats.Count(pick(run).TrainError, c.N)
	}
	return wrong, c.N * len(runs)
}

func noRuns(id ID) Verdict {
	return Verdict{Claim: id, Statistic: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Explanation: "no runs"}
}

// UniTrainError checks C1: the largest pooled training error of the uni-modal
// nets is at most MaxTrainError.
func UniTrainError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C1)
	}
	v := Verdict{Claim: C1, Statistic: -1, Tolerance: tol.MaxTrainError, Rule: "max_r train error ≤ tolerance"}
	for r := 0; r < c.R; r++ {
		wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Uni[r] })
		rate := float64(wrong) / float64(n)
		if rate > v.Statistic {
			v.Statistic = rate
			v.Lo, v.Hi = stats.ClopperPearson(wrong, n, stats.Level)
			v.Explanation = fmt.Sprintf("uni %d misclassifies %d of %d training samples over %d seeds", r, wrong, n, len(runs))
		}
	}
	v.Holds = v.Statistic <= tol.MaxTrainError
	return v
}

// UniZeroError checks C1′: every uni-modal net of every seed reaches exactly
// zero training error, at its first zero-error step (result.Net's
// ZeroErrorStep, found past T within the run's convergence budget). The
// statistic is the fraction of nets that do; the explanation gives the
// distribution of the steps over the seeds.
func UniZeroError(c param.Case, runs []result.Run) Verdict {
	if len(runs) == 0 {
		return noRuns(C1Converged)
	}
	var steps []float64
	nets, byT := 0, 0
	for _, run := range runs {
		for _, u := range run.Uni {
			nets++
			if u.ZeroErrorStep < 0 {
				continue
			}
			steps = append(steps, float64(u.ZeroErrorStep))
			if u.ZeroErrorStep <= c.Steps {
				byT++
			}
		}
	}
	v := Verdict{Claim: C1Converged, Tolerance: 1, Rule: "every uni-modal net reaches exactly zero training error"}
	v.Statistic = float64(len(steps)) / float64(nets)
	v.Lo, v.Hi = stats.ClopperPearson(len(steps), nets, stats.Level)
	v.Holds = len(steps) == nets
	v.Explanation = fmt.Sprintf("%d of %d uni-modal nets reach zero training error (%d by T = %d); first zero-error step: %s",
		len(steps), nets, byT, c.Steps, distribution(steps))
	return v
}

// distribution summarises steps as "median M, 90th percentile P, max X".
func distribution(steps []float64) string {
	if len(steps) == 0 {
		return "none"
	}
	s := slices.Clone(steps)
	sort.Float64s(s)
	return fmt.Sprintf("median %s, 90th percentile %.0f, max %.0f", median(s), stat.Quantile(0.9, stat.Empirical, s, nil), s[len(s)-1])
}

// UniTestError checks C2: every uni-modal net's pooled test error is within
// UniErrorBand of μ_r. The statistic is the largest |error − μ_r|.
func UniTestError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C2)
	}
	v := Verdict{Claim: C2, Statistic: -1, Tolerance: tol.UniErrorBand, Rule: "max_r |uni test error − μ_r| ≤ tolerance"}
	var parts string
	for r := 0; r < c.R; r++ {
		wrong := 0
		for _, run := range runs {
			wrong += stats.Count(run.Uni[r].TestError, c.NTest)
		}
		n := c.NTest * len(runs)
		rate := float64(wrong) / float64(n)
		lo, hi := stats.ClopperPearson(wrong, n, stats.Level)
		parts += fmt.Sprintf("; uni %d: %.3f [%.3f, %.3f] vs μ=%.3f", r, rate, lo, hi, c.Mu[r])
		if dev := math.Abs(rate - c.Mu[r]); dev > v.Statistic {
			v.Statistic = dev
			v.Lo, v.Hi = lo-c.Mu[r], hi-c.Mu[r]
		}
	}
	v.Holds = v.Statistic <= tol.UniErrorBand
	v.Explanation = "test error" + parts[1:]
	return v
}

// JointTrainError checks C3: the joint net's pooled training error is at most
// MaxTrainError.
func JointTrainError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C3)
	}
	wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Joint })
	v := Verdict{Claim: C3, Statistic: float64(wrong) / float64(n), Tolerance: tol.MaxTrainError, Rule: "joint train error ≤ tolerance"}
	v.Lo, v.Hi = stats.ClopperPearson(wrong, n, stats.Level)
	v.Holds = v.Statistic <= tol.MaxTrainError
	v.Explanation = fmt.Sprintf("joint net misclassifies %d of %d training samples over %d seeds", wrong, n, len(runs))
	return v
}

// learnedBy counts the modalities that learned class j in run.
func learnedBy(run result.Run, j int) int {
	n := 0
	for r := range run.Learned {
		if run.Learned[r][j] {
			n++
		}
	}
	return n
}

// SingleWinner checks C4 (Λ view): the fraction of (seed, class) pairs learned
// by exactly one modality is at least MinSingleWinner. The explanation adds the
// median ratio loser Λ(T) / winner Λ(T) over single-winner classes.
func SingleWinner(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C4)
	}
	single, total, none := 0, 0, 0
	var ratios []float64
	for _, run := range runs {
		final := run.Lambda.Final()
		for j := 0; j < c.K; j++ {
			total++
			switch learnedBy(run, j) {
			case 0:
				none++
			case 1:
				single++
				w := run.Winner[j]
				for r := range final {
					if r != w {
						ratios = append(ratios, final[r][j]/final[w][j])
					}
				}
			}
		}
	}
	v := Verdict{Claim: C4, Statistic: float64(single) / float64(total), Tolerance: tol.MinSingleWinner,
		Rule: "fraction of classes single-winner (Λ view) ≥ tolerance"}
	v.Lo, v.Hi = stats.ClopperPearson(single, total, stats.Level)
	v.Holds = v.Statistic >= tol.MinSingleWinner
	v.Explanation = fmt.Sprintf("%d of %d (seed, class) pairs single-winner, %d learned by no modality; median loser/winner Λ(T) %s",
		single, total, none, median(ratios))
	return v
}

func median(x []float64) string {
	if len(x) == 0 {
		return "–"
	}
	s := slices.Clone(x)
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return fmt.Sprintf("%.3g", m)
}

// ProbeFailsOnLost checks C5 (functional view): on the classes modality r lost
// (another modality won, r did not learn it), probe r's mean test accuracy is at
// most MaxLostProbeAccuracy; and the lost classes show in the probes' overall
// error: summed over the (seed, modality) pairs that lost a class, probe r's
// test error − μ_r is at least MinLostErrorShare times Σ L_r · (1 − μ_r), the
// excess if probe r got every lost class wrong (L_r is the fraction of classes r
// lost). It fails when no class was lost.
func ProbeFailsOnLost(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C5)
	}
	var acc []float64
	excess, full := 0.0, 0.0
	for _, run := range runs {
		for r := 0; r < c.R; r++ {
			lost := 0
			for j := 0; j < c.K; j++ {
				if w := run.Winner[j]; w >= 0 && w != r && !run.Learned[r][j] {
					lost++
					if e := run.Probe[r].TestErrorByClass[j]; e >= 0 { // −1: no test sample of class j
						acc = append(acc, 1-e)
					}
				}
			}
			if lost > 0 {
				excess += run.Probe[r].TestError - c.Mu[r]
				full += float64(float64(lost) / float64(c.K) * (1 - c.Mu[r])) // float64(): not fused
			}
		}
	}
	v := Verdict{Claim: C5, Tolerance: tol.MaxLostProbeAccuracy,
		Rule: fmt.Sprintf("mean probe accuracy on lost classes ≤ tolerance and Σ(probe error − μ_r) ≥ %g·Σ L_r·(1 − μ_r)", tol.MinLostErrorShare)}
	if len(acc) == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "no modality lost a class, so no probe can fail on one"
		return v
	}
	zeros := make([]float64, len(acc))
	t := stats.PairedTest(acc, zeros)
	share := excess / full
	v.Statistic, v.Lo, v.Hi = t.Mean, t.Lo, t.Hi
	v.Holds = t.Mean <= tol.MaxLostProbeAccuracy && share >= tol.MinLostErrorShare
	v.Explanation = fmt.Sprintf("probes average %.1f%% accuracy on %d lost (seed, modality, class) cases; the lost classes add %.2f of their full error to μ_r",
		100*t.Mean, len(acc), share)
	return v
}

// PlugIn returns the plug-in prediction of the joint test error for one run:
// (1/k) Σ_j e_j, where e_j is the probability that every modality that learned
// class j is insufficient (μ_r for a single learner; 0 for several in exclusive
// mode; Π μ_r in independent mode), and (k−1)/k when no modality learned j.
func PlugIn(c param.Case, run result.Run) float64 {
	sum := 0.0
	for j := 0; j < c.K; j++ {
		var learners []int
		for r := 0; r < c.R; r++ {
			if run.Learned[r][j] {
				learners = append(learners, r)
			}
		}
		switch {
		case len(learners) == 0:
			sum += float64(c.K-1) / float64(c.K)
		case len(learners) == 1:
			sum += c.Mu[learners[0]]
		case c.Pattern == param.Independent:
			e := 1.0
			for _, r := range learners {
				e *= c.Mu[r]
			}
			sum += e
		}
	}
	return sum / float64(c.K)
}

// Degradation checks C6: the joint test error is within PlugInBand of the
// plug-in prediction (mean over seeds), and, when the μ_r differ, exceeds the
// best uni-modal test error by a paired one-sided t-test over seeds at
// DegradationP. The explanation also compares with Σ_r p_r μ_r.
func Degradation(c param.Case, runs []result.Run, tol Tolerances, p []float64) Verdict {
	if len(runs) == 0 {
		return noRuns(C6)
	}
	joint := make([]float64, len(runs))
	plug := make([]float64, len(runs))
	best := make([]float64, len(runs))
	for s, run := range runs {
		joint[s] = run.Joint.TestError
		plug[s] = PlugIn(c, run)
		best[s] = math.Inf(1)
		for _, u := range run.Uni {
			best[s] = min(best[s], u.TestError)
		}
	}
	diff := stats.PairedTest(joint, plug)
	v := Verdict{Claim: C6, Statistic: diff.Mean, Lo: diff.Lo, Hi: diff.Hi, Tolerance: tol.PlugInBand,
		Rule: "|joint − plug-in| ≤ tolerance"}
	v.Holds = math.Abs(diff.Mean) <= tol.PlugInBand
	theory := ""
	if p != nil {
		pm := 0.0
		for r := range p {
			pm += p[r] * c.Mu[r]
		}
		theory = fmt.Sprintf(", Σp_rμ_r %.3f", pm)
	}
	v.Explanation = fmt.Sprintf("joint %.3f, plug-in %.3f%s, best uni %.3f", mean(joint), mean(plug), theory, mean(best))
	if slices.Min(c.Mu) != slices.Max(c.Mu) {
		deg := stats.PairedTest(joint, best)
		v.Rule += fmt.Sprintf(" and joint > best uni (paired t, p < %g)", tol.DegradationP)
		ok := deg.PGreater < tol.DegradationP
		v.Holds = v.Holds && ok
		v.Explanation += fmt.Sprintf("; joint − best uni %+.3f, p = %.3g over %d seeds", deg.Mean, deg.PGreater, deg.N)
	}
	return v
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// PredictedWinner checks C7: among (seed, class) pairs that have a winner, the
// fraction whose init-predicted winner is the actual one is at least
// MinPredictedMatch, and the theory's p_0 lies in the 95% interval of the
// frequency with which modality 0 wins a single-winner class.
func PredictedWinner(c param.Case, runs []result.Run, tol Tolerances, p []float64) Verdict {
	return predictedWinner(C7, c, runs, tol, p, "p_0", func(run result.Run) []int { return run.PredictedWinner })
}

// FinitePredictedWinner checks C7′: C7 with the winner predicted from the
// training set's finite-sample signal Γ′ (result.Run's
// PredictedWinnerFinite) and the finite-sample p′_0 (theory's
// FiniteWinProbabilities) in place of p_0.
func FinitePredictedWinner(c param.Case, runs []result.Run, tol Tolerances, pFinite []float64) Verdict {
	return predictedWinner(C7Finite, c, runs, tol, pFinite, "p′_0", func(run result.Run) []int { return run.PredictedWinnerFinite })
}

func predictedWinner(id ID, c param.Case, runs []result.Run, tol Tolerances, p []float64, pName string, predicted func(result.Run) []int) Verdict {
	if len(runs) == 0 {
		return noRuns(id)
	}
	match, won, single, zeroWins := 0, 0, 0, 0
	for _, run := range runs {
		pred := predicted(run)
		for j := 0; j < c.K; j++ {
			w := run.Winner[j]
			if w < 0 {
				continue
			}
			won++
			if pred[j] == w {
				match++
			}
			if learnedBy(run, j) == 1 {
				single++
				if w == 0 {
					zeroWins++
				}
			}
		}
	}
	v := Verdict{Claim: id, Tolerance: tol.MinPredictedMatch,
		Rule: "fraction predicted = actual ≥ tolerance and " + pName + " within the 95% interval of modality 0's win frequency"}
	if won == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "no class was won by any modality"
		return v
	}
	v.Statistic = float64(match) / float64(won)
	v.Lo, v.Hi = stats.ClopperPearson(match, won, stats.Level)
	flo, fhi := stats.ClopperPearson(zeroWins, single, stats.Level)
	inInterval := p != nil && single > 0 && p[0] >= flo && p[0] <= fhi
	v.Holds = v.Statistic >= tol.MinPredictedMatch && inInterval
	freq := math.NaN()
	if single > 0 {
		freq = float64(zeroWins) / float64(single)
	}
	pz := math.NaN()
	if p != nil {
		pz = p[0]
	}
	v.Explanation = fmt.Sprintf("predicted winner right for %d of %d won classes; modality 0 wins %d of %d single-winner classes (%.2f [%.2f, %.2f]) vs %s = %.3f",
		match, won, zeroWins, single, freq, flo, fhi, pName, pz)
	return v
}
