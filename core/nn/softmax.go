package nn

import "github.com/modcomp/modcomp/core/exactmath"

// The softmax of a block of samples' logits, with its exponentials on the
// kernels (kernel.Exp, math.Exp's bits) a block at a time instead of one call
// per logit. Each row's numbers are those of the scalar logSumExp (and of
// softmaxDelta, the test's scalar Δ): the same differences, exponentials, sums
// in the order of j, and logarithm.

// softmaxScratch holds a trainer's buffers for the softmax of its bound rows:
// the arguments and values of the exponentials (n×k each) and each row's
// log-sum-exp. Workers use disjoint rows.
type softmaxScratch struct {
	arg, val, lse []float64
}

func newSoftmaxScratch(n, k int) softmaxScratch {
	return softmaxScratch{arg: make([]float64, n*k), val: make([]float64, n*k), lse: make([]float64, n)}
}

// logSumExpRows sets t.soft.lse[i] = log Σ_j exp(f_ij), shifted by the row's
// maximum, for the rows [lo, hi) of the n×k row-major logits f: logSumExp's
// bits, row by row.
func (t *Trainer) logSumExpRows(f []float64, lo, hi int) {
	k, s := t.net.K, &t.soft
	for i := lo; i < hi; i++ {
		mx := rowMax(f[i*k : (i+1)*k])
		for j, v := range f[i*k : (i+1)*k] {
			s.arg[i*k+j] = v - mx
		}
		s.lse[i] = mx // the shift, until the sum is known
	}
	t.kern.Exp(s.val[lo*k:hi*k], s.arg[lo*k:hi*k])
	for i := lo; i < hi; i++ {
		sum := 0.0
		for _, e := range s.val[i*k : (i+1)*k] {
			sum += e
		}
		s.lse[i] += exactmath.Log(sum)
	}
}

// softmaxDeltaRows overwrites the rows [lo, hi) of the logits f with
// (softmax(f_i) − onehot(y_i))·invN, given their log-sum-exp from
// logSumExpRows: softmaxDelta's bits, row by row.
func (t *Trainer) softmaxDeltaRows(f []float64, y []int, lo, hi int, invN float64) {
	k, s := t.net.K, &t.soft
	for i := lo; i < hi; i++ {
		lse := s.lse[i]
		for j, v := range f[i*k : (i+1)*k] {
			s.arg[i*k+j] = v - lse
		}
	}
	t.kern.Exp(s.val[lo*k:hi*k], s.arg[lo*k:hi*k])
	for i := lo; i < hi; i++ {
		row := f[i*k : (i+1)*k]
		for j, p := range s.val[i*k : (i+1)*k] {
			if j == y[i] {
				p--
			}
			row[j] = p * invN
		}
	}
}

// rowMax returns the largest element of row, as logSumExp shifts by it.
func rowMax(row []float64) float64 {
	mx := row[0]
	for _, v := range row {
		mx = max(mx, v)
	}
	return mx
}

// logSumExp returns log Σ_j exp(row_j), shifted by the row's maximum.
func logSumExp(row []float64) float64 {
	mx := rowMax(row)
	sum := 0.0
	for _, v := range row {
		sum += exactmath.Exp(v - mx)
	}
	return mx + exactmath.Log(sum)
}
