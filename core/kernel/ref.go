package kernel

import "math"

// RefXWt is the reference for XWt: z[i*c+j] = Σ_t x[i*d+t]·w[j*d+t], accumulated
// with math.FMA in increasing t from +0.
func RefXWt(z, x, w []float64, n, d, c int) {
	for i := 0; i < n; i++ {
		for j := 0; j < c; j++ {
			acc := 0.0
			for t := 0; t < d; t++ {
				acc = math.FMA(x[i*d+t], w[j*d+t], acc)
			}
			z[i*c+j] = acc
		}
	}
}

// RefGtX is the reference for GtX: dw[j*d+t] = Σ_i g[i*c+j]·x[i*d+t], accumulated
// with math.FMA in increasing i from +0.
func RefGtX(dw, g, x []float64, n, c, d int) {
	for j := 0; j < c; j++ {
		for t := 0; t < d; t++ {
			acc := 0.0
			for i := 0; i < n; i++ {
				acc = math.FMA(g[i*c+j], x[i*d+t], acc)
			}
			dw[j*d+t] = acc
		}
	}
}
