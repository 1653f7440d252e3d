package nn

import "github.com/modcomp/modcomp/core/kernel"

// Row panels. A part's forward product z = x·wᵀ fills its columns 16 at a time,
// a sample per register row; a part narrower than one such panel (the 7 or 10
// neurons of a 16-worker split) would leave most vector lanes empty. Its forward
// product then reads x transposed in panels of rows (kernel.RowPanels), a
// sample per lane, packed once per bound set of samples: the bits are those of
// the plain product (see kernel.Kernels.UsesRowPanels for which widths). Packing
// costs about one forward pass, so a trainer packs at its second pass
// (Net.Logits, one pass, never does), and samples bound by SetRows (a
// minibatch a step) get none.

// useRowPanels notes whether the row panels are wanted: when the kernels'
// forward product of some part of the layout (per neurons a unit) reads them.
func (t *Trainer) useRowPanels(per int) {
	if t.rebound {
		return
	}
	for _, p := range t.parts {
		if t.kern.UsesRowPanels((p.hi - p.lo) * per) {
			t.panelsWanted = true
		}
	}
}

// beforeForward runs before each forward pass of Loss: at the second, it
// allocates and packs the row panels if they are wanted.
func (t *Trainer) beforeForward() {
	if t.passes++; t.passes != 2 || !t.panelsWanted {
		return
	}
	t.xp = make([]kernel.RowPanels, len(t.x))
	for _, r := range t.net.Mods {
		t.xp[r] = t.kern.PackRows(make([]float64, kernel.RowPanelsLen(t.n, t.net.D)), t.x[r], t.n, t.net.D)
	}
}

// dropRowPanels frees the row panels for good once SetRows binds other
// samples.
func (t *Trainer) dropRowPanels() {
	t.rebound, t.panelsWanted, t.xp = true, false, nil
}

// rowPanels returns modality r's row panels, or the zero RowPanels.
func (t *Trainer) rowPanels(r int) kernel.RowPanels {
	if t.xp == nil {
		return kernel.RowPanels{}
	}
	return t.xp[r]
}
