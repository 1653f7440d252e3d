package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
)

// TestRowPanelsChangeNoBit trains nets whose parts are narrow enough to read
// row panels on the avx512asm path (15 neurons on one worker; 2 or 3 a part on
// seven) through full-batch steps, a minibatch and the full set again, and
// checks every loss and weight against the generic path, which reads none.
func TestRowPanelsChangeNoBit(t *testing.T) {
	kern, err := kernel.Select("avx512asm")
	if err != nil {
		t.Skip("no avx512asm path on this CPU")
	}
	generic, err := kernel.Select("generic")
	require.NoError(t, err)
	const k, m, d, n = 3, 5, 13, 70
	for _, workers := range []int{1, 7} {
		r := rand.New(rand.NewPCG(5, uint64(workers)))
		p := newProblem(r, 2, k, m, d, n, 0.4)
		fast, plain := kernel.NewPool(workers).Use(kern), kernel.NewPool(1).Use(generic)
		a := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
		b := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
		ta, tb := NewTrainer(a, fast, p.x, p.y), NewTrainer(b, plain, p.x, p.y)
		step := func(what string) {
			t.Helper()
			la, err := ta.Step(0.05)
			require.NoError(t, err)
			lb, err := tb.Step(0.05)
			require.NoError(t, err)
			require.Equal(t, lb, la, "%d workers: %s", workers, what)
			require.Equal(t, b.W, a.W, "%d workers: %s", workers, what)
		}
		for range 3 {
			step("full batch")
		}
		require.NotNil(t, ta.xp, "%d workers: the trainer reads row panels", workers)
		rows := [][]float64{p.x[0][9*d : 41*d], p.x[1][9*d : 41*d]}
		ta.SetRows(rows, p.y[9:41])
		tb.SetRows(rows, p.y[9:41])
		step("minibatch")
		ta.SetRows(p.x, p.y)
		tb.SetRows(p.x, p.y)
		step("full batch after a minibatch")
		require.Equal(t, b.Logits(plain, p.x, n), a.Logits(fast, p.x, n))
		fast.Close()
		plain.Close()
	}
}
