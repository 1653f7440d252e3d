package claims

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecideRules(t *testing.T) {
	iv := func(lo, hi float64) Verdict { return Verdict{Lo: lo, Hi: hi} }
	marks := func(f func(*Verdict), vs ...Verdict) []string {
		var out []string
		for _, v := range vs {
			f(&v)
			out = append(out, v.Mark())
		}
		return out
	}
	// statistic ≥ 0.5
	require.Equal(t, []string{"holds", "fails", "inconclusive", "holds"},
		marks(func(v *Verdict) { decide(v, 0.5, true) }, iv(0.6, 0.9), iv(0.1, 0.4), iv(0.4, 0.6), iv(0.5, 0.5)))
	// statistic ≤ 0.5
	require.Equal(t, []string{"fails", "holds", "inconclusive"},
		marks(func(v *Verdict) { decide(v, 0.5, false) }, iv(0.6, 0.9), iv(0.1, 0.4), iv(0.4, 0.6)))
	// statistic > 0: zero on every seed is no difference
	require.Equal(t, []string{"holds", "fails", "inconclusive"},
		marks(func(v *Verdict) { DecideAbove(v, 0) }, iv(0.1, 0.2), iv(0, 0), iv(-0.1, 0.1)))
	// |statistic| ≤ 0.05
	require.Equal(t, []string{"holds", "fails", "fails", "inconclusive", "inconclusive"},
		marks(func(v *Verdict) { DecideWithin(v, 0.05) }, iv(-0.04, 0.03), iv(0.06, 0.1), iv(-0.2, -0.1), iv(0.01, 0.07), iv(-0.1, 0.1)))
	// the expected value is 0.3
	require.Equal(t, []string{"holds", "fails"},
		marks(func(v *Verdict) { decideContains(v, 0.3) }, iv(0.2, 0.4), iv(0.31, 0.4)))
}

func TestCombineAndDeciding(t *testing.T) {
	holds, fails, open := Verdict{Holds: true, Hi: 0.1}, Verdict{Hi: 0.9}, Verdict{Inconclusive: true, Hi: 0.5}
	mark := func(parts ...Verdict) string {
		var v Verdict
		Combine(&v, parts...)
		return v.Mark()
	}
	require.Equal(t, "holds", mark(holds, holds))
	require.Equal(t, "inconclusive", mark(holds, open))
	require.Equal(t, "fails", mark(open, fails, holds))
	margin := func(v Verdict) float64 { return 1 - v.Hi }
	require.Equal(t, 1, deciding([]Verdict{open, fails}, margin), "a part decided against decides")
	require.Equal(t, 1, deciding([]Verdict{fails, {Hi: 0.95}}, margin), "the one farthest outside, of two against")
	require.Equal(t, 1, deciding([]Verdict{holds, open}, margin), "else an undecided part")
	require.Equal(t, 1, deciding([]Verdict{holds, {Holds: true, Hi: 0.3}}, margin), "else the part nearest its threshold")
}
