package train

import (
	"math/rand/v2"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/rng"
)

// minibatches runs minibatch epochs of one net: each epoch shuffles the
// training set into a copy of its own and steps through it in row ranges of
// the case's batch size, on a trainer bound to each range in turn (the same
// kernels as a full-batch step, on fewer rows).
type minibatches struct {
	tr    *nn.Trainer
	x     [][]float64 // the training set, per modality (nil where the net does not read it)
	y     []int
	xs    [][]float64 // the shuffled copy
	ys    []int
	views [][]float64 // the current batch's rows of xs
	perm  []int
	src   *rand.Rand
	size  int
	d     int
	// rate is the step size of a batch (param.Case.BatchStep).
	rate func(eta float64, size, n int) float64
}

// newMinibatches prepares minibatch training of net on (x, y) with objective
// obj. Every net of a run draws its epochs' orders from a fresh shuffle
// stream of the run's seed, so the uni-modal and the fused nets visit the
// samples in the same order.
func (env *Env) newMinibatches(net *nn.Net, x [][]float64, y []int, obj nn.Objective) *minibatches {
	c := env.Case
	n := len(y)
	b := &minibatches{x: x, y: y, ys: make([]int, n), perm: make([]int, n),
		xs: make([][]float64, len(x)), views: make([][]float64, len(x)),
		src: rng.New(env.Seed, rng.Shuffle), size: min(c.Batch, n), d: c.D, rate: c.BatchStep}
	for _, r := range net.Mods {
		b.xs[r] = make([]float64, n*c.D)
	}
	for i := range b.perm {
		b.perm[i] = i
	}
	b.shuffle()
	for r := range b.views {
		if b.xs[r] != nil {
			b.views[r] = b.xs[r][:b.size*c.D]
		}
	}
	b.tr = env.newTrainer(net, b.views, b.ys[:b.size])
	b.tr.SetObjective(obj)
	return b
}

// shuffle draws the next epoch's order (Fisher–Yates) and copies the samples
// into it.
func (b *minibatches) shuffle() {
	for i := len(b.perm) - 1; i > 0; i-- {
		j := b.src.IntN(i + 1)
		b.perm[i], b.perm[j] = b.perm[j], b.perm[i]
	}
	d := b.d
	for r, xs := range b.xs {
		if xs == nil {
			continue
		}
		for i, p := range b.perm {
			copy(xs[i*d:(i+1)*d], b.x[r][p*d:(p+1)*d])
		}
	}
	for i, p := range b.perm {
		b.ys[i] = b.y[p]
	}
}

// epoch takes step t of m as one epoch: a step on every minibatch of the
// shuffled set in turn, each of size eta·|batch|/N on its batch's mean loss
// (eta with batch_rate=batch).
// It returns the epoch's loss, the batches' losses weighted by |batch|/N.
// The first epoch uses the order drawn by newMinibatches.
func (b *minibatches) epoch(m Method, t int, eta float64) (float64, error) {
	if t > 0 {
		b.shuffle()
	}
	n, d := len(b.y), b.d
	loss := 0.0
	for lo := 0; lo < n; lo += b.size {
		hi := min(lo+b.size, n)
		for r, xs := range b.xs {
			if xs != nil {
				b.views[r] = xs[lo*d : hi*d]
			}
		}
		b.tr.SetRows(b.views, b.ys[lo:hi])
		frac := float64(hi-lo) / float64(n)
		l, err := m.Step(b.tr, t, b.rate(eta, hi-lo, n))
		if err != nil {
			return l, err
		}
		loss += float64(l * frac)
	}
	return loss, nil
}
