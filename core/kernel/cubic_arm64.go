//go:build arm64

package kernel

// cubicNEON computes CubicValueSlope over n elements, n even and positive,
// with ASIMD; see cubic_arm64.s.
//
//go:noescape
func cubicNEON(v, z *float64, n int, c *Cubic)

// cubicSlicesNEON is CubicValueSlope on ASIMD, an odd last element by the
// generic loop.
func cubicSlicesNEON(v, z []float64, c Cubic) {
	n := len(z) &^ 1
	if n > 0 {
		cubicNEON(&v[0], &z[0], n, &c)
	}
	cubicValueSlopeGeneric(v[n:len(z)], z[n:], c)
}
