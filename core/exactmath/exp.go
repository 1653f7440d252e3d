package exactmath

import "math"

// Constants of the Go runtime's amd64 Exp (src/math/exp_amd64.s).
const (
	expLog2E    = 1.4426950408889634073599246810018920        // 1/ln 2
	expLn2Upper = 0.69314718055966295651160180568695068359375 // upper part of ln 2
	expLn2Lower = 0.28235290563031577122588448175013436025525412068e-12
	expOverflow = 7.09782712893384e+02
)

// expTaylor holds the Taylor coefficients 1/8! … 1/3!, then 1/2 and 1, in the
// order Exp's Horner scheme applies them (exprodata in exp_amd64.s).
var expTaylor = [...]float64{
	2.4801587301587301587e-5,
	1.9841269841269841270e-4,
	1.3888888888888888889e-3,
	8.3333333333333333333e-3,
	4.1666666666666666667e-2,
	1.6666666666666666667e-1,
	0.5,
	1.0,
}

// Exp returns e**x with the bits of the Go runtime's amd64 math.Exp on a CPU
// with FMA: x = k·ln 2 + r with k = round(x/ln 2) (ties to even), r reduced
// by 16, a degree-8 Taylor polynomial, four squarings of (1+r)−1 written as
// y(y+2), and the result scaled by 2**k. Exp(+Inf) = +Inf, Exp(−Inf) = 0,
// Exp(NaN) = NaN; results beyond float64's range are +Inf or 0, and results
// in the subnormal range are scaled as the assembly scales them.
func Exp(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x > expOverflow:
		return math.Inf(1)
	}
	t := x * expLog2E
	if t < math.MinInt32 { // CVTSD2SL's "integer indefinite", then underflow
		return 0
	}
	k := int32(math.RoundToEven(t)) // CVTSD2SL under the default rounding mode
	kf := float64(k)
	r := math.FMA(-kf, expLn2Upper, x)
	r = math.FMA(-kf, expLn2Lower, r)
	r = float64(r * 0.0625)
	p := expTaylor[0]
	for _, c := range expTaylor[1:] {
		p = math.FMA(p, r, c)
	}
	y := float64(r * p)
	for range 3 {
		y = float64(y * (y + 2))
	}
	y = math.FMA(y, y+2, 1)
	return scale(y, k)
}

// scale returns y·2**k as exp_amd64.s's ldexp does: one multiplication by a
// power of two, or, where 2**k is subnormal, two.
func scale(y float64, k int32) float64 {
	b := int64(k) + 0x3FF
	switch {
	case b >= 0x7FF:
		return math.Inf(1)
	case b > 0:
		return float64(y * math.Float64frombits(uint64(b)<<52))
	case b < -52:
		return 0
	}
	y = float64(y * math.Float64frombits(uint64(b+0x3FE)<<52))
	return float64(y * math.Float64frombits(1<<52))
}
