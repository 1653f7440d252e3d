package kernel

// AdamUpdate applies one Adam update to the weights w from their gradient g,
// with m and v their moment estimates (all of g's length; see RefAdamUpdate
// for the arithmetic). Every path returns the reference's bits: the same
// correctly rounded multiplies, adds, divisions and square roots, a lane at a
// time. The generic path is Go; the others share the assembly kernels of
// their CPU features, as CubicValueSlope does.
func (k Kernels) AdamUpdate(w, g, m, v []float64, a AdamStep) {
	if len(w) < len(g) || len(m) < len(g) || len(v) < len(g) {
		panic("kernel: AdamUpdate needs w, m and v at least as long as g")
	}
	if f := k.impl().adam; f != nil && len(g) > 0 {
		f(w, g, m, v, a)
		return
	}
	RefAdamUpdate(w, g, m, v, a)
}
