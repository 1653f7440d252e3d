//go:build amd64

package kernel

// cubicAVX512 computes CubicValueSlope over n elements with AVX-512F; see
// cubic_amd64.s.
//
//go:noescape
func cubicAVX512(v, z *float64, n int, c *Cubic)

// cubicAVX2 computes CubicValueSlope over the first n&^3 elements with AVX2;
// see cubic_amd64.s.
//
//go:noescape
func cubicAVX2(v, z *float64, n int, c *Cubic)

// cubicSlicesAVX512 is CubicValueSlope on AVX-512F (z non-empty).
func cubicSlicesAVX512(v, z []float64, c Cubic) { cubicAVX512(&v[0], &z[0], len(z), &c) }

// cubicSlicesAVX2 is CubicValueSlope on AVX2, the last len(z) mod 4
// elements by the generic loop.
func cubicSlicesAVX2(v, z []float64, c Cubic) {
	n := len(z) &^ 3
	if n > 0 {
		cubicAVX2(&v[0], &z[0], n, &c)
	}
	cubicValueSlopeGeneric(v[n:len(z)], z[n:], c)
}
