// Package act implements the smoothed ReLU of the modality-competition model.
//
//	σ(u) = 0                      for u ≤ 0
//	σ(u) = u^q / (q ϱ^(q−1))      for 0 < u ≤ ϱ
//	σ(u) = u − (1 − 1/q) ϱ        for u > ϱ
//
// Its slope σ'(u) is 0, (u/ϱ)^(q−1) and 1 on the same pieces; value and slope are
// continuous at 0 and at ϱ.
package act

import "math"

// SmoothReLU is the activation with integer power Q ≥ 3 and threshold Rho > 0.
// The zero value is not usable; build one with New.
type SmoothReLU struct {
	Q   int     // polynomial power q
	Rho float64 // threshold ϱ

	coef  float64 // 1 / (q ϱ^(q−1))
	shift float64 // (1 − 1/q) ϱ
	inv   float64 // 1 / ϱ
}

// New returns the smoothed ReLU with power q and threshold rho.
func New(q int, rho float64) SmoothReLU {
	return SmoothReLU{
		Q: q, Rho: rho,
		coef:  1 / (float64(q) * math.Pow(rho, float64(q-1))),
		shift: (1 - 1/float64(q)) * rho,
		inv:   1 / rho,
	}
}

// ipow returns u^n for n ≥ 0 by repeated multiplication (exact order, no math.Pow).
func ipow(u float64, n int) float64 {
	p := 1.0
	for ; n > 0; n-- {
		p *= u
	}
	return p
}

// Value returns σ(u).
func (a SmoothReLU) Value(u float64) float64 {
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
func (a SmoothReLU) Slope(u float64) float64 {
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
func (a SmoothReLU) ValueSlope(u float64) (v, s float64) {
	switch {
	case u <= 0:
		return 0, 0
	case u <= a.Rho:
		p := ipow(u, a.Q-1)
		return p * u * a.coef, ipow(u*a.inv, a.Q-1)
	default:
		return u - a.shift, 1
	}
}
