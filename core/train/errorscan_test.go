package train

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
)

// TestErrorScanAgreesWithTheFullPass labels a set with a fused net's own
// predictions (error free), then makes one sample wrong in each block in
// turn (first, middle, the short last one): the scan answers what a full
// pass's Misclassified() == 0 answers every time, and leaves the trainer
// bound to the whole set (its next pass gives a fresh trainer's bits).
func TestErrorScanAgreesWithTheFullPass(t *testing.T) {
	const k, m, d = 6, 3, 40
	for _, workers := range []int{1, 2, 8} {
		for _, n := range []int{scanRows - 5, 3*scanRows + 7} {
			t.Run(fmt.Sprintf("workers=%d/n=%d", workers, n), func(t *testing.T) {
				pool := kernel.NewPool(workers)
				defer pool.Close()
				src := rand.New(rand.NewPCG(uint64(n), uint64(workers)))
				w := [][]float64{make([]float64, k*m*d), make([]float64, k*m*d)}
				x := [][]float64{make([]float64, n*d), make([]float64, n*d)}
				for _, s := range append(w, x...) {
					for i := range s {
						s[i] = src.NormFloat64()
					}
				}
				net := nn.New(act.New(3, 0.5), k, m, d, []int{0, 1}, w)
				y := net.Predict(pool, x, n)
				tr := nn.NewTrainer(net, pool, x, y)
				scan := newErrorScan(tr, x, y, d)
				require.True(t, scan.errorFree(), "labels are the net's own predictions")
				for _, i := range []int{0, n / 2, n - 1} {
					right := y[i]
					y[i] = (right + 1) % k
					tr.Loss()
					require.NotZero(t, tr.Misclassified())
					require.False(t, scan.errorFree(), "sample %d wrong", i)
					require.Equal(t, i/scanRows, scan.first, "the block found wrong is tried first")
					require.False(t, scan.errorFree(), "sample %d wrong, its block first", i)
					fresh := nn.NewTrainer(net, pool, x, y)
					want := fresh.Loss()
					require.Equal(t, want, tr.Loss(), "the trainer is bound to the whole set again")
					require.Equal(t, fresh.Misclassified(), tr.Misclassified())
					y[i] = right
					require.True(t, scan.errorFree(), "sample %d right again", i)
				}
			})
		}
	}
}
