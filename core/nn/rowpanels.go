package nn

import "github.com/modcomp/modcomp/core/kernel"

// Row panels. A part's forward product z = x·wᵀ fills its columns 16 at a time;
// when a part's column count leaves a remainder (50 neurons: 3 panels and 2
// columns), the forward kernel computes those columns from x transposed in
// panels of rows (kernel.RowPanels), packed once per bound set of samples.
// The bits are those of the plain product. Packing costs about one forward
// pass, so a trainer packs at its second pass (Net.Logits, one pass, never
// does), and samples bound by SetRows (a minibatch a step) get none.

// useRowPanels notes whether the row panels are wanted: when the kernels read
// them and some part of the layout (per neurons a unit) has columns past its
// last whole 16-column panel other than exactly 8, which the kernel's
// one-vector tile fills.
func (t *Trainer) useRowPanels(per int) {
	if t.xp != nil || t.rebound || !t.kern.UsesRowPanels() {
		return
	}
	for _, p := range t.parts {
		if rem := (p.hi - p.lo) * per % 16; rem != 0 && rem != 8 {
			t.panelsWanted = true
		}
	}
}

// beforeForward runs before each forward pass of Loss: at the second, it
// allocates and packs the row panels if they are wanted.
func (t *Trainer) beforeForward() {
	if t.passes++; t.passes != 2 || !t.panelsWanted || t.xp != nil || t.rebound {
		return
	}
	t.xp, t.xpBuf = make([]kernel.RowPanels, len(t.x)), make([][]float64, len(t.x))
	for _, r := range t.net.Mods {
		t.xpBuf[r] = make([]float64, kernel.RowPanelsLen(t.capacity, t.net.D))
		t.xp[r] = t.kern.PackRows(t.xpBuf[r], t.x[r], t.n, t.net.D)
	}
}

// dropRowPanels frees the row panels for good once SetRows binds other
// samples.
func (t *Trainer) dropRowPanels() {
	t.rebound, t.xp, t.xpBuf = true, nil, nil
}

// rowPanels returns modality r's row panels, or the zero RowPanels.
func (t *Trainer) rowPanels(r int) kernel.RowPanels {
	if t.xp == nil {
		return kernel.RowPanels{}
	}
	return t.xp[r]
}
