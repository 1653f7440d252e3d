package exactmath

import "math"

// Pow returns x**y as src/math/pow.go computes it, with this package's Exp
// and Log for the fractional part of y: the special cases of math.Pow, then
// x**yi by repeated squaring of x's fraction (products only, exact in order)
// times e**(yf·ln x). Its results equal math.Pow's wherever math.Exp and
// math.Log equal Exp and Log.
func Pow(x, y float64) float64 {
	yi, yf := math.Modf(math.Abs(y))
	if yf == 0 || y == 0.5 || y == -0.5 || math.IsInf(y, 0) || math.IsNaN(y) ||
		x == 0 || x == 1 || math.IsInf(x, 0) || math.IsNaN(x) || y == 1 {
		// Integer powers and the special cases use no Exp or Log: every
		// operation math.Pow performs is a product, a quotient or a square
		// root, each correctly rounded on every build.
		return math.Pow(x, y)
	}
	if x < 0 {
		return math.NaN()
	}
	if yi >= 1<<63 {
		switch {
		case (math.Abs(x) < 1) == (y > 0):
			return 0
		default:
			return math.Inf(1)
		}
	}
	if yf > 0.5 {
		yf--
		yi++
	}
	a1 := Exp(float64(yf * Log(x)))
	ae := 0
	x1, xe := math.Frexp(x)
	for i := int64(yi); i != 0; i >>= 1 {
		if xe < -1<<12 || 1<<12 < xe {
			ae += xe
			break
		}
		if i&1 == 1 {
			a1 = float64(a1 * x1)
			ae += xe
		}
		x1 = float64(x1 * x1)
		xe <<= 1
		if x1 < .5 {
			x1 += x1
			xe--
		}
	}
	if y < 0 {
		a1 = 1 / a1
		ae = -ae
	}
	return math.Ldexp(a1, ae)
}
