package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/internal/testutil"
)

// randomHead returns head blocks for mods encoders with N(0, scale²) entries.
func randomHead(r *rand.Rand, encoders, k, m int, scale float64) [][]float64 {
	h := make([][]float64, encoders)
	for e := range h {
		h[e] = make([]float64, k*k*m)
		for i := range h[e] {
			h[e][i] = scale * r.NormFloat64()
		}
	}
	return h
}

// requireHeadGradientMatchesFiniteDifferences checks ∇H against central
// differences of the loss.
func requireHeadGradientMatchesFiniteDifferences(t *testing.T, net *Net, tr *Trainer) {
	t.Helper()
	requireMatchesFiniteDifferences(t, tr, "head block", net.Head, tr.HeadGrad)
}

// TestLearnedHeadGradientsMatchFiniteDifferences checks ∇W and ∇H of a net
// with a learned head, at a random head and at the all-ones one, for joint
// and uni-modal nets, with pre-activations on every piece of σ.
func TestLearnedHeadGradientsMatchFiniteDifferences(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	const R, k, m, d, n = 2, 3, 2, 5, 7
	for _, init := range []string{"ones", "random"} {
		for _, mods := range [][]int{{0, 1}, {1}} {
			t.Run(fmt.Sprintf("%s/mods=%v", init, mods), func(t *testing.T) {
				r := rand.New(rand.NewPCG(11, uint64(len(mods))))
				p := newProblem(r, R, k, m, d, n, 0.3)
				var w [][]float64
				for _, e := range mods {
					w = append(w, p.w[e])
				}
				a := act.New(3, 0.5)
				net := New(a, k, m, d, mods, w)
				requirePiecesCovered(t, net, p, a)
				head := randomHead(r, len(mods), k, m, 0.7)
				if init == "ones" {
					for e := range head {
						head[e] = OnesHead(k, m)
					}
				}
				net.SetHead(head)
				tr := NewTrainer(net, pool, p.x, p.y)
				requireGradientMatchesFiniteDifferences(t, net, tr)
				requireHeadGradientMatchesFiniteDifferences(t, net, tr)
			})
		}
	}
}

// TestOnesHeadIsTheFixedHead checks that a learned head at the all-ones
// pattern gives the fixed head's loss and encoder gradient. The sums are
// associated differently (per encoder block, then across encoders), so they
// agree to rounding, not bit for bit.
func TestOnesHeadIsTheFixedHead(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(4, 4))
	p := newProblem(r, 2, 4, 3, 9, 11, 0.4)
	fixed := New(act.New(3, 0.5), 4, 3, 9, []int{0, 1}, p.w)
	learned := New(act.New(3, 0.5), 4, 3, 9, []int{0, 1}, p.w)
	learned.SetHead([][]float64{OnesHead(4, 3), OnesHead(4, 3)})
	tf, tl := NewTrainer(fixed, pool, p.x, p.y), NewTrainer(learned, pool, p.x, p.y)
	require.InDelta(t, tf.LossGrad(), tl.LossGrad(), 1e-14)
	for e := range 2 {
		require.InDeltaSlice(t, tf.Grad(e), tl.Grad(e), 1e-14)
	}
	lf, ll := fixed.Logits(pool, p.x, 11), learned.Logits(pool, p.x, 11)
	require.InDeltaSlice(t, lf, ll, 1e-13)
	require.Equal(t, []float64{0.5, 0.5}, learned.HeadMass())
	require.Nil(t, fixed.HeadMass())
}

// TestReLUGradientMatchesFiniteDifferences checks the gradient of nets with
// the plain ReLU. Its subgradient at the kink is σ'(0) = 0; random inputs
// never put a pre-activation within the difference step of 0 (checked), so
// the central differences see one piece at a time.
func TestReLUGradientMatchesFiniteDifferences(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	const R, k, m, d, n = 2, 3, 2, 5, 7
	for _, head := range []bool{false, true} {
		t.Run(fmt.Sprintf("head=%v", head), func(t *testing.T) {
			r := rand.New(rand.NewPCG(21, 3))
			p := newProblem(r, R, k, m, d, n, 0.5)
			net := New(act.ReLU(), k, m, d, []int{0, 1}, p.w)
			var pos, neg bool
			for e := range net.Mods {
				z := make([]float64, n*k*m)
				kernel.RefXWt(z, p.x[e], net.W[e], n, d, k*m)
				for _, u := range z {
					require.Greater(t, math.Abs(u), 1e-4, "a pre-activation within the difference step of the kink")
					pos, neg = pos || u > 0, neg || u < 0
				}
			}
			require.True(t, pos && neg, "both pieces must be covered")
			if head {
				net.SetHead(randomHead(r, 2, k, m, 0.7))
			}
			tr := NewTrainer(net, pool, p.x, p.y)
			requireGradientMatchesFiniteDifferences(t, net, tr)
			if head {
				requireHeadGradientMatchesFiniteDifferences(t, net, tr)
			}
		})
	}
	v, s := act.ReLU().ValueSlope(0)
	require.Equal(t, [2]float64{0, 0}, [2]float64{v, s}, "the subgradient at the kink is 0")
	v, s = act.ReLU().ValueSlope(math.NaN())
	require.True(t, math.IsNaN(v) && s == 1, "NaN passes through, so a diverged weight shows in the loss")
}

