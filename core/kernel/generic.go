package kernel

import "math"

// xwtRowsGeneric computes rows [lo, hi) of z = x·wᵀ with a 4×2 register tile.
func xwtRowsGeneric(z, x, w []float64, d, c, lo, hi int) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		x0 := x[i*d : i*d+d]
		x1 := x[(i+1)*d : (i+1)*d+d]
		x2 := x[(i+2)*d : (i+2)*d+d]
		x3 := x[(i+3)*d : (i+3)*d+d]
		j := 0
		for ; j+2 <= c; j += 2 {
			w0 := w[j*d : j*d+d]
			w1 := w[(j+1)*d : (j+1)*d+d]
			var a00, a01, a10, a11, a20, a21, a30, a31 float64
			for t := range w0 {
				b0, b1 := w0[t], w1[t]
				v := x0[t]
				a00 = math.FMA(v, b0, a00)
				a01 = math.FMA(v, b1, a01)
				v = x1[t]
				a10 = math.FMA(v, b0, a10)
				a11 = math.FMA(v, b1, a11)
				v = x2[t]
				a20 = math.FMA(v, b0, a20)
				a21 = math.FMA(v, b1, a21)
				v = x3[t]
				a30 = math.FMA(v, b0, a30)
				a31 = math.FMA(v, b1, a31)
			}
			z[i*c+j], z[i*c+j+1] = a00, a01
			z[(i+1)*c+j], z[(i+1)*c+j+1] = a10, a11
			z[(i+2)*c+j], z[(i+2)*c+j+1] = a20, a21
			z[(i+3)*c+j], z[(i+3)*c+j+1] = a30, a31
		}
		for ; j < c; j++ {
			for r := 0; r < 4; r++ {
				z[(i+r)*c+j] = dot(x[(i+r)*d:(i+r)*d+d], w[j*d:j*d+d])
			}
		}
	}
	for ; i < hi; i++ {
		xi := x[i*d : i*d+d]
		for j := 0; j < c; j++ {
			z[i*c+j] = dot(xi, w[j*d:j*d+d])
		}
	}
}

// dot returns Σ_t a[t]·b[t] accumulated with FMA in increasing t from +0.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	acc := 0.0
	for t, v := range a {
		acc = math.FMA(v, b[t], acc)
	}
	return acc
}

// gtxRowsGeneric computes rows [lo, hi) of dw = gᵀ·x with a 4×2 register tile.
func gtxRowsGeneric(dw, g, x []float64, n, c, d, lo, hi int) {
	j := lo
	for ; j+4 <= hi; j += 4 {
		t := 0
		for ; t+2 <= d; t += 2 {
			var a00, a01, a10, a11, a20, a21, a30, a31 float64
			gi, xi := j, t
			for i := 0; i < n; i++ {
				gr := g[gi : gi+4 : gi+4]
				xr := x[xi : xi+2 : xi+2]
				v0, v1 := xr[0], xr[1]
				a00 = math.FMA(gr[0], v0, a00)
				a01 = math.FMA(gr[0], v1, a01)
				a10 = math.FMA(gr[1], v0, a10)
				a11 = math.FMA(gr[1], v1, a11)
				a20 = math.FMA(gr[2], v0, a20)
				a21 = math.FMA(gr[2], v1, a21)
				a30 = math.FMA(gr[3], v0, a30)
				a31 = math.FMA(gr[3], v1, a31)
				gi += c
				xi += d
			}
			dw[j*d+t], dw[j*d+t+1] = a00, a01
			dw[(j+1)*d+t], dw[(j+1)*d+t+1] = a10, a11
			dw[(j+2)*d+t], dw[(j+2)*d+t+1] = a20, a21
			dw[(j+3)*d+t], dw[(j+3)*d+t+1] = a30, a31
		}
		for ; t < d; t++ {
			for r := 0; r < 4; r++ {
				dw[(j+r)*d+t] = colDot(g, x, n, c, d, j+r, t)
			}
		}
	}
	for ; j < hi; j++ {
		for t := 0; t < d; t++ {
			dw[j*d+t] = colDot(g, x, n, c, d, j, t)
		}
	}
}

// colDot returns Σ_i g[i*c+j]·x[i*d+t] accumulated with FMA in increasing i from +0.
func colDot(g, x []float64, n, c, d, j, t int) float64 {
	acc := 0.0
	for i := 0; i < n; i++ {
		acc = math.FMA(g[i*c+j], x[i*d+t], acc)
	}
	return acc
}
