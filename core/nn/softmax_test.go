package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
)

// TestSoftmaxRowsAreTheScalarForms checks the block softmax (exponentials on
// the kernels) against logSumExp and softmaxDelta row by row, bit for bit, on
// every kernel path: logits on the training scale, far apart (exponentials
// that underflow to subnormals and zero), tied, and ±Inf.
func TestSoftmaxRowsAreTheScalarForms(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const n, k = 37, 10
	f := make([]float64, n*k)
	y := make([]int, n)
	for i := range n {
		y[i] = r.IntN(k)
		for j := range k {
			switch i % 4 {
			case 0:
				f[i*k+j] = r.NormFloat64() * 0.1
			case 1:
				f[i*k+j] = r.NormFloat64() * 400 // differences past −707 and −745
			case 2:
				f[i*k+j] = 0.25 // all tied
			default:
				f[i*k+j] = r.NormFloat64() * math.Exp2(float64(r.IntN(20)))
			}
		}
	}
	f[3*k+2] = math.Inf(-1)
	wantLSE, wantDelta := make([]float64, n), append([]float64(nil), f...)
	for i := range n {
		wantLSE[i] = logSumExp(f[i*k : (i+1)*k])
		softmaxDelta(wantDelta[i*k:(i+1)*k], y[i], wantLSE[i], 1/float64(n))
	}
	for _, path := range kernel.Paths() {
		kern, err := kernel.Select(path)
		require.NoError(t, err)
		pool := kernel.NewPool(1).Use(kern)
		net := New(act.New(3, 0.1), k, 1, 1, []int{0}, [][]float64{make([]float64, k)})
		tr := NewTrainer(net, pool, [][]float64{make([]float64, n)}, y)
		got := append([]float64(nil), f...)
		for _, block := range [][2]int{{0, 5}, {5, 6}, {6, n}} { // uneven blocks, as workers cut them
			tr.logSumExpRows(got, block[0], block[1])
			tr.softmaxDeltaRows(got, y, block[0], block[1], 1/float64(n))
		}
		pool.Close()
		for i := range n {
			require.Equalf(t, math.Float64bits(wantLSE[i]), math.Float64bits(tr.soft.lse[i]), "path=%s row %d: log-sum-exp", path, i)
		}
		for i := range got {
			require.Equalf(t, math.Float64bits(wantDelta[i]), math.Float64bits(got[i]), "path=%s element %d: Δ", path, i)
		}
	}
}

// softmaxDelta overwrites the logits row with (softmax(row) − onehot(y))·invN,
// given the row's logSumExp: the scalar form softmaxDeltaRows is held to.
func softmaxDelta(row []float64, y int, lse, invN float64) {
	for j, v := range row {
		p := exactmath.Exp(v - lse)
		if j == y {
			p--
		}
		row[j] = p * invN
	}
}
