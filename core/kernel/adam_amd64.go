//go:build amd64

package kernel

// adamAVX512 applies AdamUpdate to n elements with AVX-512F; see adam_amd64.s.
//
//go:noescape
func adamAVX512(w, grad, m, v *float64, n int, a *AdamStep)

// adamAVX2 applies AdamUpdate to the first n&^3 elements with AVX2; see
// adam_amd64.s.
//
//go:noescape
func adamAVX2(w, grad, m, v *float64, n int, a *AdamStep)

// adamSlicesAVX512 is AdamUpdate on AVX-512F (g non-empty).
func adamSlicesAVX512(w, g, m, v []float64, a AdamStep) {
	adamAVX512(&w[0], &g[0], &m[0], &v[0], len(g), &a)
}

// adamSlicesAVX2 is AdamUpdate on AVX2, the last len(g) mod 4 elements by
// the reference.
func adamSlicesAVX2(w, g, m, v []float64, a AdamStep) {
	n := len(g)
	n4 := n &^ 3
	if n4 > 0 {
		adamAVX2(&w[0], &g[0], &m[0], &v[0], n4, &a)
	}
	RefAdamUpdate(w[n4:n], g[n4:], m[n4:n], v[n4:n], a)
}
