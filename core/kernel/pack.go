package kernel

import "sync"

// panelPool recycles the buffers that hold packed wᵀ panels, so that steady-state
// kernel calls allocate nothing.
var panelPool = sync.Pool{New: func() any { return new([]float64) }}

// packPanels copies w (c×d) into column panels of the given width: panel p holds
// columns [p·width, (p+1)·width) of wᵀ as d rows of width values, zero-padded
// past column c. It reuses *buf when large enough.
func packPanels(buf *[]float64, w []float64, d, c, width int) []float64 {
	panels := (c + width - 1) / width
	need := panels * d * width
	if cap(*buf) < need {
		*buf = make([]float64, need)
	}
	out := (*buf)[:need]
	for p := 0; p < panels; p++ {
		panel := out[p*d*width : (p+1)*d*width]
		for jj := 0; jj < width; jj++ {
			j := p*width + jj
			if j >= c {
				for t := 0; t < d; t++ {
					panel[t*width+jj] = 0
				}
				continue
			}
			for t, v := range w[j*d : (j+1)*d] {
				panel[t*width+jj] = v
			}
		}
	}
	return out
}
