package kernel

import "github.com/modcomp/modcomp/core/exactmath"

// Exp sets dst[i] = exactmath.Exp(src[i]) for every i < len(src), with its
// bits on every path: the assembly paths evaluate, a vector at a time, the
// operations of exactmath.Exp (the Go runtime's amd64 math.Exp in its FMA
// form), and hand back to it the
// arguments outside [−707, 709] (results that overflow or are subnormal,
// NaN, ±Inf). dst must be at least as long as src and must not share its
// storage (the arguments are read again after the vectors are written).
func (k Kernels) Exp(dst, src []float64) {
	if len(dst) < len(src) {
		panic("kernel: Exp needs dst at least as long as src")
	}
	if len(src) > 0 && &dst[0] == &src[0] {
		panic("kernel: Exp needs dst and src apart")
	}
	if f := k.impl().exp; f != nil && len(src) > 0 {
		f(dst, src)
		return
	}
	expGeneric(dst, src)
}

// expGeneric is the Go path of Exp.
func expGeneric(dst, src []float64) {
	for i, x := range src {
		dst[i] = exactmath.Exp(x)
	}
}

// expOutside computes exactmath.Exp for the elements the vector kernels do not
// cover (see Exp), from the untouched arguments in src.
func expOutside(dst, src []float64) {
	for i, x := range src {
		if !(x >= -707 && x <= 709) {
			dst[i] = exactmath.Exp(x)
		}
	}
}
