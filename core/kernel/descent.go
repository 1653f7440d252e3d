package kernel

// DescentUpdate applies one gradient-descent update to the weights w from
// their gradient g: w[i] ← w[i] − eta·g[i] for every i < len(g), the product
// rounded before the subtraction (RefDescentUpdate). Every path returns the
// reference's bits; the generic path is Go, the others share the assembly
// kernels of their CPU features, as AdamUpdate does.
func (k Kernels) DescentUpdate(w, g []float64, eta float64) {
	if len(w) < len(g) {
		panic("kernel: DescentUpdate needs w at least as long as g")
	}
	if f := k.impl().descent; f != nil && len(g) > 0 {
		f(w, g, eta)
		return
	}
	RefDescentUpdate(w, g, eta)
}

// ScaleByClass multiplies every entry of z, n rows of cols columns, by its
// row's number for the class its column belongs to: column c of row i is
// neuron first+c, of class (first+c)/m, and
//
//	z[i*cols+c] ← z[i*cols+c] · s[i*stride + (first+c)/m]
//
// (RefScaleByClass). A trainer's backward pass uses it for G = Δ Sᵀ ⊙ σ'(Z):
// z holds σ'(Z) of a range of neurons, s is Δ with a row of stride numbers a
// sample. Every path returns the reference's bits (one rounded product an
// entry).
func (k Kernels) ScaleByClass(z, s []float64, n, cols, first, m, stride int) {
	if n <= 0 || cols <= 0 {
		return
	}
	if m < 1 || first < 0 || len(z) < n*cols || len(s) < (n-1)*stride+(first+cols-1)/m+1 {
		panic("kernel: ScaleByClass needs m ≥ 1, first ≥ 0, n·cols entries of z and every row's classes in s")
	}
	if f := k.impl().scaleByClass; f != nil {
		f(z, s, n, cols, first, m, stride)
		return
	}
	scaleByClassGeneric(z, s, n, cols, first, m, stride)
}

// scaleByClassGeneric is the Go path of ScaleByClass: it walks each row's
// runs of one class, as the assembly does, instead of dividing for every
// entry as the reference does.
func scaleByClassGeneric(z, s []float64, n, cols, first, m, stride int) {
	for i := 0; i < n; i++ {
		zi, si := z[i*cols:(i+1)*cols], s[i*stride+first/m:]
		for c, j := 0, 0; c < cols; j++ {
			end := min(cols, (j+1)*m-first%m)
			for v := si[j]; c < end; c++ {
				zi[c] *= v
			}
		}
	}
}
