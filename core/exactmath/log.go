package exactmath

import "math"

// Constants of the Go runtime's amd64 Log (src/math/log_amd64.s, from
// FreeBSD's e_log.c).
const (
	logHalfSqrt2 = 7.07106781186547524401e-01
	logLn2Hi     = 6.93147180369123816490e-01
	logLn2Lo     = 1.90821492927058770002e-10
	logL1        = 6.666666666666735130e-01
	logL2        = 3.999999999940941908e-01
	logL3        = 2.857142874366239149e-01
	logL4        = 2.222219843214978396e-01
	logL5        = 1.818357216161805012e-01
	logL6        = 1.531383769920937332e-01
	logL7        = 1.479819860511658591e-01
)

// Log returns the natural logarithm of x with the bits of the Go runtime's
// amd64 math.Log: x = 2**k·f with f in (√2/2, √2], s = (f−1)/(f+1), and
// log x = k·ln 2 + 2s + s·R(s²) evaluated in e_log.c's order. Log(+Inf) =
// +Inf, Log(±0) = −Inf, Log(x < 0) = NaN, Log(NaN) = NaN. Like the assembly,
// it reads a subnormal x's exponent field as it stands (x is not normalised
// first).
func Log(x float64) float64 {
	bits := math.Float64bits(x)
	switch {
	case bits&^(1<<63) == 0:
		return math.Inf(-1)
	case int64(bits) < 0:
		return math.Float64frombits(0x7FF8000000000001)
	case bits >= 0x7FF0000000000000:
		return x
	}
	f1 := math.Float64frombits(bits&0x000FFFFFFFFFFFFF | 0x3FE0000000000000)
	k := float64(int32(bits>>52&0x7FF) - 0x3FE)
	if !(logHalfSqrt2 < f1) {
		k--
		f1 = float64(f1 * 2)
	}
	f := f1 - 1
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := float64(s2 * (logL1 + float64(s4*(logL3+float64(s4*(logL5+float64(s4*logL7)))))))
	t2 := float64(s4 * (logL2 + float64(s4*(logL4+float64(s4*logL6)))))
	rr := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	v := float64(s*(hfsq+rr)) + float64(k*logLn2Lo)
	return float64(k*logLn2Hi) - ((hfsq - v) - f)
}
