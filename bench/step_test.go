package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/core/train"
)

// BenchmarkJointStep measures one full-batch gradient-descent step of the joint
// network (two modalities, N = 500, d = 500, k = 10, m = 10), on every kernel
// path available in this build. It must report 0 allocs/op.
func BenchmarkJointStep(b *testing.B) {
	c := param.Default()
	set, w0 := trainingSet(b, c)
	for _, path := range kernel.Paths() {
		b.Run("path="+path, func(b *testing.B) {
			kern, err := kernel.Select(path)
			if err != nil {
				b.Fatal(err)
			}
			pool := kernel.NewPool(runtime.GOMAXPROCS(0)).Use(kern)
			defer pool.Close()
			benchJointSteps(b, c, set, w0, pool)
		})
	}
}

// BenchmarkStepScaling measures one full-batch gradient-descent step of the
// joint net on pools of 1, 2, 4, … workers up to GOMAXPROCS, at the size of
// BenchmarkJointStep (k = 10, m = 10) and at a larger case (N = 4000,
// d = 512, k = 20, m = 16). When the workers outnumber the classes the step
// splits by neurons instead of classes (nn's neuron split), so every worker
// holds rows of W. Compare each workers=W line with workers=1's on a machine
// with at least W cores.
func BenchmarkStepScaling(b *testing.B) {
	large := param.Default()
	large.N, large.D, large.K, large.M = 4000, 512, 20, 16
	for _, c := range []struct {
		name string
		c    param.Case
	}{{"default", param.Default()}, {"large", large}} {
		set, w0 := trainingSet(b, c.c)
		for workers := 1; workers <= runtime.GOMAXPROCS(0); workers *= 2 {
			b.Run(fmt.Sprintf("case=%s/workers=%d", c.name, workers), func(b *testing.B) {
				pool := kernel.NewPool(workers)
				defer pool.Close()
				benchJointSteps(b, c.c, set, w0, pool)
			})
		}
	}
}

// BenchmarkShare times, on the calling goroutine alone, one encoder's two
// products (the forward one through XWtRowsPanels, which reads x's row panels
// for the narrow shares, as a trainer's does) for one worker's share of the
// neurons: all of them, the class
// split's share at 16 workers and the neuron split's. Each share's time against
// the whole's is the model of BenchmarkStepScaling at 16 workers on a machine
// whose cores each run as fast as this one's (run it with -cpu 1).
func BenchmarkShare(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range []struct {
		name    string
		n, d, c int
	}{
		{"default/all", 500, 500, 100}, {"default/class-split-16", 500, 500, 10}, {"default/neuron-split-16", 500, 500, 7},
		{"large/all", 4000, 512, 320}, {"large/class-split-16", 4000, 512, 32}, {"large/neuron-split-16", 4000, 512, 20},
	} {
		x, w, g := randomSlice(r, s.n*s.d), randomSlice(r, s.c*s.d), randomSlice(r, s.n*s.c)
		z, dw := make([]float64, s.n*s.c), make([]float64, s.c*s.d)
		var k kernel.Kernels
		// x's row panels, packed once as a trainer does.
		xp := k.PackRows(make([]float64, kernel.RowPanelsLen(s.n, s.d)), x, s.n, s.d)
		var buf kernel.PanelBuffer // wᵀ's panels, as a trainer's worker keeps its own
		b.Run(fmt.Sprintf("%s/neurons=%d", s.name, s.c), func(b *testing.B) {
			for b.Loop() {
				k.XWtRowsPanels(z, x, xp, w, &buf, s.d, s.c, 0, s.n)
				kernel.GtXRows(dw, g, x, s.n, s.c, s.d, 0, s.c)
			}
			reportGFLOPs(b, 4*float64(s.n*s.d*s.c))
		})
	}
}

// trainingSet returns seed 1's training set of case c and its W(0).
func trainingSet(b *testing.B, c param.Case) (*data.Set, [][]float64) {
	b.Helper()
	dist, err := data.New(context.Background(), c, 1)
	if err != nil {
		b.Fatal(err)
	}
	set, err := dist.Sample(context.Background(), c.N, 1, rng.Train)
	if err != nil {
		b.Fatal(err)
	}
	return set, train.InitialWeights(c, 1)
}

