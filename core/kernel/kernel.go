package kernel

import "fmt"

//go:generate go run gen_archsimd.go

// Tile heights: parallel ranges are cut at multiples of these so that every
// worker runs whole register tiles. They affect speed only, never the bits.
const (
	// RowGrainXWt is the row grain for XWtRows.
	RowGrainXWt = 4
	// RowGrainGtX is the row grain for GtXRows.
	RowGrainGtX = 4
)

// Contract names the summation contract every path implements: each output
// is a chain of math.FMA over the reduction in increasing index order from
// +0 (see RefXWt and RefGtX). Results of builds with the same contract, Go
// release, architecture and GOAMD64 level are bit-identical; a change to the
// contract gets a new name, and merging results across names is refused.
const Contract = "fma-ascending-v1"

// gtxBlockRows is how many samples the SIMD backward kernels take at a time; it
// affects speed only.
const gtxBlockRows = 256

// Kernels is one implementation of the kernels, chosen once and passed down
// (a Pool carries one; see Pool.Kernels): "generic" (Go with math.FMA);
// "avx2asm" and "avx512asm", assembly register tiles, on amd64 CPUs with
// AVX2+FMA or AVX-512F; "avx2" and "avx512", written with simd/archsimd, when
// built with GOEXPERIMENT=simd on a CPU that has them. All return the same
// bits. The zero Kernels is the fastest available, the last of Paths.
type Kernels struct {
	p *path // nil for the default
}

// impl is k's path.
func (k Kernels) impl() *path {
	if k.p == nil {
		return fastest()
	}
	return k.p
}

// Select returns the implementation named name (one of Paths).
func Select(name string) (Kernels, error) {
	for _, p := range registered {
		if p.name == name {
			return Kernels{p: p}, nil
		}
	}
	return Kernels{}, fmt.Errorf("kernel path %q: not one of this build's paths on this CPU %v", name, Paths())
}

// Name is the implementation's path name.
func (k Kernels) Name() string { return k.impl().name }

// Path names the default implementation, the fastest available: the path a
// zero Kernels uses.
func Path() string { return fastest().name }

// Paths lists the implementations available in this build on this CPU, the
// generic one first and the fastest last.
func Paths() []string {
	names := make([]string, len(registered))
	for i, p := range registered {
		names[i] = p.name
	}
	return names
}

// XWtRows computes rows [lo, hi) of z = x·wᵀ with the default implementation;
// see Kernels.XWtRows.
func XWtRows(z, x, w []float64, d, c, lo, hi int) { Kernels{}.XWtRows(z, x, w, d, c, lo, hi) }

// GtXRows computes rows [lo, hi) of dw = gᵀ·x with the default
// implementation; see Kernels.GtXRows.
func GtXRows(dw, g, x []float64, n, c, d, lo, hi int) { Kernels{}.GtXRows(dw, g, x, n, c, d, lo, hi) }

// XWtRows computes rows [lo, hi) of z = x·wᵀ, where x is n×d, w is c×d and z is
// n×c. See the package comment for the exact summation order.
func (k Kernels) XWtRows(z, x, w []float64, d, c, lo, hi int) { k.xwtRows(z, x, w, nil, d, c, lo, hi) }

// xwtRows is XWtRows, packing wᵀ into buf or, with buf nil, into a buffer of
// the shared pool.
func (k Kernels) xwtRows(z, x, w []float64, buf *PanelBuffer, d, c, lo, hi int) {
	p := k.impl()
	width := p.panelWidth
	if width == 0 || d == 0 || c == 0 { // nothing to pack for an empty w
		xwtRowsGeneric(z, x, w, d, c, lo, hi)
		return
	}
	if buf == nil {
		buf = panelPool.Get().(*PanelBuffer)
		defer panelPool.Put(buf)
	}
	p.xwtPacked(z, x, packPanels(&buf.p, w, d, c, width), d, c, lo, hi)
}

// RowPanels holds the rows of x (n×d) transposed in panels of RowPanelWidth
// rows, which XWtRowsPanels reads for a product too narrow to fill the forward
// kernel's wᵀ panels. Build it with Kernels.PackRows; the zero RowPanels holds
// nothing and is ignored.
type RowPanels struct {
	p    []float64 // panel q holds x[q·w+v][l] at p[q·d·w + l·w + v], zero past row n
	n, d int
}

// RowPanelWidth is how many rows of x a row panel holds.
const RowPanelWidth = 32

// UsesRowPanels reports whether k's forward product of c columns reads row
// panels: only then are they worth PackRows's time and memory (n·d values,
// rounded up to whole panels). On avx512asm that is a product narrower than
// one 16-column wᵀ panel, other than exactly 8 columns (which the one-vector
// tile fills); the other paths read none.
func (k Kernels) UsesRowPanels(c int) bool {
	p := k.impl()
	return p.rowPanels != nil && p.rowPanels(c)
}

