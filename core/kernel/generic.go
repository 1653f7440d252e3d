package kernel

import "math"

// xwtColumnsGeneric is how many values of w (c×d) the plain Go forward kernel
// keeps in cache at a time: it computes the outputs of a block of w's rows
// for every row of x before it moves to the next block, so that the block is
// read from cache rather than streamed once per four rows of x. Each output is
// still one FMA chain over the whole reduction.
const xwtColumnsGeneric = 16384

// xwtRowsGeneric computes rows [lo, hi) of z = x·wᵀ with a 4×2 register tile,
// a block of w's rows at a time.
func xwtRowsGeneric(z, x, w []float64, d, c, lo, hi int) {
	block := c
	if d > 0 {
		block = max(2, xwtColumnsGeneric/d&^1)
	}
	for j0 := 0; j0 < c; j0 += block {
		xwtBlockGeneric(z, x, w, d, c, lo, hi, j0, min(j0+block, c))
	}
}

// xwtBlockGeneric computes the columns [j0, j1) of rows [lo, hi) of z = x·wᵀ.
func xwtBlockGeneric(z, x, w []float64, d, c, lo, hi, j0, j1 int) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		x0 := x[i*d : i*d+d]
		x1 := x[(i+1)*d : (i+1)*d+d]
		x2 := x[(i+2)*d : (i+2)*d+d]
		x3 := x[(i+3)*d : (i+3)*d+d]
		j := j0
		for ; j+2 <= j1; j += 2 {
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
		for ; j < j1; j++ {
			for r := 0; r < 4; r++ {
				z[(i+r)*c+j] = dot(x[(i+r)*d:(i+r)*d+d], w[j*d:j*d+d])
			}
		}
	}
	for ; i < hi; i++ {
		xi := x[i*d : i*d+d]
		for j := j0; j < j1; j++ {
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

// gtxSamplesGeneric is how many samples the plain Go backward kernel takes
// at a time. A block of x's rows then stays in cache while every tile of
// outputs reads it, instead of each tile streaming all of x; each output's
// FMA chain carries on from one block to the next through dw (storing and
// loading a float64 rounds nothing), so the bits are the reference's.
const gtxSamplesGeneric = 64

// gtxRowsGeneric computes rows [lo, hi) of dw = gᵀ·x with a 4×2 register tile,
// gtxSamplesGeneric samples at a time.
func gtxRowsGeneric(dw, g, x []float64, n, c, d, lo, hi int) {
	out := dw[lo*d : hi*d]
	for i := range out {
		out[i] = 0 // every chain starts from +0
	}
	for i0 := 0; i0 < n; i0 += gtxSamplesGeneric {
		gtxBlockGeneric(dw, g, x, i0, min(i0+gtxSamplesGeneric, n), c, d, lo, hi)
	}
}

// gtxBlockGeneric carries every output of rows [lo, hi) of dw = gᵀ·x on over
// the samples [i0, i1).
func gtxBlockGeneric(dw, g, x []float64, i0, i1, c, d, lo, hi int) {
	j := lo
	for ; j+4 <= hi; j += 4 {
		t := 0
		for ; t+2 <= d; t += 2 {
			a00, a01 := dw[j*d+t], dw[j*d+t+1]
			a10, a11 := dw[(j+1)*d+t], dw[(j+1)*d+t+1]
			a20, a21 := dw[(j+2)*d+t], dw[(j+2)*d+t+1]
			a30, a31 := dw[(j+3)*d+t], dw[(j+3)*d+t+1]
			gi, xi := i0*c+j, i0*d+t
			for i := i0; i < i1; i++ {
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
				dw[(j+r)*d+t] = colDot(g, x, i0, i1, c, d, j+r, t, dw[(j+r)*d+t])
			}
		}
	}
	for ; j < hi; j++ {
		for t := 0; t < d; t++ {
			dw[j*d+t] = colDot(g, x, i0, i1, c, d, j, t, dw[j*d+t])
		}
	}
}

// colDot carries acc on by Σ_i g[i*c+j]·x[i*d+t] over i in [i0, i1), with FMA
// in increasing i.
func colDot(g, x []float64, i0, i1, c, d, j, t int, acc float64) float64 {
	for i := i0; i < i1; i++ {
		acc = math.FMA(g[i*c+j], x[i*d+t], acc)
	}
	return acc
}