// reportGFLOPs reports the rate of a benchmark that does flops floating-point
// operations per iteration.
func reportGFLOPs(b *testing.B, flops float64) {
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchJointSteps times full-batch gradient-descent steps of case c's joint
// net (modalities 0 and 1, from W(0) = w0) on set and pool, reporting
// allocations and GFLOP/s (Z = X Wᵀ and ∇W = Gᵀ X per modality).
func benchJointSteps(b *testing.B, c param.Case, set *data.Set, w0 [][]float64, pool *kernel.Pool) {
	net := nn.New(act.New(c.Q, c.Rho), c.K, c.M, c.D, []int{0, 1}, w0)
	tr := nn.NewTrainer(net, pool, set.X, set.Y)
	tr.LossGrad() // warm the panel buffers
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Step(c.Eta); err != nil {
			b.Fatal(err)
		}
	}
	reportGFLOPs(b, train.StepFlops(c, c.R))
}

// shapes are the kernel benchmark shapes: n samples, d inputs, c = k·m outputs.
var shapes = []struct{ n, d, c int }{
	{500, 500, 100},
	{1000, 128, 80},
	{4000, 512, 320},
}

func randomSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64()
	}
	return s
}

// BenchmarkKernels measures XWt (forward) and GtX (backward) per shape and path.
func BenchmarkKernels(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range shapes {
		x, w, g := randomSlice(r, s.n*s.d), randomSlice(r, s.c*s.d), randomSlice(r, s.n*s.c)
		z, dw := make([]float64, s.n*s.c), make([]float64, s.c*s.d)
		flops := 2 * float64(s.n*s.d*s.c)
		for _, path := range kernel.Paths() {
			for _, k := range []struct {
				name string
				fn   func(p *kernel.Pool)
			}{
				{"forward", func(p *kernel.Pool) { kernel.XWt(p, z, x, w, s.n, s.d, s.c) }},
				{"backward", func(p *kernel.Pool) { kernel.GtX(p, dw, g, x, s.n, s.c, s.d) }},
			} {
				name := fmt.Sprintf("%s/n=%d/d=%d/km=%d/path=%s", k.name, s.n, s.d, s.c, path)
				b.Run(name, func(b *testing.B) {
					kern, err := kernel.Select(path)
					if err != nil {
						b.Fatal(err)
					}
					pool := kernel.NewPool(runtime.GOMAXPROCS(0)).Use(kern)
					defer pool.Close()
					for b.Loop() {
						k.fn(pool)
					}
					reportGFLOPs(b, flops)
				})
			}
		}
	}
}

// BenchmarkGonumDgemm runs the same two products with gonum's BLAS (pure Go
// Dgemm, which tiles and parallelises the reduction itself, so its bits differ
// from the exact kernels): the comparison docs/performance.md quotes.
func BenchmarkGonumDgemm(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range shapes {
		x, w, g := randomSlice(r, s.n*s.d), randomSlice(r, s.c*s.d), randomSlice(r, s.n*s.c)
		z, dw := make([]float64, s.n*s.c), make([]float64, s.c*s.d)
		flops := 2 * float64(s.n*s.d*s.c)
		b.Run(fmt.Sprintf("forward/n=%d/d=%d/km=%d", s.n, s.d, s.c), func(b *testing.B) {
			for b.Loop() {
				blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, s.n, s.c, s.d, 1, x, s.d, w, s.d, 0, z, s.c)
			}
			reportGFLOPs(b, flops)
		})
		b.Run(fmt.Sprintf("backward/n=%d/d=%d/km=%d", s.n, s.d, s.c), func(b *testing.B) {
			for b.Loop() {
				blas64.Implementation().Dgemm(blas.Trans, blas.NoTrans, s.c, s.d, s.n, 1, g, s.c, x, s.d, 0, dw, s.d)
			}
			reportGFLOPs(b, flops)
		})
	}
}

