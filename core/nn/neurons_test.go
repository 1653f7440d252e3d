package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
)

// TestNeuronSplitIsTheClassSplit checks that a pool with more workers than
// classes, which splits a step by neurons (a class's neurons in two or more
// parts), computes the loss, the training error, the gradient, the steps of
// gradient descent and Adam, a minibatch's step and the logits with the bits
// of a one-worker pool, on every kernel path; and that a trainer switched to
// another objective and back keeps them.
func TestNeuronSplitIsTheClassSplit(t *testing.T) {
	const k, m, d, n = 3, 5, 13, 40
	for _, path := range kernel.Paths() {
		kern, err := kernel.Select(path)
		require.NoError(t, err)
		for _, workers := range []int{4, 7, 16} {
			r := rand.New(rand.NewPCG(21, uint64(workers)))
			p := newProblem(r, 2, k, m, d, n, 0.4)
			one, many := kernel.NewPool(1).Use(kern), kernel.NewPool(workers).Use(kern)
			for _, adam := range []bool{false, true} {
				a := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
				b := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
				ta, tb := NewTrainer(a, one, p.x, p.y), NewTrainer(b, many, p.x, p.y)
				require.True(t, tb.neurons, "%d workers for %d classes split by neurons", workers, k)
				require.False(t, ta.neurons)
				if adam {
					ta.SetAdam(&Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
					tb.SetAdam(&Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
				}
				require.Equal(t, ta.LossGrad(), tb.LossGrad(), "path=%s workers=%d", path, workers)
				require.Equal(t, ta.Grad(0), tb.Grad(0))
				require.Equal(t, ta.Grad(1), tb.Grad(1))
				for step := range 5 {
					la, err := ta.Step(0.05)
					require.NoError(t, err)
					lb, err := tb.Step(0.05)
					require.NoError(t, err)
					require.Equalf(t, la, lb, "path=%s workers=%d adam=%v step %d", path, workers, adam, step)
					require.Equal(t, ta.Misclassified(), tb.Misclassified())
					require.Equal(t, a.W, b.W)
				}
				// A minibatch's rows, and all rows again.
				rows := [][]float64{p.x[0][7*d : 29*d], p.x[1][7*d : 29*d]}
				ta.SetRows(rows, p.y[7:29])
				tb.SetRows(rows, p.y[7:29])
				la, _ := ta.Step(0.05)
				lb, _ := tb.Step(0.05)
				require.Equal(t, la, lb)
				require.Equal(t, a.W, b.W)
				ta.SetRows(p.x, p.y)
				tb.SetRows(p.x, p.y)
				// Another objective splits by classes; the plain one by neurons again.
				tb.SetObjective(Objective{Branches: true})
				require.False(t, tb.neurons)
				ta.SetObjective(Objective{Branches: true})
				require.Equal(t, ta.LossGrad(), tb.LossGrad())
				require.Equal(t, ta.BranchScore(nil), tb.BranchScore(nil))
				tb.SetObjective(Objective{})
				ta.SetObjective(Objective{})
				require.True(t, tb.neurons)
				la, _ = ta.Step(0.05)
				lb, _ = tb.Step(0.05)
				require.Equal(t, la, lb)
				require.Equal(t, a.W, b.W)
				require.Equal(t, a.Logits(one, p.x, n), b.Logits(many, p.x, n))
			}
			one.Close()
			many.Close()
		}
	}
}

// TestNeuronSplitAllocatesNothing checks that a step split by neurons
// allocates nothing once the trainer has warmed up.
func TestNeuronSplitAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	pool := kernel.NewPool(5)
	defer pool.Close()
	p := newProblem(rand.New(rand.NewPCG(22, 22)), 2, 3, 4, 9, 30, 0.4)
	tr := NewTrainer(New(act.New(3, 0.5), 3, 4, 9, []int{0, 1}, p.w), pool, p.x, p.y)
	require.True(t, tr.neurons)
	tr.LossGrad()
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := tr.Step(0.01); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}