// TestAdamIsItsDefinition runs Adam steps of a net with a learned head and
// replays them from the gradients LossGrad reports, with the update written
// out as in the Adam documentation: the same bits.
func TestAdamIsItsDefinition(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(8, 8))
	p := newProblem(r, 2, 3, 2, 5, 9, 0.4)
	head := randomHead(r, 2, 3, 2, 0.5)
	net := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	net.SetHead(head)
	ref := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	ref.SetHead(head)
	a := Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	tr, rt := NewTrainer(net, pool, p.x, p.y), NewTrainer(ref, pool, p.x, p.y)
	tr.SetAdam(&a)
	tr.SetHeadRate(0.5)
	const eta = 0.01
	params := func(n *Net) [][]float64 { return append(append([][]float64{}, n.W...), n.Head...) }
	m1, m2 := make([][]float64, 4), make([][]float64, 4)
	for i, w := range params(ref) {
		m1[i], m2[i] = make([]float64, len(w)), make([]float64, len(w))
	}
	// Adam's first update is −η·g/(|g| + ε') per weight: −η times the sign of
	// the loss's derivative, which central differences give independently.
	before := append([]float64(nil), net.W[0]...)
	fd := make([]float64, len(before))
	for i := range before {
		const h = 1e-6
		net.W[0][i] = before[i] + h
		lp := tr.LossGrad()
		net.W[0][i] = before[i] - h
		lm := tr.LossGrad()
		net.W[0][i] = before[i]
		fd[i] = (lp - lm) / (2 * h)
	}
	probe := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	probe.SetHead(head)
	pt := NewTrainer(probe, pool, p.x, p.y)
	pt.SetAdam(&a)
	_, err := pt.Step(0.01)
	require.NoError(t, err)
	for i, d := range fd {
		if math.Abs(d) < 1e-3 { // ε/|g| below 1e-5: the step is η to 1e-7
			continue
		}
		require.InDeltaf(t, -0.01*math.Copysign(1, d), probe.W[0][i]-before[i], 1e-6, "weight %d: derivative %v", i, d)
	}
	first := rt.LossGrad()
	for step := 1; step <= 5; step++ {
		want := rt.LossGrad()
		grads := [][]float64{rt.Grad(0), rt.Grad(1), rt.HeadGrad(0), rt.HeadGrad(1)}
		for i, w := range params(ref) {
			lr := eta
			if i >= 2 {
				lr = eta * 0.5
			}
			for c, g := range grads[i] {
				m1[i][c] = float64(a.Beta1*m1[i][c]) + float64((1-a.Beta1)*g)
				m2[i][c] = float64(a.Beta2*m2[i][c]) + float64(float64((1-a.Beta2)*g)*g)
				mh := m1[i][c] * (1 / (1 - math.Pow(a.Beta1, float64(step))))
				vh := m2[i][c] * (1 / (1 - math.Pow(a.Beta2, float64(step))))
				w[c] -= float64(lr * (mh / (math.Sqrt(vh) + a.Eps))) // float64(): no fused multiply-add
			}
		}
		got, err := tr.Step(eta)
		require.NoError(t, err)
		require.Equal(t, want, got)
		require.Equal(t, params(ref), params(net), "step %d", step)
	}
	require.Less(t, tr.LossGrad(), first, "five Adam steps lower the loss")
}

// TestSetRowsIsTheMinibatchStep checks that a trainer bound to a row range
// computes the loss, gradient and step of a trainer built on those rows
// alone, bit for bit, and that SetRows with every row restores the full step.
func TestSetRowsIsTheMinibatchStep(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(6, 6))
	const k, m, d, n, lo, hi = 4, 2, 7, 20, 5, 13
	p := newProblem(r, 2, k, m, d, n, 0.4)
	for _, head := range []bool{false, true} {
		full := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
		sub := New(act.New(3, 0.5), k, m, d, []int{0, 1}, p.w)
		if head {
			h := randomHead(r, 2, k, m, 0.5)
			full.SetHead(h)
			sub.SetHead(h)
		}
		rows := [][]float64{p.x[0][lo*d : hi*d], p.x[1][lo*d : hi*d]}
		tf := NewTrainer(full, pool, p.x, p.y)
		tf.SetObjective(Objective{Branches: true})
		ts := NewTrainer(sub, pool, rows, p.y[lo:hi])
		ts.SetObjective(Objective{Branches: true})
		tf.SetRows(rows, p.y[lo:hi])
		l1, err := tf.Step(0.1)
		require.NoError(t, err)
		l2, err := ts.Step(0.1)
		require.NoError(t, err)
		require.Equal(t, l2, l1)
		require.Equal(t, sub.W, full.W)
		require.Equal(t, sub.Head, full.Head)
		require.Equal(t, ts.BranchAccuracy(nil), tf.BranchAccuracy(nil))
		tf.SetRows(p.x, p.y)
		whole := New(act.New(3, 0.5), k, m, d, []int{0, 1}, full.W)
		if head {
			whole.SetHead(full.Head)
		}
		require.Equal(t, NewTrainer(whole, pool, p.x, p.y).LossGrad(), tf.LossGrad())
	}
}