// RowPanelsLen is the length of the buffer PackRows needs for n rows of d.
func RowPanelsLen(n, d int) int { return packedLen(d, n, RowPanelWidth) }

// PackRows packs the n rows of x (n×d) into buf, which must hold at least
// RowPanelsLen(n, d) values, and returns the row panels; when k reads no row
// panels it returns the zero RowPanels and leaves buf alone.
func (k Kernels) PackRows(buf, x []float64, n, d int) RowPanels {
	if !k.UsesRowPanels(1) || n == 0 || d == 0 {
		return RowPanels{}
	}
	out := buf[:RowPanelsLen(n, d)]
	packPanelRange(out, x, d, n, RowPanelWidth, 0, (n+RowPanelWidth-1)/RowPanelWidth)
	return RowPanels{p: out, n: n, d: d}
}

// XWtRowsPanels computes rows [lo, hi) of z = x·wᵀ as XWtRows does, with the
// same bits; xp, the row panels of the same x (or the zero RowPanels), lets a
// product that UsesRowPanels compute 32 rows at a time, a row per vector lane,
// rather than a row at a time in mostly empty vectors. Otherwise xp is unused.
// wᵀ is packed into buf (nil: a buffer of a shared pool, as XWtRows does).
func (k Kernels) XWtRowsPanels(z, x []float64, xp RowPanels, w []float64, buf *PanelBuffer, d, c, lo, hi int) {
	if xp.p == nil || xp.d != d || hi > xp.n || lo >= hi || !k.UsesRowPanels(c) {
		k.xwtRows(z, x, w, buf, d, c, lo, hi)
		return
	}
	k.impl().xwtRowPanels(z, xp.p, w, d, c, lo, hi)
}

// GtXRows computes rows [lo, hi) of dw = gᵀ·x, where g is n×c, x is n×d and dw is
// c×d. See the package comment for the exact summation order.
func (k Kernels) GtXRows(dw, g, x []float64, n, c, d, lo, hi int) {
	if f := k.impl().gtx; f != nil {
		f(dw, g, x, n, c, d, lo, hi)
		return
	}
	gtxRowsGeneric(dw, g, x, n, c, d, lo, hi)
}

// GtXRowsDescent computes rows [lo, hi) of dw = gᵀ·x as GtXRows does and
// then takes gradient descent's step on the same rows of w (c×d, like dw),
// w ← w − η·dw, as DescentUpdate does: the bits of the two calls. On
// avx512asm the backward kernel's tiles update w as they store their last
// block of dw, instead of a second pass over both.
func (k Kernels) GtXRowsDescent(dw, g, x []float64, n, c, d, lo, hi int, w []float64, eta float64) {
	if len(w) < hi*d {
		panic("kernel: GtXRowsDescent needs w as large as dw")
	}
	if f := k.impl().gtxDescent; f != nil && f(dw, g, x, n, c, d, lo, hi, w, eta) {
		return
	}
	k.GtXRows(dw, g, x, n, c, d, lo, hi)
	if lo < hi {
		k.DescentUpdate(w[lo*d:hi*d], dw[lo*d:hi*d], eta)
	}
}

// XWt computes z = x·wᵀ on the pool p with its kernels (nil runs on the
// caller with the default ones).
func XWt(p *Pool, z, x, w []float64, n, d, c int) {
	if p == nil {
		XWtRows(z, x, w, d, c, 0, n)
		return
	}
	p.Run(n, RowGrainXWt, func(lo, hi int) { p.kernels.XWtRows(z, x, w, d, c, lo, hi) })
}

// GtX computes dw = gᵀ·x on the pool p with its kernels (nil runs on the
// caller with the default ones).
func GtX(p *Pool, dw, g, x []float64, n, c, d int) {
	if p == nil {
		GtXRows(dw, g, x, n, c, d, 0, c)
		return
	}
	p.Run(c, RowGrainGtX, func(lo, hi int) { p.kernels.GtXRows(dw, g, x, n, c, d, lo, hi) })
}

// Lanes is the float64 lanes of the FMAs k's products compute with: 8 on the
// AVX-512 paths, 4 on the AVX2 ones, 2 on neon, 1 on generic (math.FMA, one
// value at a time). The peak a path's GFLOP/s are quoted against is that of
// an FMA loop of the same width (internal/fmapeak). On amd64 every forward
// kernel's wᵀ panel is two vectors wide, so the lanes are half the panel
// width; neon's 8-wide panel is four vectors.
func (k Kernels) Lanes() int {
	if l := k.impl().lanes; l > 0 {
		return l
	}
	if w := k.impl().panelWidth; w > 0 {
		return w / 2
	}
	return 1
}
