//go:build amd64

package kernel

import "golang.org/x/sys/cpu"

// expAVX512 sets dst[i] = exp(src[i]) for n elements with AVX-512F, exact
// for −707 ≤ src[i] ≤ 709; it reports whether any element lay outside. See
// exp_amd64.s.
//
//go:noescape
func expAVX512(dst, src *float64, n int) (outside bool)

// expAVX2 is expAVX512 with AVX2 and FMA, for the first n&^3 elements.
//
//go:noescape
func expAVX2(dst, src *float64, n int) (outside bool)

// mathExpFMA reports whether math.Exp takes the FMA form that the
// kernels replicate: the Go runtime chooses it on CPUs with AVX and FMA.
var mathExpFMA = cpu.X86.HasAVX && cpu.X86.HasFMA

// asmExp runs the assembly kernel of path's CPU features, or reports false
// for the generic path (and where math.Exp takes its other form).
func asmExp(path string, dst, src []float64) bool {
	n := len(src)
	if n == 0 {
		return true
	}
	if !mathExpFMA {
		return false
	}
	var outside bool
	switch path {
	case asmPath, "avx512":
		outside = expAVX512(&dst[0], &src[0], n)
	case asmAVX2Path, "avx2":
		n4 := n &^ 3
		if n4 > 0 {
			outside = expAVX2(&dst[0], &src[0], n4)
		}
		expGeneric(dst[n4:n], src[n4:])
	default:
		return false
	}
	if outside {
		expOutside(dst, src)
	}
	return true
}
