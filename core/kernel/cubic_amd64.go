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

// asmCubicValueSlope runs the assembly kernel of path's CPU features, or
// reports false for the generic path.
func asmCubicValueSlope(path string, v, z []float64, c *Cubic) bool {
	if len(z) == 0 {
		return true
	}
	switch path {
	case asmPath, "avx512":
		cubicAVX512(&v[0], &z[0], len(z), c)
	case asmAVX2Path, "avx2":
		n := len(z) &^ 3
		if n > 0 {
			cubicAVX2(&v[0], &z[0], n, c)
		}
		cubicValueSlopeGeneric(v[n:len(z)], z[n:], *c)
	default:
		return false
	}
	return true
}
