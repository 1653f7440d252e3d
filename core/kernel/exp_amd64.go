//go:build amd64

package kernel

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

// expSlicesAVX512 is Exp on AVX-512F (src non-empty); an element outside
// the kernel's exact range is computed again by exactmath.Exp.
func expSlicesAVX512(dst, src []float64) {
	if expAVX512(&dst[0], &src[0], len(src)) {
		expOutside(dst, src)
	}
}

// expSlicesAVX2 is Exp on AVX2, the last len(src) mod 4 elements by exactmath.Exp.
func expSlicesAVX2(dst, src []float64) {
	n := len(src)
	n4 := n &^ 3
	outside := false
	if n4 > 0 {
		outside = expAVX2(&dst[0], &src[0], n4)
	}
	expGeneric(dst[n4:n], src[n4:])
	if outside {
		expOutside(dst, src)
	}
}
