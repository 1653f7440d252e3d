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

// perSeed returns pick(run) for every run: one number per seed.
func perSeed(runs []result.Run, pick func(result.Run) float64) []float64 {
	out := make([]float64, len(runs))
	for s, run := range runs {
		out[s] = pick(run)
	}
	return out
}

// overSeeds returns a verdict for claim id whose statistic and interval are
// the mean of x over seeds with its 95% Student t interval.
func overSeeds(id ID, x []float64) Verdict {
	t := stats.OverSeeds(x)
	return Verdict{Claim: id, Statistic: t.Mean, Lo: t.Lo, Hi: t.Hi}
}

// withPart copies the deciding part's statistic and interval into v.
func withPart(v *Verdict, p Verdict) { v.Statistic, v.Lo, v.Hi = p.Statistic, p.Lo, p.Hi }

// pooledTrainError counts the training samples pick's net misclassifies over
// all runs (for the explanations).
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

// UniTrainError checks C1: for every modality r, the mean over seeds of
// uni-modal net r's training error is at most MaxTrainError by its 95%
// interval. The verdict shows the modality that decided (deciding: of those
// that fail, else of those undecided, else of all, the one whose interval
// reaches highest).
func UniTrainError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C1)
	}
	v := Verdict{Claim: C1, Tolerance: tol.MaxTrainError,
		Rule: "mean over seeds of each uni-modal net's train error ≤ tolerance, by its 95% interval"}
	parts := make([]Verdict, c.R)
	for r := range parts {
		parts[r] = overSeeds(C1, perSeed(runs, func(run result.Run) float64 { return run.Uni[r].TrainError }))
		decide(&parts[r], tol.MaxTrainError, false)
	}
	Combine(&v, parts...)
	r := deciding(parts, func(p Verdict) float64 { return tol.MaxTrainError - p.Hi })
	withPart(&v, parts[r])
	wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Uni[r] })
	v.Explanation = fmt.Sprintf("uni %d misclassifies %d of %d training samples over %d seeds", r, wrong, n, len(runs))
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

// UniTestError checks C2: for every modality r, the mean over seeds of
// uni-modal net r's test error − μ_r lies within ±UniErrorBand by its 95%
// interval. The verdict shows the modality that decided (deciding: of those
// that fail, else of those undecided, else of all, the one whose interval
// reaches farthest from 0).
func UniTestError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C2)
	}
	v := Verdict{Claim: C2, Tolerance: tol.UniErrorBand,
		Rule: "mean over seeds of each uni-modal net's test error − μ_r within ±tolerance, by its 95% interval"}
	parts := make([]Verdict, c.R)
	var parts2 string
	for r := range parts {
		parts[r] = overSeeds(C2, perSeed(runs, func(run result.Run) float64 { return run.Uni[r].TestError - c.Mu[r] }))
		DecideWithin(&parts[r], tol.UniErrorBand)
		parts2 += fmt.Sprintf("; uni %d: %.3f vs μ=%.3f (difference %.3f [%.3f, %.3f])",
			r, parts[r].Statistic+c.Mu[r], c.Mu[r], parts[r].Statistic, parts[r].Lo, parts[r].Hi)
	}
	Combine(&v, parts...)
	r := deciding(parts, func(p Verdict) float64 { return tol.UniErrorBand - math.Max(math.Abs(p.Lo), math.Abs(p.Hi)) })
	withPart(&v, parts[r])
	v.Explanation = fmt.Sprintf("test error over %d seeds%s", len(runs), parts2)
	return v
}

// JointTrainError checks C3: the mean over seeds of the joint net's
// training error is at most MaxTrainError by its 95% interval.
func JointTrainError(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C3)
	}
	v := overSeeds(C3, perSeed(runs, func(run result.Run) float64 { return run.Joint.TrainError }))
	v.Tolerance, v.Rule = tol.MaxTrainError, "mean over seeds of the joint train error ≤ tolerance, by its 95% interval"
	decide(&v, tol.MaxTrainError, false)
	wrong, n := pooledTrainError(c, runs, func(run result.Run) result.Net { return run.Joint })
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

