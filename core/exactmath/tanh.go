package exactmath

import "math"

// Cephes' rational approximation of tanh on |x| < 0.625 (src/math/tanh.go).
var (
	tanhP = [...]float64{-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3}
	tanhQ = [...]float64{1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3}
)

// Tanh returns the hyperbolic tangent of x as src/math/tanh.go computes it
// without fused operations: ±1 beyond |x| > 44.01, 1 − 2/(e**2|x| + 1) from
// |x| ≥ 0.625 (with this package's Exp), Cephes' rational function below.
func Tanh(x float64) float64 {
	const maxLog = 8.8029691931113054295988e+01 // log(2**127)
	z := math.Abs(x)
	switch {
	case z > 0.5*maxLog:
		if x < 0 {
			return -1
		}
		return 1
	case z >= 0.625:
		s := Exp(2 * z)
		z = 1 - 2/(s+1)
		if x < 0 {
			z = -z
		}
		return z
	case x == 0:
		return x
	}
	s := float64(x * x)
	num := float64(float64(float64(tanhP[0]*s)+tanhP[1])*s) + tanhP[2]
	den := float64(float64(float64((s+tanhQ[0])*s)+tanhQ[1])*s) + tanhQ[2]
	return x + float64(float64(x*s)*num)/den
}
