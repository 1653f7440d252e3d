//go:build arm64

package kernel

// expNEON sets dst[i] = exactmath.Exp(src[i]) for n elements, n even and
// positive, with ASIMD, exact for −707 ≤ src[i] ≤ 709; it reports whether any
// element lay outside. See exp_arm64.s.
//
//go:noescape
func expNEON(dst, src *float64, n int) (outside bool)

// expSlicesNEON is Exp on ASIMD, an odd last element by exactmath.Exp; an
// element outside the kernel's exact range is computed again by
// exactmath.Exp.
func expSlicesNEON(dst, src []float64) {
	n := len(src)
	n2 := n &^ 1
	outside := false
	if n2 > 0 {
		outside = expNEON(&dst[0], &src[0], n2)
	}
	expGeneric(dst[n2:n], src[n2:])
	if outside {
		expOutside(dst, src)
	}
}