// SingleWinner checks C4 (Λ view): the mean over seeds of the fraction of
// classes learned by exactly one modality is at least MinSingleWinner by its
// 95% interval. The explanation adds the median ratio loser Λ(T) / winner
// Λ(T) over single-winner classes.
func SingleWinner(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C4)
	}
	single, none := 0, 0
	frac := make([]float64, len(runs))
	var ratios []float64
	for s, run := range runs {
		final := run.Lambda.Final()
		n := 0
		for j := 0; j < c.K; j++ {
			switch learnedBy(run, j) {
			case 0:
				none++
			case 1:
				n++
				w := run.Winner[j]
				for r := range final {
					if r != w {
						ratios = append(ratios, final[r][j]/final[w][j])
					}
				}
			}
		}
		single, frac[s] = single+n, float64(n)/float64(c.K)
	}
	v := overSeeds(C4, frac)
	v.Tolerance, v.Rule = tol.MinSingleWinner, "mean over seeds of the fraction of classes single-winner (Λ view) ≥ tolerance, by its 95% interval"
	decide(&v, tol.MinSingleWinner, true)
	v.Explanation = fmt.Sprintf("%d of %d (seed, class) pairs single-winner over %d seeds, %d learned by no modality; median loser/winner Λ(T) %s",
		single, c.K*len(runs), len(runs), none, median(ratios))
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

// ProbeFailsOnLost checks C5 (functional view), on the seeds where some
// modality lost a class (another modality won it, r did not learn it): per
// seed, the mean test accuracy of probe r over the (modality, class) cases r
// lost must be at most MaxLostProbeAccuracy, and the lost classes must show
// in the probes' overall error: the seed's Σ_r (probe r's test error − μ_r)
// over the modalities that lost a class, divided by Σ_r L_r · (1 − μ_r), the
// excess if every probe got every lost class wrong (L_r is the fraction of
// classes r lost), must be at least MinLostErrorShare. Each part is decided
// by its 95% interval over those seeds. It fails when no class was lost.
func ProbeFailsOnLost(c param.Case, runs []result.Run, tol Tolerances) Verdict {
	if len(runs) == 0 {
		return noRuns(C5)
	}
	var acc, share []float64
	lostCases := 0
	for _, run := range runs {
		var seedAcc []float64
		excess, full := 0.0, 0.0
		for r := 0; r < c.R; r++ {
			lost := 0
			for j := 0; j < c.K; j++ {
				if w := run.Winner[j]; w >= 0 && w != r && !run.Learned[r][j] {
					lost++
					if e := run.Probe[r].TestErrorByClass[j]; e >= 0 { // −1: no test sample of class j
						seedAcc = append(seedAcc, 1-e)
					}
				}
			}
			if lost > 0 {
				excess += run.Probe[r].TestError - c.Mu[r]
				full += float64(float64(lost) / float64(c.K) * (1 - c.Mu[r])) // float64(): not fused
			}
		}
		if len(seedAcc) > 0 {
			acc, share = append(acc, mean(seedAcc)), append(share, excess/full)
			lostCases += len(seedAcc)
		}
	}
	v := Verdict{Claim: C5, Tolerance: tol.MaxLostProbeAccuracy,
		Rule: fmt.Sprintf("mean over seeds of the probe accuracy on lost classes ≤ tolerance and of Σ(probe error − μ_r)/Σ L_r·(1 − μ_r) ≥ %g, by their 95%% intervals", tol.MinLostErrorShare)}
	if len(acc) == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "no modality lost a class, so no probe can fail on one"
		return v
	}
	accPart, sharePart := overSeeds(C5, acc), overSeeds(C5, share)
	decide(&accPart, tol.MaxLostProbeAccuracy, false)
	decide(&sharePart, tol.MinLostErrorShare, true)
	Combine(&v, accPart, sharePart)
	withPart(&v, accPart)
	v.Explanation = fmt.Sprintf("probes average %.1f%% accuracy on %d lost (seed, modality, class) cases over %d seeds; the lost classes add %.2f [%.2f, %.2f] of their full error to μ_r",
		100*accPart.Statistic, lostCases, len(acc), sharePart.Statistic, sharePart.Lo, sharePart.Hi)
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

