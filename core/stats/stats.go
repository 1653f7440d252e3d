// Package stats holds the few statistics the claim checks need: exact binomial
// intervals for error rates and frequencies, and a paired t-test over seeds.
// Distributions come from gonum's stat/distuv.
package stats

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the confidence level of every interval modcomp reports.
const Level = 0.95

// ClopperPearson returns the exact two-sided interval at the given level for a
// binomial proportion with x successes in n trials. n = 0 gives [0, 1].
func ClopperPearson(x, n int, level float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	alpha := 1 - level
	lo, hi = 0, 1
	if x > 0 {
		lo = distuv.Beta{Alpha: float64(x), Beta: float64(n - x + 1)}.Quantile(alpha / 2)
	}
	if x < n {
		hi = distuv.Beta{Alpha: float64(x + 1), Beta: float64(n - x)}.Quantile(1 - alpha/2)
	}
	return lo, hi
}

// Count turns a rate measured on n items back into the whole number of items.
func Count(rate float64, n int) int {
	return int(math.Round(rate * float64(n)))
}

// Paired summarises per-seed differences d_s = a_s − b_s.
type Paired struct {
	// N is the number of pairs.
	N int
	// Mean is the mean difference; Lo and Hi bound it at Level (Student's t).
	Mean, Lo, Hi float64
	// PGreater is the one-sided p-value of H0: mean ≤ 0 against mean > 0. It is
	// NaN with fewer than two pairs, and 0 or 1 when every difference is equal.
	PGreater float64
}

// OverSeeds is the mean of one value per seed with its 95% Student t
// interval, PairedTest of x against zero (a single seed: an unbounded
// interval).
func OverSeeds(x []float64) Paired { return PairedTest(x, make([]float64, len(x))) }

// PairedTest runs a paired one-sample t-test on the differences a_s − b_s.
func PairedTest(a, b []float64) Paired {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	p := Paired{N: len(d), PGreater: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1)}
	if len(d) == 0 {
		p.Mean = math.NaN()
		return p
	}
	p.Mean = stat.Mean(d, nil)
	if len(d) < 2 {
		return p
	}
	sd := stat.StdDev(d, nil)
	se := sd / math.Sqrt(float64(len(d)))
	if se == 0 {
		p.Lo, p.Hi = p.Mean, p.Mean
		p.PGreater = 1
		if p.Mean > 0 {
			p.PGreater = 0
		}
		return p
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(d) - 1)}
	half := float64(t.Quantile(1-(1-Level)/2) * se) // float64(): p.Mean ± half is not fused
	p.Lo, p.Hi = p.Mean-half, p.Mean+half
	p.PGreater = t.Survival(p.Mean / se)
	return p
}
