package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
)

// objectiveLoss computes the objective from logits alone, by the definition:
// the fused logits sum the kept branches, and the loss is JointWeight·CE(F) +
// Σ_e BranchWeights[e]·CE(F_e) (CE(F) alone without weights).
func objectiveLoss(net *Net, p problem, o Objective) float64 {
	n := len(p.y)
	branch := make([][]float64, len(net.Mods))
	for e := range net.Mods {
		branch[e] = net.Probe(e).Logits(nil, p.x, n)
	}
	ce := func(row []float64, y int) float64 {
		mx := math.Inf(-1)
		for _, v := range row {
			mx = math.Max(mx, v)
		}
		s := 0.0
		for _, v := range row {
			s += exactmath.Exp(v - mx)
		}
		return mx + exactmath.Log(s) - row[y]
	}
	total := 0.0
	for i, y := range p.y {
		fused := make([]float64, net.K)
		for e := range net.Mods {
			if o.Mask == nil || o.Mask[e][i] != 0 {
				for j := range fused {
					fused[j] += branch[e][i*net.K+j]
				}
			}
		}
		l := ce(fused, y)
		if o.BranchWeights != nil {
			l *= o.JointWeight
			for e := range net.Mods {
				l += o.BranchWeights[e] * ce(branch[e][i*net.K:(i+1)*net.K], y)
			}
		}
		total += l
	}
	return total / float64(n)
}

// TestObjectiveGradients checks the loss and the analytic gradient of masked
// and branch-weighted objectives against their definition and central
// differences.
func TestObjectiveGradients(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	const R, k, m, d, n = 2, 3, 2, 5, 7
	r := rand.New(rand.NewPCG(11, 12))
	mask := [][]float64{make([]float64, n), make([]float64, n)}
	for i := range n {
		mask[0][i], mask[1][i] = 1, 1
		switch i % 3 {
		case 1:
			mask[0][i] = 0
		case 2:
			mask[1][i] = 0
		}
	}
	for _, tc := range []struct {
		name string
		o    Objective
	}{
		{"mask", Objective{Mask: mask}},
		{"branch weights", Objective{JointWeight: 0.5, BranchWeights: []float64{0.3, 0.2}}},
		{"branches kept", Objective{Branches: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProblem(r, R, k, m, d, n, 0.3)
			a := act.New(3, 0.5)
			net := New(a, k, m, d, []int{0, 1}, p.w)
			requirePiecesCovered(t, net, p, a)
			tr := NewTrainer(net, pool, p.x, p.y)
			tr.SetObjective(tc.o)
			loss := tr.LossGrad()
			require.InDelta(t, objectiveLoss(net, p, tc.o), loss, 1e-12)
			requireGradientMatchesFiniteDifferences(t, net, tr)
		})
	}
}

// TestKeepingBranchesChangesNoBit steps two copies of a net, one keeping its
// branches, and requires the same loss and weights to the bit; it also checks
// the branch scores and accuracies against their definition.
func TestKeepingBranchesChangesNoBit(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(4, 4))
	p := newProblem(r, 2, 5, 3, 37, 50, 0.4)
	a := act.New(3, 0.5)
	plain := New(a, 5, 3, 37, []int{0, 1}, p.w)
	kept := New(a, 5, 3, 37, []int{0, 1}, p.w)
	tp, tk := NewTrainer(plain, pool, p.x, p.y), NewTrainer(kept, pool, p.x, p.y)
	tk.SetObjective(Objective{Branches: true})
	for step := range 5 {
		lp, err := tp.Step(0.05)
		require.NoError(t, err)
		lk, err := tk.Step(0.05)
		require.NoError(t, err)
		require.Equal(t, math.Float64bits(lp), math.Float64bits(lk), "step %d", step)
	}
	require.Equal(t, plain.W, kept.W)

	tk.LossGrad()
	scores := tk.BranchScore(nil)
	acc := tk.BranchAccuracy(nil)
	for e := range kept.Mods {
		logits := kept.Probe(e).Logits(pool, p.x, len(p.y))
		s, hits := 0.0, 0
		for i, y := range p.y {
			row := logits[i*5 : (i+1)*5]
			mx, sum := math.Inf(-1), 0.0
			for _, v := range row {
				mx = math.Max(mx, v)
			}
			for _, v := range row {
				sum += exactmath.Exp(v - mx)
			}
			s += exactmath.Exp(row[y]-mx) / sum
			if argmax(row) == y {
				hits++
			}
		}
		require.InDelta(t, s, scores[e], 1e-9, fmt.Sprint("branch ", e))
		require.Equal(t, float64(hits)/float64(len(p.y)), acc[e])
	}
}

// TestApplyIsTheStep checks that LossGrad followed by Apply with unit scale
// and no noise is Step, bit for bit, and that scale and noise enter as
// W ← W − η(scale·∇W + noise).
func TestApplyIsTheStep(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(8, 8))
	p := newProblem(r, 2, 5, 3, 37, 50, 0.4)
	a := act.New(3, 0.5)
	one := New(a, 5, 3, 37, []int{0, 1}, p.w)
	two := New(a, 5, 3, 37, []int{0, 1}, p.w)
	t1, t2 := NewTrainer(one, pool, p.x, p.y), NewTrainer(two, pool, p.x, p.y)
	for range 3 {
		_, err := t1.Step(0.05)
		require.NoError(t, err)
		t2.LossGrad()
		t2.Apply(0.05, nil, nil)
	}
	require.Equal(t, one.W, two.W)

	w0 := append([]float64(nil), two.W[1]...)
	t2.LossGrad()
	g := append([]float64(nil), t2.Grad(1)...)
	noise := [][]float64{make([]float64, len(w0)), make([]float64, len(w0))}
	for i := range noise[1] {
		noise[1][i] = float64(i) * 1e-6
	}
	t2.Apply(0.05, []float64{1, 0.25}, noise)
	for i := range w0 {
		// float64(): each product rounds on its own, as the step's (no fused multiply-add).
		require.Equal(t, w0[i]-float64(0.05*(float64(0.25*g[i])+noise[1][i])), two.W[1][i])
	}
}

// TestObjectiveStepAllocatesNothing: the objective's step and Apply allocate
// nothing either.
func TestObjectiveStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(9, 9))
	p := newProblem(r, 2, 5, 3, 37, 50, 0.4)
	net := New(act.New(3, 0.5), 5, 3, 37, []int{0, 1}, p.w)
	tr := NewTrainer(net, pool, p.x, p.y)
	mask := [][]float64{make([]float64, 50), make([]float64, 50)}
	for i := range mask[0] {
		mask[0][i], mask[1][i] = 1, float64(i%2)
	}
	tr.SetObjective(Objective{Mask: mask, JointWeight: 0.6, BranchWeights: []float64{0.2, 0.2}, Branches: true})
	scores := make([]float64, 0, 2)
	scale := []float64{1, 0.5}
	tr.LossGrad()
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := tr.Step(1e-3); err != nil {
			t.Fatal(err)
		}
		tr.LossGrad()
		tr.Apply(1e-3, scale, nil)
		scores = tr.BranchScore(scores)
	})
	require.Zero(t, allocs)
}
