package nn

import "github.com/modcomp/modcomp/core/kernel"

// Row panels. A part's forward product z = x·wᵀ fills its columns 16 at a time;
// when a part's column count leaves a remainder (50 neurons: 3 panels and 2
// columns), the forward kernel computes those columns from x transposed in
// panels of rows (kernel.RowPanels), packed once per bound set of samples.
// The bits are those of the plain product.

// useRowPanels allocates and packs the row panels when the kernels read them
// and some part of the layout (per neurons a unit) has columns past its last
// whole 16-column panel other than exactly 8, which the kernel's one-vector
// tile fills.
func (t *Trainer) useRowPanels(per int) {
	if t.xp != nil || !t.kern.UsesRowPanels() {
		return
	}
	need := false
	for _, p := range t.parts {
		if rem := (p.hi - p.lo) * per % 16; rem != 0 && rem != 8 {
			need = true
		}
	}
	if !need {
		return
	}
	t.xp, t.xpBuf = make([]kernel.RowPanels, len(t.x)), make([][]float64, len(t.x))
	for _, r := range t.net.Mods {
		t.xpBuf[r] = make([]float64, kernel.RowPanelsLen(t.capacity, t.net.D))
	}
	t.packRows()
}

// packRows packs the bound samples' row panels (after SetRows, and once when
// they are first needed).
func (t *Trainer) packRows() {
	if t.xp == nil {
		return
	}
	for _, r := range t.net.Mods {
		t.xp[r] = t.kern.PackRows(t.xpBuf[r], t.x[r], t.n, t.net.D)
	}
}

// rowPanels returns modality r's row panels, or the zero RowPanels.
func (t *Trainer) rowPanels(r int) kernel.RowPanels {
	if t.xp == nil {
		return kernel.RowPanels{}
	}
	return t.xp[r]
}
