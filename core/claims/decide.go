package claims

import "math"

// How a claim is decided. The seed is the unit of replication: a claim
// reduces each seed's run to one number per quantity it compares, and the
// 95% interval is Student's t over the seeds (stats.OverSeeds). A claim
// holds when the interval lies on the claimed side of its threshold, fails
// when it lies on the other side, and is inconclusive when it contains the
// threshold. A claim with several parts (one per modality, or two
// conditions) fails when any part is decided against it, holds when every
// part holds, and is inconclusive otherwise (Combine).

// decide sets v's verdict from its interval [Lo, Hi] against threshold:
// with above, the claim is statistic ≥ threshold (holds when Lo ≥
// threshold, fails when Hi < threshold); otherwise statistic ≤ threshold
// (holds when Hi ≤ threshold, fails when Lo > threshold). Anything else is
// inconclusive.
func decide(v *Verdict, threshold float64, above bool) {
	lo, hi := v.Lo, v.Hi
	if !above {
		lo, hi = -hi, -lo
		threshold = -threshold
	}
	switch {
	case lo >= threshold:
		v.Holds = true
	case hi < threshold:
	default:
		v.Inconclusive = true
	}
}

// DecideAbove sets the verdict of a claim that the statistic lies strictly
// above threshold: it holds when the whole 95% interval does, fails when
// the interval lies at or below it (a difference that is zero on every seed
// is no difference), and is inconclusive when the interval contains it.
func DecideAbove(v *Verdict, threshold float64) {
	switch {
	case v.Lo > threshold:
		v.Holds = true
	case v.Hi <= threshold:
	default:
		v.Inconclusive = true
	}
}

// DecideWithin sets the verdict of a claim that the statistic lies within
// band of zero (|statistic| ≤ band): it holds when the whole interval lies
// in [−band, band], fails when the interval lies wholly outside it, and is
// inconclusive otherwise.
func DecideWithin(v *Verdict, band float64) {
	switch {
	case v.Lo >= -band && v.Hi <= band:
		v.Holds = true
	case v.Lo > band || v.Hi < -band:
	default:
		v.Inconclusive = true
	}
}

// decideContains sets the verdict of a claim that the statistic's expected
// value is value (a two-sided test at 5%): it holds when the 95% interval
// contains value and fails when it excludes it. The claim is never
// inconclusive: not rejecting the theory's value is what it asks.
func decideContains(v *Verdict, value float64) {
	v.Holds = !math.IsNaN(value) && v.Lo <= value && value <= v.Hi
}

// against reports whether v is decided against its claim.
func against(v Verdict) bool { return !v.Holds && !v.Inconclusive }

// Combine sets v's verdict from its parts': fails when any part fails,
// holds when every part holds, inconclusive otherwise.
func Combine(v *Verdict, parts ...Verdict) {
	v.Holds, v.Inconclusive = true, false
	for _, p := range parts {
		if against(p) {
			v.Holds, v.Inconclusive = false, false
			return
		}
		if p.Inconclusive {
			v.Holds, v.Inconclusive = false, true
		}
	}
}

// deciding returns the part whose interval a table should print: among the
// parts decided against the claim, if any, else among the inconclusive ones,
// else among all, the one with the least margin (how far its interval lies
// inside the claimed side; negative outside it).
func deciding(parts []Verdict, margin func(Verdict) float64) int {
	rank := func(p Verdict) int {
		switch {
		case against(p):
			return 0
		case p.Inconclusive:
			return 1
		}
		return 2
	}
	best := 0
	for i, p := range parts {
		if r, b := rank(p), rank(parts[best]); r < b || r == b && margin(p) < margin(parts[best]) {
			best = i
		}
	}
	return best
}
