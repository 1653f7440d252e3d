package kernel

import "sync"

// panelPool recycles the buffers that hold packed wᵀ panels, so that steady-state
// kernel calls allocate nothing between garbage collections (a collection may
// empty the pool; a caller that owns a PanelBuffer does not depend on it).
var panelPool = sync.Pool{New: func() any { return new(PanelBuffer) }}

// PanelBuffer holds the packed wᵀ panels of a forward product for a caller that
// runs such products again and again (a trainer's worker, one encoder after
// another): it grows once to the size the largest product needs and is reused
// from then on, so that those products allocate nothing whatever the garbage
// collector does, where the shared pool's buffers may be collected and made
// again. The zero value is an empty buffer, ready to use; one PanelBuffer must
// not serve two products at once.
type PanelBuffer struct{ p []float64 }

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

// packPanelRange packs panels [lo, hi) of w into wt (see packPanels). A whole
// panel is written row by row, reading its width rows of w side by side.
func packPanelRange(wt, w []float64, d, c, width, lo, hi int) {
	for p := lo; p < hi; p++ {
		panel := wt[p*d*width : (p+1)*d*width]
		cols := min(width, c-p*width)
		if cols < width || width%4 != 0 {
			from := 0 // the columns a vector transpose packed
			if width == 16 {
				from = packPartial16(panel, w[p*width*d:(p*width+cols)*d], d, cols)
			}
			clear(panel[from*width:]) // zero padding past column c
			for jj := 0; jj < cols; jj++ {
				col := panel[jj:]
				for t, v := range w[(p*width+jj)*d+from : (p*width+jj+1)*d] {
					col[(from+t)*width] = v
				}
			}
			continue
		}
		rows := w[p*width*d : (p+1)*width*d]
		from := 0 // the columns a vector transpose packed
		if width == 16 {
			from = packFull16(panel, rows, d)
		}
		for jj0 := 0; jj0 < width; jj0 += 4 {
			r0 := rows[jj0*d : (jj0+1)*d]
			r1 := rows[(jj0+1)*d : (jj0+2)*d]
			r2 := rows[(jj0+2)*d : (jj0+3)*d]
			r3 := rows[(jj0+3)*d : (jj0+4)*d]
			for t := from; t < d; t++ {
				out := panel[t*width+jj0 : t*width+jj0+4]
				out[0], out[1], out[2], out[3] = r0[t], r1[t], r2[t], r3[t]
			}
		}
	}
}
