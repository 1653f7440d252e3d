//go:build arm64

package kernel

// descentNEON applies DescentUpdate to n elements, n a multiple of 8, with
// ASIMD; see descent_arm64.s.
//
//go:noescape
func descentNEON(w, grad *float64, n int, eta float64)

// descentSlicesNEON is DescentUpdate on ASIMD, the last len(g) mod 8
// elements by the reference.
func descentSlicesNEON(w, g []float64, eta float64) {
	n := len(g)
	n8 := n &^ 7
	if n8 > 0 {
		descentNEON(&w[0], &g[0], n8, eta)
	}
	RefDescentUpdate(w[n8:n], g[n8:], eta)
}
