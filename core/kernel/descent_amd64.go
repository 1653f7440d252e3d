//go:build amd64

package kernel

// descentAVX512 applies DescentUpdate to n elements with AVX-512F; see
// descent_amd64.s.
//
//go:noescape
func descentAVX512(w, grad *float64, n int, eta float64)

// descentAVX2 applies DescentUpdate to the first n&^3 elements with AVX2.
//
//go:noescape
func descentAVX2(w, grad *float64, n int, eta float64)

// scaleClassAVX512 applies ScaleByClass with AVX-512F to n rows of cols
// columns: s points at the first column's class in the first row, lead is
// the number of columns before the next class starts (m − first mod m), and
// stride is s's row length.
//
//go:noescape
func scaleClassAVX512(z, s *float64, n, cols, m, lead, stride int)

// scaleClassAVX2 is scaleClassAVX512 with AVX2 (a class's last entries a
// lane at a time).
//
//go:noescape
func scaleClassAVX2(z, s *float64, n, cols, m, lead, stride int)

// descentSlicesAVX512 is DescentUpdate on AVX-512F (g non-empty).
func descentSlicesAVX512(w, g []float64, eta float64) { descentAVX512(&w[0], &g[0], len(g), eta) }

// descentSlicesAVX2 is DescentUpdate on AVX2, the last len(g) mod 4
// elements by the reference.
func descentSlicesAVX2(w, g []float64, eta float64) {
	n := len(g)
	n4 := n &^ 3
	if n4 > 0 {
		descentAVX2(&w[0], &g[0], n4, eta)
	}
	RefDescentUpdate(w[n4:n], g[n4:], eta)
}

// scaleByClassAVX512 is ScaleByClass on AVX-512F; ScaleByClass has checked
// the sizes.
func scaleByClassAVX512(z, s []float64, n, cols, first, m, stride int) {
	scaleClassAVX512(&z[0], &s[first/m], n, cols, m, m-first%m, stride)
}

// scaleByClassAVX2 is ScaleByClass on AVX2.
func scaleByClassAVX2(z, s []float64, n, cols, first, m, stride int) {
	scaleClassAVX2(&z[0], &s[first/m], n, cols, m, m-first%m, stride)
}