// BenchmarkQuickCase trains the default case once (one seed: the joint net and
// both uni-modal nets, T steps each) on the kernel path of this build.
func BenchmarkQuickCase(b *testing.B) {
	c, err := cases.Lookup(cases.DefaultName)
	if err != nil {
		b.Fatal(err)
	}
	perStep := train.StepFlops(c.Params, c.Params.R) * 2 // the joint net, plus R uni-modal nets of half its cost
	for b.Loop() {
		if _, err := train.Run(context.Background(), c.Params, 1, train.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportGFLOPs(b, perStep*float64(c.Params.Steps))
}

// BenchmarkTaskStep measures what the suite's tasks run, at the size they run
// it: the default case's (paper: N = 125, d = 250, k = 10, m = 10) joint step
// on a one-worker pool, as the queue gives each task, and the step's two
// products alone on the same pool at one encoder's shape, fed from warm caches
// call after call. Set against BenchmarkFMAPeak/loop=avx512/goroutines=1 (the
// loop of the default path's width) in the same run:
// the gap between the products alone and the step is the step's own work and
// its cache traffic; the gap between the step and a whole run (make profile)
// is the run's other work.
func BenchmarkTaskStep(b *testing.B) {
	def, err := cases.Lookup(cases.DefaultName)
	if err != nil {
		b.Fatal(err)
	}
	c := def.Params
	set, w0 := trainingSet(b, c)
	pool := kernel.NewPool(1) // the fastest path, as a task's
	defer pool.Close()
	b.Run("step", func(b *testing.B) { benchJointSteps(b, c, set, w0, pool) })
	n, d, km := c.N, c.D, c.K*c.M
	r := rand.New(rand.NewPCG(1, 1))
	x, w, g := randomSlice(r, n*d), randomSlice(r, km*d), randomSlice(r, n*km)
	z, dw := make([]float64, n*km), make([]float64, km*d)
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			kernel.XWt(pool, z, x, w, n, d, km)
		}
		reportGFLOPs(b, 2*float64(n*d*km))
	})
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			kernel.GtX(pool, dw, g, x, n, km, d)
		}
		reportGFLOPs(b, 2*float64(n*d*km))
	})
}

