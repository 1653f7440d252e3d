//go:build amd64

package kernel

import (
	"sync"

	"golang.org/x/sys/cpu"
)

//go:generate go run gen_tile.go

// The paths built from the assembly tiles of tile_amd64.s. They need the CPU
// features (which golang.org/x/sys/cpu checks together with the operating
// system's support for the vector state), not GOEXPERIMENT=simd.
const (
	asmPath     = "avx512asm" // 12×16 tiles in ZMM registers; AVX-512F
	asmAVX2Path = "avx2asm"   // 6×8 tiles in YMM registers; AVX2 and FMA
)

// The assembly tiles exist because Go 1.26's register allocator, given the same
// loop written with simd/archsimd, spills accumulators and reloads the loop
// counter from the stack, and its three-operand VFMADD213PD form adds a register
// copy per multiply-add: the archsimd AVX-512 tile cannot keep more than 8
// accumulators in 15 registers. The assembly uses 24 accumulators in 32 ZMM
// registers and the accumulating VFMADD231PD form, with the same per-lane FMA
// chain, so it returns the same bits.

func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		p := &path{name: asmAVX2Path, rank: rankAsmAVX2, panelWidth: 8, xwtPacked: xwtRows8, gtx: gtxRows8}
		register(withElementwiseAVX2(p))
	}
	if cpu.X86.HasAVX512F {
		p := &path{name: asmPath, rank: rankAsmAVX512, panelWidth: 16, xwtPacked: xwtRowsAsm, gtx: gtxRowsAsm,
			rowPanels: rowPanelsAVX512, xwtRowPanels: xwtRowsAsmPanels, gtxDescent: gtxDescentAsm}
		register(withElementwiseAVX512(p))
	}
}

// withElementwiseAVX512 gives p the AVX-512F element-wise kernels (the
// assembly and the archsimd AVX-512 paths share them).
func withElementwiseAVX512(p *path) *path {
	p.cubic, p.adam, p.descent, p.scaleByClass, p.exp = cubicSlicesAVX512, adamSlicesAVX512, descentSlicesAVX512, scaleByClassAVX512, expSlicesAVX512
	return p
}

// withElementwiseAVX2 gives p the AVX2 element-wise kernels.
func withElementwiseAVX2(p *path) *path {
	p.cubic, p.adam, p.descent, p.scaleByClass, p.exp = cubicSlicesAVX2, adamSlicesAVX2, descentSlicesAVX2, scaleByClassAVX2, expSlicesAVX2
	return p
}

// tileMasks returns the lane masks of a 16-column tile with cols valid columns.
func tileMasks(cols int) (m0, m1 int) {
	switch {
	case cols >= 16:
		return 0xff, 0xff
	case cols <= 8:
		return 1<<cols - 1, 0
	default:
		return 0xff, 1<<(cols-8) - 1
	}
}

// xwtRowsAsm computes rows [lo, hi) of z = x·wᵀ from wt, w packed by
// packPanels with width 16.
func xwtRowsAsm(z, x, wt []float64, d, c, lo, hi int) {
	if d == 0 || c == 0 || lo >= hi {
		xwtRowsGeneric(z, x, nil, d, c, lo, hi)
		return
	}
	const width = 16
	panels := (c + width - 1) / width
	// Bounds the tiles rely on, checked once here so that a bad call panics in
	// Go instead of reading or writing past a slice.
	_, _, _ = x[hi*d-1], z[hi*c-1], wt[panels*d*width-1]
	for i, tt := lo, 0; i < hi; tt++ {
		rows := tileHeight(hi-lo, tt, 12)
		for p := 0; p < panels; p++ {
			m0, m1 := tileMasks(c - p*width)
			tileFor(rows, c-p*width)(&z[i*c+p*width], c, &x[i*d], 1, d, &wt[p*d*width], width, d, 0, m0, m1)
		}
		i += rows
	}
}

// rowPanelsAVX512 reports whether avx512asm's forward product of c columns
// reads row panels: one narrower than a 16-column panel and not 8 wide.
func rowPanelsAVX512(c int) bool { return c > 0 && c < 16 && c != 8 }

// wideScratch holds the tiles through which xwtRowsAsmPanels stores the
// columns it computes. (A local array would escape: the tiles are called
// through a table of function values.)
var wideScratch = sync.Pool{New: func() any { return new([6 * RowPanelWidth]float64) }}

