//go:build arm64

package kernel

// adamNEON applies AdamUpdate to n elements, n even and positive, with
// ASIMD; see adam_arm64.s.
//
//go:noescape
func adamNEON(w, grad, m, v *float64, n int, a *AdamStep)

// adamSlicesNEON is AdamUpdate on ASIMD, an odd last element by the
// reference.
func adamSlicesNEON(w, g, m, v []float64, a AdamStep) {
	n := len(g)
	n2 := n &^ 1
	if n2 > 0 {
		adamNEON(&w[0], &g[0], &m[0], &v[0], n2, &a)
	}
	RefAdamUpdate(w[n2:n], g[n2:], m[n2:n], v[n2:n], a)
}
