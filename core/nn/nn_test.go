package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
)

type problem struct {
	x [][]float64
	y []int
	w [][]float64
}

func newProblem(r *rand.Rand, R, k, m, d, n int, wScale float64) problem {
	p := problem{y: make([]int, n)}
	for range R {
		x := make([]float64, n*d)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		w := make([]float64, k*m*d)
		for i := range w {
			w[i] = wScale * r.NormFloat64()
		}
		p.x, p.w = append(p.x, x), append(p.w, w)
	}
	for i := range p.y {
		p.y[i] = r.IntN(k)
	}
	return p
}

// TestGradientMatchesFiniteDifferences checks the analytic gradient of the mean
// cross-entropy against central differences, for joint and uni-modal nets, with
// pre-activations on every piece of the smoothed ReLU.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	const R, k, m, d, n = 2, 3, 2, 5, 7
	for _, q := range []int{3, 4, 5} {
		for _, rho := range []float64{0.2, 0.5, 1.5} {
			for _, mods := range [][]int{{0, 1}, {0}, {1}} {
				name := fmt.Sprintf("q=%d/rho=%v/mods=%v", q, rho, mods)
				t.Run(name, func(t *testing.T) {
					r := rand.New(rand.NewPCG(uint64(q), uint64(rho*10)))
					p := newProblem(r, R, k, m, d, n, 0.6*rho)
					var w [][]float64
					for _, e := range mods {
						w = append(w, p.w[e])
					}
					a := act.New(q, rho)
					net := New(a, k, m, d, mods, w)
					requirePiecesCovered(t, net, p, a)
					tr := NewTrainer(net, pool, p.x, p.y)
					tr.LossGrad()
					requireGradientMatchesFiniteDifferences(t, net, tr)
				})
			}
		}
	}
}

// requireGradientMatchesFiniteDifferences checks the trainer's encoder
// gradient at the current weights against central differences of its loss.
func requireGradientMatchesFiniteDifferences(t *testing.T, net *Net, tr *Trainer) {
	t.Helper()
	requireMatchesFiniteDifferences(t, tr, "encoder", net.W, tr.Grad)
}

// requireMatchesFiniteDifferences checks grad(e) against central differences
// of the trainer's loss in every entry of params[e].
func requireMatchesFiniteDifferences(t *testing.T, tr *Trainer, what string, params [][]float64, grad func(int) []float64) {
	t.Helper()
	tr.LossGrad()
	for e := range params {
		g := append([]float64(nil), grad(e)...)
		for i := range params[e] {
			const h = 1e-6
			orig := params[e][i]
			params[e][i] = orig + h
			lp := tr.LossGrad()
			params[e][i] = orig - h
			lm := tr.LossGrad()
			params[e][i] = orig
			fd := (lp - lm) / (2 * h)
			require.InDeltaf(t, fd, g[i], 1e-7+1e-5*math.Abs(fd),
				"%s %d entry %d: analytic %v, finite difference %v", what, e, i, g[i], fd)
		}
	}
}

// requirePiecesCovered makes sure the test points reach u ≤ 0, 0 < u ≤ ϱ and u > ϱ.
func requirePiecesCovered(t *testing.T, net *Net, p problem, a act.Func) {
	t.Helper()
	var neg, mid, lin bool
	for e, r := range net.Mods {
		z := make([]float64, len(p.y)*net.K*net.M)
		kernel.RefXWt(z, p.x[r], net.W[e], len(p.y), net.D, net.K*net.M)
		for _, u := range z {
			neg = neg || u <= 0
			mid = mid || (u > 0 && u <= a.Rho)
			lin = lin || u > a.Rho
		}
	}
	require.True(t, neg && mid && lin, "test points must fall on all three pieces (≤0 %v, (0,ϱ] %v, >ϱ %v)", neg, mid, lin)
}

func TestStepMovesAgainstGradientAndLowersLoss(t *testing.T) {
	pool := kernel.NewPool(1)
	defer pool.Close()
	r := rand.New(rand.NewPCG(7, 7))
	p := newProblem(r, 2, 3, 2, 5, 9, 0.4)
	net := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	tr := NewTrainer(net, pool, p.x, p.y)
	before := tr.LossGrad()
	w0 := append([]float64(nil), net.W[0]...)
	g0 := append([]float64(nil), tr.Grad(0)...)
	loss, err := tr.Step(0.01)
	require.NoError(t, err)
	require.Equal(t, before, loss, "Step returns the loss before the update")
	for i := range w0 {
		require.Equal(t, w0[i]-0.01*g0[i], net.W[0][i])
	}
	require.Less(t, tr.LossGrad(), before)
}