// xwtRowsAsmPanels computes rows [lo, hi) of z = x·wᵀ, c < 16 columns, from w
// and xp (x packed by PackRows) on the wide tiles, with the roles of x and w
// swapped: a lane per row of x, a broadcast per column of w read in place, so
// that 32 rows take c·4 vector multiply-adds a reduction step where the
// 16-column tiles spend 32 or 64. Each output is still the one FMA chain over
// the reduction in increasing order (x·w and w·x are the same exact product).
func xwtRowsAsmPanels(z, xp, w []float64, d, c, lo, hi int) {
	panels := (hi + RowPanelWidth - 1) / RowPanelWidth
	_, _, _ = z[hi*c-1], w[c*d-1], xp[panels*d*RowPanelWidth-1]
	scratch := wideScratch.Get().(*[6 * RowPanelWidth]float64)
	defer wideScratch.Put(scratch)
	for q := lo / RowPanelWidth; q < panels; q++ {
		i0 := q * RowPanelWidth
		v0, v1 := max(lo-i0, 0), min(hi-i0, RowPanelWidth)
		for j, tt := 0, 0; j < c; tt++ {
			rows := tileHeight(c, tt, 6)
			tilesW32[rows](&scratch[0], RowPanelWidth, &w[j*d], 1, d, &xp[q*d*RowPanelWidth], RowPanelWidth, d, 0)
			for r := 0; r < rows; r++ {
				for v := v0; v < v1; v++ {
					z[(i0+v)*c+j+r] = scratch[r*RowPanelWidth+v]
				}
			}
			j += rows
		}
	}
}

// tileFor returns the AVX-512 tile of the given height for a panel or strip
// with cols columns left: the narrow one-vector tile when at most 8 remain,
// which halves the multiply-adds spent on the padding.
func tileFor(rows, cols int) func(out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load, m0, m1 int) {
	if cols <= 8 {
		return tilesN8[rows]
	}
	return tiles16[rows]
}

// tileUFor is tileFor for the tiles that also update w (see tileURx16).
func tileUFor(rows, cols int) func(out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load, m0, m1 int, w *float64, eta float64) {
	if cols <= 8 {
		return tilesNU8[rows]
	}
	return tilesU16[rows]
}

// gtxDescentAsm runs avx512asm's backward kernel fused with gradient
// descent's update of w (see gtxRowsAsmDescent); it declines an empty shape.
func gtxDescentAsm(dw, g, x []float64, n, c, d, lo, hi int, w []float64, eta float64) bool {
	if n == 0 || d == 0 || lo >= hi {
		return false
	}
	gtxRowsAsmDescent(dw, g, x, n, c, d, lo, hi, w, eta)
	return true
}

// copyStrip16 copies rows rows of 16 float64, src[r*srcStride+v], into
// dst[r*16+v], reading only the lanes that m0 and m1 select (as the AVX-512
// tiles do) and writing zeros in the others. AVX-512F; see strip_amd64.s.
//
//go:noescape
func copyStrip16(dst *float64, src *float64, srcStride, rows, m0, m1 int)

// stripPool recycles gtxRowsAsm's buffer for one block of a strip of x.
var stripPool = sync.Pool{New: func() any { return new([gtxBlockRows * 16]float64) }}

// gtxRowsAsm computes rows [lo, hi) of dw = gᵀ·x with 12×16 tiles over
// 16-column strips of x, masked at the last strip.
func gtxRowsAsm(dw, g, x []float64, n, c, d, lo, hi int) {
	gtxRowsAsmDescent(dw, g, x, n, c, d, lo, hi, nil, 0)
}

// gtxRowsAsmDescent is gtxRowsAsm that, given w (c×d, nil: none), also
// updates rows [lo, hi) of w by gradient descent, w ← w − η·dw: the tiles of
// the last block of samples take η times each block of dw from w as they
// store it (see tileURx16), instead of a pass of DescentUpdate over the rows
// after the product. Needs n, d > 0 and lo < hi.
func gtxRowsAsmDescent(dw, g, x []float64, n, c, d, lo, hi int, w []float64, eta float64) {
	if n == 0 || d == 0 || lo >= hi {
		gtxRowsGeneric(dw, g, x, n, c, d, lo, hi)
		return
	}
	_, _, _ = g[n*c-1], x[n*d-1], dw[hi*d-1]
	if w != nil {
		_ = w[hi*d-1]
	}
	const width = 16
	var strip *[gtxBlockRows * 16]float64
	if n*d > gtxCopyAbove {
		strip = stripPool.Get().(*[gtxBlockRows * 16]float64)
		defer stripPool.Put(strip)
	}
	for i0 := 0; i0 < n; i0 += gtxBlockRows {
		i1 := min(i0+gtxBlockRows, n)
		load := 0
		if i0 > 0 {
			load = 1 // continue each output's chain from the previous block
		}
		// A 16-column strip of the block's x (or its copy) stays in cache across
		// the row tiles.
		for t := 0; t < d; t += width {
			m0, m1 := tileMasks(d - t)
			b, bStep := &x[i0*d+t], d
			if strip != nil {
				copyStrip16(&strip[0], b, d, i1-i0, m0, m1)
				b, bStep = &strip[0], width
			}
			for j, tt := lo, 0; j < hi; tt++ {
				rows := tileHeight(hi-lo, tt, 12)
				if w != nil && i1 == n {
					tileUFor(rows, d-t)(&dw[j*d+t], d, &g[i0*c+j], c, 1, b, bStep, i1-i0, load, m0, m1, &w[j*d+t], eta)
				} else {
					tileFor(rows, d-t)(&dw[j*d+t], d, &g[i0*c+j], c, 1, b, bStep, i1-i0, load, m0, m1)
				}
				j += rows
			}
		}
	}
}
