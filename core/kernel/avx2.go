//go:build goexperiment.simd && amd64 && !go1.27

package kernel

import "simd/archsimd"

type vec4 = archsimd.Float64x4

// load8 loads up to 8 values of s into two vectors, zero-filling past len(s).
func load8(s []float64) (vec4, vec4) {
	if len(s) >= 8 {
		return archsimd.LoadFloat64x4Slice(s), archsimd.LoadFloat64x4Slice(s[4:])
	}
	var hi vec4
	if len(s) > 4 {
		hi = archsimd.LoadFloat64x4SlicePart(s[4:])
	}
	return archsimd.LoadFloat64x4SlicePart(s), hi
}

// store8 stores the first min(8, len(s)) lanes of (a, b) into s.
func store8(s []float64, a, b vec4) {
	if len(s) >= 8 {
		a.StoreSlice(s)
		b.StoreSlice(s[4:])
		return
	}
	a.StoreSlicePart(s)
	if len(s) > 4 {
		b.StoreSlicePart(s[4:])
	}
}

// xwtRowsAVX2: 4 rows × 8 columns register tile over packed wᵀ panels; each
// lane accumulates one output in increasing t. wt is w packed by
// packPanels with width 8.
func xwtRowsAVX2(z, x, wt []float64, d, c, lo, hi int) {
	const width = 8
	panels := (c + width - 1) / width
	i := lo
	for ; i+4 <= hi; i += 4 {
		x0 := x[i*d : (i+1)*d]
		x1 := x[(i+1)*d : (i+2)*d][:len(x0)]
		x2 := x[(i+2)*d : (i+3)*d][:len(x0)]
		x3 := x[(i+3)*d : (i+4)*d][:len(x0)]
		for p := 0; p < panels; p++ {
			panel := wt[p*d*width : (p+1)*d*width]
			var a00, a01, a10, a11, a20, a21, a30, a31 vec4
			for t := range x0 {
				b := panel[t*width : t*width+width]
				b0 := archsimd.LoadFloat64x4Slice(b)
				b1 := archsimd.LoadFloat64x4Slice(b[4:])
				v := archsimd.BroadcastFloat64x4(x0[t])
				a00, a01 = v.MulAdd(b0, a00), v.MulAdd(b1, a01)
				v = archsimd.BroadcastFloat64x4(x1[t])
				a10, a11 = v.MulAdd(b0, a10), v.MulAdd(b1, a11)
				v = archsimd.BroadcastFloat64x4(x2[t])
				a20, a21 = v.MulAdd(b0, a20), v.MulAdd(b1, a21)
				v = archsimd.BroadcastFloat64x4(x3[t])
				a30, a31 = v.MulAdd(b0, a30), v.MulAdd(b1, a31)
			}
			j := p * width
			store8(z[i*c+j:(i+1)*c], a00, a01)
			store8(z[(i+1)*c+j:(i+2)*c], a10, a11)
			store8(z[(i+2)*c+j:(i+3)*c], a20, a21)
			store8(z[(i+3)*c+j:(i+4)*c], a30, a31)
		}
	}
	for ; i < hi; i++ {
		xi := x[i*d : (i+1)*d]
		for p := 0; p < panels; p++ {
			panel := wt[p*d*width : (p+1)*d*width]
			var a0, a1 vec4
			for t := range xi {
				b := panel[t*width : t*width+width]
				v := archsimd.BroadcastFloat64x4(xi[t])
				a0 = v.MulAdd(archsimd.LoadFloat64x4Slice(b), a0)
				a1 = v.MulAdd(archsimd.LoadFloat64x4Slice(b[4:]), a1)
			}
			store8(z[i*c+p*width:(i+1)*c], a0, a1)
		}
	}
}

// gtxRowsAVX2: 4 rows of dw × 8 columns register tile; lanes run over t, the
// reduction over samples i stays in order. Samples are taken in blocks of
// gtxBlockRows so that a block of x and g stays in cache across the tiles; a
// tile's accumulators are stored after one block and reloaded for the next,
// which continues each output's FMA chain exactly.
func gtxRowsAVX2(dw, g, x []float64, n, c, d, lo, hi int) {
	const width = 8
	for i0 := 0; i0 < n; i0 += gtxBlockRows {
		i1 := min(i0+gtxBlockRows, n)
		for t := 0; t < d; t += width {
			tEnd := min(t+width, d)
			j := lo
			for ; j+4 <= hi; j += 4 {
				var a00, a01, a10, a11, a20, a21, a30, a31 vec4
				if i0 > 0 {
					a00, a01 = load8(dw[j*d+t : j*d+tEnd])
					a10, a11 = load8(dw[(j+1)*d+t : (j+1)*d+tEnd])
					a20, a21 = load8(dw[(j+2)*d+t : (j+2)*d+tEnd])
					a30, a31 = load8(dw[(j+3)*d+t : (j+3)*d+tEnd])
				}
				for i := i0; i < i1; i++ {
					b0, b1 := load8(x[i*d+t : i*d+tEnd])
					gr := g[i*c+j : i*c+j+4]
					v := archsimd.BroadcastFloat64x4(gr[0])
					a00, a01 = v.MulAdd(b0, a00), v.MulAdd(b1, a01)
					v = archsimd.BroadcastFloat64x4(gr[1])
					a10, a11 = v.MulAdd(b0, a10), v.MulAdd(b1, a11)
					v = archsimd.BroadcastFloat64x4(gr[2])
					a20, a21 = v.MulAdd(b0, a20), v.MulAdd(b1, a21)
					v = archsimd.BroadcastFloat64x4(gr[3])
					a30, a31 = v.MulAdd(b0, a30), v.MulAdd(b1, a31)
				}
				store8(dw[j*d+t:j*d+tEnd], a00, a01)
				store8(dw[(j+1)*d+t:(j+1)*d+tEnd], a10, a11)
				store8(dw[(j+2)*d+t:(j+2)*d+tEnd], a20, a21)
				store8(dw[(j+3)*d+t:(j+3)*d+tEnd], a30, a31)
			}
			for ; j < hi; j++ {
				var a0, a1 vec4
				if i0 > 0 {
					a0, a1 = load8(dw[j*d+t : j*d+tEnd])
				}
				for i := i0; i < i1; i++ {
					b0, b1 := load8(x[i*d+t : i*d+tEnd])
					v := archsimd.BroadcastFloat64x4(g[i*c+j])
					a0, a1 = v.MulAdd(b0, a0), v.MulAdd(b1, a1)
				}
				store8(dw[j*d+t:j*d+tEnd], a0, a1)
			}
		}
	}
}
