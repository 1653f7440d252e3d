package kernel

import "sync"

// panelPool recycles the buffers that hold packed wᵀ panels, so that steady-state
// kernel calls allocate nothing.
var panelPool = sync.Pool{New: func() any { return new([]float64) }}

// packedLen is the length of w (c×d) packed into panels of the given width.
func packedLen(d, c, width int) int { return (c + width - 1) / width * d * width }

// packPanels copies w (c×d) into column panels of the given width: panel p holds
// columns [p·width, (p+1)·width) of wᵀ as d rows of width values, zero-padded
// past column c. It reuses *buf when large enough.
func packPanels(buf *[]float64, w []float64, d, c, width int) []float64 {
	need := packedLen(d, c, width)
	if cap(*buf) < need {
		*buf = make([]float64, need)
	}
	out := (*buf)[:need]
	packPanelRange(out, w, d, c, width, 0, (c+width-1)/width)
	return out
}

// packPanelRange packs panels [lo, hi) of w into wt (see packPanels). It reads
// each row of w in order and scatters it down one column of its panel.
func packPanelRange(wt, w []float64, d, c, width, lo, hi int) {
	for p := lo; p < hi; p++ {
		panel := wt[p*d*width : (p+1)*d*width]
		cols := min(width, c-p*width)
		if cols < width {
			clear(panel) // zero padding past column c
		}
		for jj := 0; jj < cols; jj++ {
			col := panel[jj:]
			for t, v := range w[(p*width+jj)*d : (p*width+jj+1)*d] {
				col[t*width] = v
			}
		}
	}
}

// PackedW is a weight matrix w (c×d) together with wᵀ copied into the column
// panels that the kernel path in use reads. A training step packs each weight
// matrix once, in parallel over its panels, and all workers' XWtPackedRows
// share it; XWtRows instead packs w on every call. The zero value is empty;
// Reset binds it to a matrix.
type PackedW struct {
	w, wt       []float64
	d, c, width int
}

// Reset binds p to w (c×d) for the kernel path in use, growing p's buffer if
// needed. It does not pack: call PackPanels over [0, p.Panels()) after every
// change of w and before XWtPackedRows.
func (p *PackedW) Reset(w []float64, d, c int) {
	p.w, p.d, p.c, p.width = w, d, c, panelWidth(path)
	if p.width == 0 {
		p.wt = p.wt[:0]
		return
	}
	need := packedLen(d, c, p.width)
	if cap(p.wt) < need {
		p.wt = make([]float64, need)
	}
	p.wt = p.wt[:need]
}

// Panels returns the number of panels of p, the units of PackPanels; 0 when
// the kernel path reads w unpacked.
func (p *PackedW) Panels() int {
	if p.width == 0 {
		return 0
	}
	return (p.c + p.width - 1) / p.width
}

// PackPanels packs panels [lo, hi) of p. Disjoint ranges may be packed
// concurrently.
func (p *PackedW) PackPanels(lo, hi int) {
	packPanelRange(p.wt, p.w, p.d, p.c, p.width, lo, hi)
}

// XWtPackedRows computes rows [lo, hi) of z = x·wᵀ, like XWtRows, for the
// matrix bound to p, whose panels must all be packed.
func XWtPackedRows(z, x []float64, p *PackedW, lo, hi int) {
	if p.width != panelWidth(path) { // the path changed since Reset: pack afresh
		XWtRows(z, x, p.w, p.d, p.c, lo, hi)
		return
	}
	xwtPackedRows(z, x, p.w, p.wt, p.d, p.c, lo, hi)
}