// Degradation checks C6: the mean over seeds of joint test error − plug-in
// prediction lies within ±PlugInBand by its 95% interval, and, when the μ_r
// differ, the mean over seeds of joint − best uni-modal test error lies
// above 0 by its 95% interval. The explanation also compares with
// Σ_r p_r μ_r.
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
		Rule: "mean over seeds of joint − plug-in within ±tolerance, by its 95% interval"}
	DecideWithin(&v, tol.PlugInBand)
	theory := ""
	if p != nil {
		pm := 0.0
		for r := range p {
			pm += float64(p[r] * c.Mu[r]) // float64(): no fused multiply-add (see core/kernel's package comment)
		}
		theory = fmt.Sprintf(", Σp_rμ_r %.3f", pm)
	}
	v.Explanation = fmt.Sprintf("joint %.3f, plug-in %.3f%s, best uni %.3f", mean(joint), mean(plug), theory, mean(best))
	if slices.Min(c.Mu) != slices.Max(c.Mu) {
		d := stats.PairedTest(joint, best)
		deg := Verdict{Statistic: d.Mean, Lo: d.Lo, Hi: d.Hi}
		DecideAbove(&deg, 0)
		plugIn := v
		Combine(&v, plugIn, deg)
		v.Rule += " and of joint − best uni > 0"
		v.Explanation += fmt.Sprintf("; joint − best uni %+.3f [%.3f, %.3f] over %d seeds", d.Mean, d.Lo, d.Hi, d.N)
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

// PredictedWinner checks C7: the mean over seeds of the fraction of won
// classes whose init-predicted winner is the actual one is at least
// MinPredictedMatch by its 95% interval, and the theory's p_0 lies in the
// 95% interval over seeds of the frequency with which modality 0 wins a
// single-winner class (a two-sided test of that frequency against p_0,
// which fails when the interval excludes it).
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
	var matchFrac, zeroFreq []float64
	for _, run := range runs {
		pred := predicted(run)
		m, w, sw, z := 0, 0, 0, 0
		for j := 0; j < c.K; j++ {
			winner := run.Winner[j]
			if winner < 0 {
				continue
			}
			w++
			if pred[j] == winner {
				m++
			}
			if learnedBy(run, j) == 1 {
				sw++
				if winner == 0 {
					z++
				}
			}
		}
		if w > 0 {
			matchFrac = append(matchFrac, float64(m)/float64(w))
		}
		if sw > 0 {
			zeroFreq = append(zeroFreq, float64(z)/float64(sw))
		}
		match, won, single, zeroWins = match+m, won+w, single+sw, zeroWins+z
	}
	v := Verdict{Claim: id, Tolerance: tol.MinPredictedMatch,
		Rule: "mean over seeds of the fraction predicted = actual ≥ tolerance by its 95% interval, and " + pName +
			" within the 95% interval over seeds of modality 0's win frequency"}
	if won == 0 {
		v.Statistic, v.Lo, v.Hi = math.NaN(), math.NaN(), math.NaN()
		v.Explanation = "no class was won by any modality"
		return v
	}
	matchPart, freqPart := overSeeds(id, matchFrac), overSeeds(id, zeroFreq)
	decide(&matchPart, tol.MinPredictedMatch, true)
	pz := math.NaN()
	if p != nil {
		pz = p[0]
	}
	decideContains(&freqPart, pz)
	if len(zeroFreq) == 0 {
		freqPart.Holds = false // no single-winner class: no frequency to compare with p_0
	}
	Combine(&v, matchPart, freqPart)
	withPart(&v, matchPart)
	v.Explanation = fmt.Sprintf("predicted winner right for %d of %d won classes over %d seeds; modality 0 wins %d of %d single-winner classes (%.2f [%.2f, %.2f] over %d seeds) vs %s = %.3f",
		match, won, len(runs), zeroWins, single, freqPart.Statistic, freqPart.Lo, freqPart.Hi, len(zeroFreq), pName, pz)
	return v
}