// stepAllocs returns the allocations per step of a trainer, on pool's current
// kernel path, of a net of k classes of m neurons on a fresh problem (the
// random stream's second seed is seed), calling before, when not nil, ahead
// of each step.
func stepAllocs(t *testing.T, pool *kernel.Pool, seed uint64, k, m int, before func()) float64 {
	r := rand.New(rand.NewPCG(9, seed))
	p := newProblem(r, 2, k, m, 37, 50, 0.4)
	net := New(act.New(3, 0.5), k, m, 37, []int{0, 1}, p.w)
	tr := NewTrainer(net, pool, p.x, p.y)
	tr.LossGrad()
	return testing.AllocsPerRun(20, func() {
		if before != nil {
			before()
		}
		if _, err := tr.Step(1e-3); err != nil {
			t.Fatal(err)
		}
	})
}

// TestStepAllocatesNothing checks, on every kernel path, that a training step
// on a pool of two workers allocates nothing once the trainer has warmed up;
// and also when two garbage collections, which empty the kernels' shared
// pools, come before each step: a trainer packs wᵀ into its workers' own
// buffers. (That case keeps to products that need no other scratch: parts of
// 16 columns, whole panels on every path, and x small enough that the
// backward pass reads it in place.)
func TestStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	pool := kernel.NewPool(2)
	defer pool.Close()
	for _, c := range []struct {
		name   string
		seed   uint64
		k, m   int
		before func()
	}{
		{"warm", 9, 5, 3, nil}, // partial panels, strips and tiles
		{"after collections", 10, 4, 8, func() { runtime.GC(); runtime.GC() }}, // 16 neurons a worker
	} {
		for _, path := range kernel.Paths() {
			k, err := kernel.Select(path)
			require.NoError(t, err)
			pool.Use(k)
			allocs := stepAllocs(t, pool, c.seed, c.k, c.m, c.before)
			require.Zerof(t, allocs, "%s, path %s: allocations per step", c.name, path)
		}
	}
}

func TestStepReportsDivergence(t *testing.T) {
	pool := kernel.NewPool(1)
	defer pool.Close()
	r := rand.New(rand.NewPCG(3, 3))
	p := newProblem(r, 2, 3, 2, 5, 9, 0.4)
	p.w[0][0] = math.Inf(1)
	net := New(act.New(3, 0.5), 3, 2, 5, []int{0, 1}, p.w)
	tr := NewTrainer(net, pool, p.x, p.y)
	_, err := tr.Step(0.1)
	var de *DivergenceError
	require.ErrorAs(t, err, &de)
}

func TestProbeSharesEncoder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	p := newProblem(r, 2, 3, 2, 4, 6, 0.5)
	net := New(act.New(3, 0.5), 3, 2, 4, []int{0, 1}, p.w)
	probe := net.Probe(1)
	uni := New(act.New(3, 0.5), 3, 2, 4, []int{1}, [][]float64{p.w[1]})
	require.Equal(t, uni.Logits(nil, p.x, 6), probe.Logits(nil, p.x, 6))
	net.W[1][0] += 1
	require.Equal(t, net.W[1][0], probe.W[0][0], "a probe aliases the joint net's encoder")
}

// TestMisclassifiedMatchesPredict: after a Step, Misclassified counts the
// samples Net.Predict gets wrong at the weights before the step, with and
// without a learned head, on the whole set and on a minibatch's rows.
func TestMisclassifiedMatchesPredict(t *testing.T) {
	pool := kernel.NewPool(2)
	defer pool.Close()
	r := rand.New(rand.NewPCG(3, 9))
	for _, head := range []bool{false, true} {
		p := newProblem(r, 2, 4, 2, 6, 40, 0.5)
		net := New(act.New(3, 0.5), 4, 2, 6, []int{0, 1}, p.w)
		if head {
			net.SetHead([][]float64{OnesHead(4, 2), OnesHead(4, 2)})
		}
		tr := NewTrainer(net, pool, p.x, p.y)
		wrongAt := func(x [][]float64, y []int) int {
			wrong := 0
			for i, c := range net.Predict(pool, x, len(y)) {
				if c != y[i] {
					wrong++
				}
			}
			return wrong
		}
		seen := map[int]bool{}
		for range 30 {
			want := wrongAt(p.x, p.y)
			_, err := tr.Step(0.5)
			require.NoError(t, err)
			require.Equal(t, want, tr.Misclassified(), "head %v", head)
			seen[want] = true
		}
		require.Greater(t, len(seen), 1, "the error changed during training")
		rows := [][]float64{p.x[0][:10*6], p.x[1][:10*6]}
		tr.SetRows(rows, p.y[:10])
		want := wrongAt(rows, p.y[:10])
		tr.Loss()
		require.Equal(t, want, tr.Misclassified(), "a minibatch's rows")
	}
}
