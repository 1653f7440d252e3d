// Package act implements the activations of the modality-competition nets:
// the model's smoothed ReLU and, to measure what the theory's q ≥ 3 buys, the
// plain ReLU.
//
// The smoothed ReLU is
//
//	σ(u) = 0                      for u ≤ 0
//	σ(u) = u^q / (q ϱ^(q−1))      for 0 < u ≤ ϱ
//	σ(u) = u − (1 − 1/q) ϱ        for u > ϱ
//
// Its slope σ'(u) is 0, (u/ϱ)^(q−1) and 1 on the same pieces; value and slope are
// continuous at 0 and at ϱ. The plain ReLU is σ(u) = max(u, 0) with the
// subgradient σ'(u) = 1 for u > 0 and 0 for u ≤ 0 (0 at the kink).
package act

import (
	"math"

	"github.com/modcomp/modcomp/core/exactmath"
)

// Func is an activation: the smoothed ReLU with integer power Q ≥ 3 and
// threshold Rho > 0 (New), or the plain ReLU (ReLU). The zero value is not
// usable; build one with New or ReLU.
type Func struct {
	Q   int     // polynomial power q (0 for the plain ReLU)
	Rho float64 // threshold ϱ (0 for the plain ReLU)

	plain bool // the plain ReLU

	coef  float64 // 1 / (q ϱ^(q−1))
	shift float64 // (1 − 1/q) ϱ
	inv   float64 // 1 / ϱ
}

// New returns the smoothed ReLU with power q and threshold rho.
func New(q int, rho float64) Func {
	return Func{
		Q: q, Rho: rho,
		coef:  1 / (float64(q) * exactmath.Pow(rho, float64(q-1))),
		shift: (1 - 1/float64(q)) * rho,
		inv:   1 / rho,
	}
}

// ReLU returns the plain ReLU max(u, 0), whose slope at the kink u = 0 is 0.
func ReLU() Func { return Func{plain: true} }

// Constants returns what ValueSlope computes the smoothed ReLU from: ϱ,
// coef = 1/(q ϱ^(q−1)), shift = (1 − 1/q) ϱ and inv = 1/ϱ (all zero for the
// plain ReLU), so that a vectorised twin of ValueSlope can use the same
// rounded numbers.
func (a Func) Constants() (rho, coef, shift, inv float64) { return a.Rho, a.coef, a.shift, a.inv }

// Plain reports whether a is the plain ReLU.
func (a Func) Plain() bool { return a.plain }

// ipow returns u^n for n ≥ 0 by repeated multiplication (exact order, no math.Pow).
func ipow(u float64, n int) float64 {
	p := 1.0
	for ; n > 0; n-- {
		p *= u
	}
	return p
}

// Value returns σ(u).
func (a Func) Value(u float64) float64 {
	if a.plain {
		v, _ := a.ValueSlope(u)
		return v
	}
	switch {
	case u <= 0:
		return 0
	case u <= a.Rho:
		return ipow(u, a.Q) * a.coef
	default:
		return u - a.shift
	}
}

// Slope returns σ'(u).
func (a Func) Slope(u float64) float64 {
	if a.plain {
		_, s := a.ValueSlope(u)
		return s
	}
	switch {
	case u <= 0:
		return 0
	case u <= a.Rho:
		return ipow(u*a.inv, a.Q-1)
	default:
		return 1
	}
}

// ValueSlope returns σ(u) and σ'(u) together, sharing the power computation.
// It returns the same bits as Value and Slope, NaN included, but selects the
// piece with bit masks instead of branches: in training, the sign of a
// pre-activation is close to a coin flip, and mispredicted branches cost more
// than computing every piece. The plain ReLU returns (u, 1) for u > 0 and for
// NaN (so a diverged weight still shows in the loss), (0, 0) otherwise.
func (a Func) ValueSlope(u float64) (v, s float64) {
	if a.plain {
		if u <= 0 {
			return 0, 0
		}
		return u, 1
	}
	var mv, ms float64 // the middle piece, u ∈ (0, ϱ]
	if a.Q == 3 {
		w := u * a.inv
		mv, ms = u*u*u*a.coef, w*w // ipow's products, in ipow's order
	} else {
		mv, ms = ipow(u, a.Q-1)*u*a.coef, ipow(u*a.inv, a.Q-1)
	}
	var le0, leRho uint64 // all ones when u ≤ 0, when u ≤ ϱ (both false for NaN)
	if u <= 0 {
		le0 = ^uint64(0)
	}
	if u <= a.Rho {
		leRho = ^uint64(0)
	}
	mid, top := leRho&^le0, ^(leRho | le0) // u ∈ (0, ϱ]; u > ϱ or NaN. Neither: u ≤ 0, σ = σ' = +0.
	v = math.Float64frombits(math.Float64bits(mv)&mid | math.Float64bits(u-a.shift)&top)
	s = math.Float64frombits(math.Float64bits(ms)&mid | math.Float64bits(1)&top)
	return v, s
}
