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

// asmAdamUpdate runs the assembly kernel of path's CPU features, or reports
// false for the generic path.
func asmAdamUpdate(path string, w, g, m, v []float64, a *AdamStep) bool {
	n := len(g)
	if n == 0 {
		return true
	}
	switch path {
	case asmPath, "avx512":
		adamAVX512(&w[0], &g[0], &m[0], &v[0], n, a)
	case asmAVX2Path, "avx2":
		n4 := n &^ 3
		if n4 > 0 {
			adamAVX2(&w[0], &g[0], &m[0], &v[0], n4, a)
		}
		RefAdamUpdate(w[n4:n], g[n4:], m[n4:n], v[n4:n], *a)
	default:
		return false
	}
	return true
}