// BenchmarkStepHook trains the default case for 200 steps (three nets) with
// no step hook and with a hook that does nothing: without a hook a step does
// none of the hook's work (Λ of every class, branch accuracies), which is
// what the off/on ratio shows; BenchmarkQuickCase tracks the default path
// itself against the baseline.
func BenchmarkStepHook(b *testing.B) {
	c, err := cases.Lookup(cases.DefaultName)
	if err != nil {
		b.Fatal(err)
	}
	c.Params.Steps = 200
	for _, hook := range []bool{false, true} {
		opt := train.Options{}
		if hook {
			opt.OnStep = func(train.StepInfo) {}
		}
		b.Run(fmt.Sprintf("hook=%v", hook), func(b *testing.B) {
			for b.Loop() {
				if _, err := train.Run(context.Background(), c.Params, 1, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(3*c.Params.Steps), "ns/step")
		})
	}
}

// BenchmarkVariantStep measures one training step of each standard-training
// variant on the default kernel path, at the size of BenchmarkJointStep: the
// paper's step (fixed head, gradient descent, smoothed ReLU) as the reference,
// a learned head, Adam, Adam with a learned head, the plain ReLU, a minibatch
// step (100 of the 500 samples) and a three-modality net. Every variant must
// report 0 allocs/op; GFLOP/s counts the encoders' products only.
func BenchmarkVariantStep(b *testing.B) {
	c := param.Default()
	c3 := c.Clone()
	c3.R, c3.Mu, c3.A, c3.B = 3, []float64{0.1, 0.2, 0.3}, []float64{1, 1, 1}, []float64{1.5, 1.5, 1.5}
	set, w0 := trainingSet(b, c3)
	const batch = 100
	variants := []struct {
		name  string
		mods  []int
		relu  bool
		head  bool
		adam  bool
		batch bool
	}{
		{name: "paper", mods: []int{0, 1}},
		{name: "head-learned", mods: []int{0, 1}, head: true},
		{name: "adam", mods: []int{0, 1}, adam: true},
		{name: "adam-head", mods: []int{0, 1}, adam: true, head: true},
		{name: "relu", mods: []int{0, 1}, relu: true},
		{name: "minibatch", mods: []int{0, 1}, batch: true},
		{name: "three-modalities", mods: []int{0, 1, 2}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			pool := kernel.NewPool(runtime.GOMAXPROCS(0))
			defer pool.Close()
			a := act.New(c.Q, c.Rho)
			if v.relu {
				a = act.ReLU()
			}
			net := nn.New(a, c.K, c.M, c.D, v.mods, w0[:len(v.mods)])
			if v.head {
				heads := make([][]float64, len(v.mods))
				for e := range heads {
					heads[e] = nn.OnesHead(c.K, c.M)
				}
				net.SetHead(heads)
			}
			tr := nn.NewTrainer(net, pool, set.X, set.Y)
			n := c.N
			if v.batch {
				x := make([][]float64, len(set.X))
				for r := range x {
					x[r] = set.X[r][:batch*c.D]
				}
				tr.SetRows(x, set.Y[:batch])
				n = batch
			}
			eta := c.Eta
			if v.adam {
				tr.SetAdam(&nn.Adam{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
				eta = 1e-3
			}
			tr.LossGrad() // warm the panel buffers
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tr.Step(eta); err != nil {
					b.Fatal(err)
				}
			}
			reportGFLOPs(b, float64(len(v.mods))*4*float64(n)*float64(c.D)*float64(c.K*c.M))
		})
	}
}

// BenchmarkUpdateKernels measures the element-wise passes of a step at the
// default size on one worker's share (5 classes of m = 10, d = 500, N = 500):
// the gradient-descent update of its 50 rows of W (kernel.DescentUpdate
// against gonum's axpy, floats.AddScaled with −η, which gives the same bits),
// Adam's update of the same rows (kernel.AdamUpdate) and G = Δ Sᵀ ⊙ σ'(Z)
// (kernel.ScaleByClass against the loop the trainer ran before), each path
// side by side in one run.
func BenchmarkUpdateKernels(b *testing.B) {
	const n, d, k, m, classes = 500, 500, 10, 10, 5
	r := rand.New(rand.NewPCG(2, 2))
	w, g := randomSlice(r, classes*m*d), randomSlice(r, classes*m*d)
	z, delta := randomSlice(r, n*classes*m), randomSlice(r, n*k)
	for i := range delta { // ±1: z keeps its scale however often it is multiplied
		delta[i] = math.Copysign(1, delta[i])
	}
	b.Run("descent/impl=gonum-axpy", func(b *testing.B) {
		for b.Loop() {
			floats.AddScaled(w, -1e-9, g)
		}
	})
	b.Run("scale/impl=loop", func(b *testing.B) { // the trainer's loop before ScaleByClass
		for b.Loop() {
			for i := range n {
				zi := z[i*classes*m : (i+1)*classes*m]
				for j, dj := range delta[i*k : i*k+classes] {
					zj := zi[j*m : (j+1)*m]
					for c := range zj {
						zj[c] *= dj
					}
				}
			}
		}
	})
	for _, path := range kernel.Paths() {
		kern, err := kernel.Select(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("descent/path="+path, func(b *testing.B) {
			for b.Loop() {
				kern.DescentUpdate(w, g, 1e-9)
			}
		})
		b.Run("scale/path="+path, func(b *testing.B) {
			for b.Loop() {
				kern.ScaleByClass(z, delta, n, classes*m, 0, m, k)
			}
		})
		b.Run("adam/path="+path, func(b *testing.B) {
			// Adam's moments at a late step's scale; the update's cost does
			// not depend on the values (no branch, no subnormal inputs).
			mom, sq := randomSlice(r, len(w)), randomSlice(r, len(w))
			for i := range sq {
				mom[i], sq[i] = 1e-3*mom[i], 1e-6*sq[i]*sq[i]
			}
			a := kernel.AdamStep{Beta1: 0.9, Beta2: 0.999, Rest1: 1 - 0.9, Rest2: 1 - 0.999,
				Corr1: 1 / (1 - math.Pow(0.9, 500)), Corr2: 1 / (1 - math.Pow(0.999, 500)), Eta: 1e-9, Eps: 1e-8}
			for b.Loop() {
				kern.AdamUpdate(w, g, mom, sq, a)
			}
		})
	}
}

// BenchmarkBackwardDescent measures one encoder's backward product with
// gradient descent's update of the same rows, as a trainer's step runs them
// on one worker: kernel.GtXRows then kernel.DescentUpdate ("separate") against
// kernel.GtXRowsDescent ("fused", the same bits; on avx512asm the tiles update
// W as they store the last block of ∇W), at the suite's size (N = 125, d = 250,
// 100 neurons: one task's encoder) and at one worker's share of the default
// size (N = 500, d = 500, 50 neurons). Run it with -cpu 1.
func BenchmarkBackwardDescent(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, s := range []struct {
		name    string
		n, d, c int
	}{{"suite", 125, 250, 100}, {"default-share", 500, 500, 50}} {
		x, g, w := randomSlice(r, s.n*s.d), randomSlice(r, s.n*s.c), randomSlice(r, s.c*s.d)
		dw := make([]float64, s.c*s.d)
		var k kernel.Kernels
		for _, impl := range []string{"separate", "fused"} {
			b.Run(fmt.Sprintf("%s/impl=%s", s.name, impl), func(b *testing.B) {
				for b.Loop() {
					if impl == "fused" {
						k.GtXRowsDescent(dw, g, x, s.n, s.c, s.d, 0, s.c, w, 1e-12)
						continue
					}
					k.GtXRows(dw, g, x, s.n, s.c, s.d, 0, s.c)
					k.DescentUpdate(w, dw, 1e-12)
				}
				reportGFLOPs(b, 2*float64(s.n*s.d*s.c))
			})
		}
	}
}