// TestStandardStepsAllocateNothing checks that the steps of every
// standard-training variant allocate nothing on any kernel path: a learned
// head, Adam, the plain ReLU and a minibatch step.
func TestStandardStepsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	pool := kernel.NewPool(2)
	defer pool.Close()
	variants := []struct {
		name  string
		setup func(*Net, *Trainer, problem)
	}{
		{"head", func(n *Net, _ *Trainer, _ problem) {}},
		{"adam", func(_ *Net, t *Trainer, _ problem) { t.SetAdam(&Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}) }},
		{"relu", func(n *Net, _ *Trainer, _ problem) {}},
		{"batch", func(_ *Net, t *Trainer, p problem) { t.SetRows([][]float64{p.x[0][:10*37], p.x[1][:10*37]}, p.y[:10]) }},
	}
	for _, path := range kernel.Paths() {
		k, err := kernel.Select(path)
		require.NoError(t, err)
		pool.Use(k)
		for _, v := range variants {
			r := rand.New(rand.NewPCG(9, 9))
			p := newProblem(r, 2, 5, 3, 37, 50, 0.4)
			a := act.New(3, 0.5)
			if v.name == "relu" {
				a = act.ReLU()
			}
			net := New(a, 5, 3, 37, []int{0, 1}, p.w)
			if v.name == "head" || v.name == "adam" {
				net.SetHead(randomHead(r, 2, 5, 3, 0.5))
			}
			tr := NewTrainer(net, pool, p.x, p.y)
			v.setup(net, tr, p)
			tr.LossGrad()
			allocs := testing.AllocsPerRun(20, func() {
				if _, err := tr.Step(1e-3); err != nil {
					t.Fatal(err)
				}
			})
			require.Zerof(t, allocs, "path %s, %s: allocations per step", path, v.name)
		}
	}
}

// TestAdamApplyIsTheAdamStep: with Adam, LossGrad then Apply with unit
// scales and no noise is the Adam step, bit for bit.
func TestAdamApplyIsTheAdamStep(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(12, 12))
	p := newProblem(r, 2, 3, 2, 5, 9, 0.4)
	a := Adam{Beta1: 0.8, Beta2: 0.99, Eps: 1e-6}
	stepped := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	applied := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	ts, ta := NewTrainer(stepped, pool, p.x, p.y), NewTrainer(applied, pool, p.x, p.y)
	ts.SetAdam(&a)
	ta.SetAdam(&a)
	for range 3 {
		_, err := ts.Step(0.01)
		require.NoError(t, err)
		ta.LossGrad()
		ta.Apply(0.01, []float64{1, 1}, nil)
	}
	require.Equal(t, stepped.W, applied.W)
}

// TestStepAfterLossIsStep: Loss then StepAfterLoss takes the step Step takes,
// bit for bit, for gradient descent and Adam, with the fixed and a learned
// head, over several steps.
func TestStepAfterLossIsStep(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	for _, v := range []struct {
		name       string
		head, adam bool
	}{{"gd", false, false}, {"adam", false, true}, {"head", true, false}, {"adam-head", true, true}} {
		var nets [2]*Net
		var trs [2]*Trainer
		for i := range nets {
			r := rand.New(rand.NewPCG(5, 5))
			p := newProblem(r, 2, 4, 3, 29, 40, 0.4)
			nets[i] = New(act.New(3, 0.5), 4, 3, 29, []int{0, 1}, p.w)
			if v.head {
				nets[i].SetHead(randomHead(r, 2, 4, 3, 0.5))
			}
			trs[i] = NewTrainer(nets[i], pool, p.x, p.y)
			if v.adam {
				trs[i].SetAdam(&Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
			}
		}
		for step := range 4 {
			want, err := trs[0].Step(1e-2)
			require.NoError(t, err)
			loss := trs[1].Loss()
			got, err := trs[1].StepAfterLoss(1e-2)
			require.NoError(t, err)
			require.Equal(t, math.Float64bits(loss), math.Float64bits(got), "%s step %d", v.name, step)
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), "%s step %d: loss", v.name, step)
			require.Equal(t, trs[0].Misclassified(), trs[1].Misclassified())
			for e := range nets[0].W {
				testutil.RequireSameBits(t, nets[0].W[e], nets[1].W[e], "%s step %d: W_%d", v.name, step, e)
			}
			for e := range nets[0].Head {
				testutil.RequireSameBits(t, nets[0].Head[e], nets[1].Head[e], "%s step %d: H_%d", v.name, step, e)
			}
		}
	}
}
