package train

import "github.com/modcomp/modcomp/core/nn"

// scanRows is the number of samples an errorScan passes over at a time: a
// few rows of the forward kernel's tiles, enough that packing wᵀ, which each
// pass does again, stays a small part of a block's cost.
const scanRows = 32

// errorScan answers whether a net classifies every training sample right at
// its current weights — what a forward pass over the whole training set and
// Misclassified() == 0 answer — from passes over blocks of scanRows samples
// that stop at the first block with an error. Each sample's logits are the
// same bits whatever rows a pass binds (the kernels tile over outputs only,
// never over a sum), so the answer is the full pass's; only its cost
// differs: one block while some sample is wrong (the usual case on the way
// to zero error, and the only one for a net that never gets there), every
// block when none is. The first block tried is the last one found wrong.
//
// An epoch of minibatches needs this answer at every epoch until the net
// first reaches zero error (the zero-error step C1′ reports), and a
// uni-modal net trained past T to zero error at every epoch it takes; the
// loss itself is needed only at the recorded steps, which keep the full pass.
type errorScan struct {
	tr    *nn.Trainer // bound to the blocks in turn, then to x, y again
	x     [][]float64 // the training set, per modality (nil where the net does not read it)
	y     []int
	views [][]float64
	d     int
	first int // the block to try first
}

// newErrorScan scans with tr, a trainer bound to the whole training set x,
// y whose objective leaves every branch in the fused logits (no mask). The
// trainer gives up its row panels at the first scan (see nn.Trainer.SetRows).
func newErrorScan(tr *nn.Trainer, x [][]float64, y []int, d int) *errorScan {
	return &errorScan{tr: tr, x: x, y: y, views: make([][]float64, len(x)), d: d}
}

// errorFree reports whether the net classifies every sample right, and
// leaves the trainer bound to the whole training set (its last pass is a
// block's).
func (s *errorScan) errorFree() bool {
	n, d := len(s.y), s.d
	blocks := (n + scanRows - 1) / scanRows
	defer s.tr.SetRows(s.x, s.y)
	for i := range blocks {
		b := (s.first + i) % blocks
		lo, hi := b*scanRows, min((b+1)*scanRows, n)
		for r, x := range s.x {
			if x != nil {
				s.views[r] = x[lo*d : hi*d]
			}
		}
		s.tr.SetRows(s.views, s.y[lo:hi])
		if s.tr.Loss(); s.tr.Misclassified() > 0 {
			s.first = b
			return false
		}
	}
	return true
}
