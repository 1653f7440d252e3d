// Package nn implements the modality-competition networks: late-fusion (joint)
// and uni-modal two-layer nets with smoothed-ReLU (or plain ReLU) encoders and
// a fixed all-ones head (or a learned linear head), their mean softmax
// cross-entropy, its analytic gradient and the update (gradient descent or
// Adam, on the full training set or on minibatches).
//
// A network reads a subset of the modalities. Encoder r has weights W_r (k·m×d,
// row j·m + l is neuron l of class j). The logits are
//
//	F_j(x) = Σ_r Σ_{l<m} σ(⟨w_{r,j,l}, x_r⟩)
//
// and, with Z_r = X_r W_rᵀ, S the class-sum matrix and Δ = (softmax(F) − onehot(y))/N,
// the gradient of the mean cross-entropy is ∇W_r = ((Δ Sᵀ) ⊙ σ'(Z_r))ᵀ X_r.
//
// A learned head replaces S by a trained k×(k·m) block H_r per encoder:
// F = Σ_r σ(Z_r) H_rᵀ, ∇W_r = ((Δ H_r) ⊙ σ'(Z_r))ᵀ X_r and ∇H_r = Δᵀ σ(Z_r).
// The all-ones pattern H_r = S (OnesHead) gives the fixed head's logits.
package nn

import (
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/kernel"
)

// Net is a late-fusion network over the modalities Mods. With one modality it is
// a uni-modal network; a probe is a Net that shares one encoder of a joint Net.
type Net struct {
	Act  act.Func
	K, M int
	D    int
	// Mods lists the modalities the net reads, in summation order.
	Mods []int
	// W[e] is the encoder of modality Mods[e], k·m×d row-major.
	W [][]float64
	// Head[e] is a learned head's block for encoder e, k×(k·m) row-major:
	// entry (j, c) weighs neuron c of encoder e (row c of W[e]) in logit j.
	// nil is the fixed all-ones head (F_j sums class j's neurons).
	Head [][]float64
}

// OnesHead returns the all-ones head block of k classes with m neurons
// each: entry (j, j·m + l) is 1 for every l, every other entry 0. A learned
// head that starts from it starts from the fixed head's logits.
func OnesHead(k, m int) []float64 {
	h := make([]float64, k*k*m)
	for j := 0; j < k; j++ {
		for l := 0; l < m; l++ {
			h[j*k*m+j*m+l] = 1
		}
	}
	return h
}

// SetHead gives n a learned head whose blocks are copies of h (h[e] for
// encoder e, each k×(k·m)).
func (n *Net) SetHead(h [][]float64) {
	n.Head = nil
	for _, he := range h {
		n.Head = append(n.Head, append([]float64(nil), he...))
	}
}

// HeadMass returns, for a learned head, each encoder's share of the head's
// total absolute weight Σ|H_e| / Σ_e' Σ|H_e'| (nil for the fixed head): how
// much of the fusion the head gives each modality.
func (n *Net) HeadMass() []float64 {
	if n.Head == nil {
		return nil
	}
	mass := make([]float64, len(n.Head))
	total := 0.0
	for e, h := range n.Head {
		for _, v := range h {
			mass[e] += math.Abs(v)
		}
		total += mass[e]
	}
	for e := range mass {
		mass[e] /= total
	}
	return mass
}

// New returns a network over mods whose encoders are copies of w (w[e] for
// modality mods[e], each k·m×d).
func New(a act.Func, k, m, d int, mods []int, w [][]float64) *Net {
	n := &Net{Act: a, K: k, M: m, D: d, Mods: append([]int(nil), mods...)}
	for _, we := range w {
		n.W = append(n.W, append([]float64(nil), we...))
	}
	return n
}

// Probe returns the uni-modal view of encoder e of n: the same weights (shared,
// not copied), evaluated on modality n.Mods[e] alone.
func (n *Net) Probe(e int) *Net {
	p := &Net{Act: n.Act, K: n.K, M: n.M, D: n.D, Mods: []int{n.Mods[e]}, W: [][]float64{n.W[e]}}
	if n.Head != nil {
		p.Head = [][]float64{n.Head[e]}
	}
	return p
}

// Logits returns the n×k logits of the samples x (x[r] is modality r's n×d inputs),
// computed on the pool p (nil: on the caller). It runs the training step's own
// forward pass, so evaluation and training compute the same numbers.
func (n *Net) Logits(p *kernel.Pool, x [][]float64, samples int) []float64 {
	if p == nil {
		p = kernel.NewPool(1)
		defer p.Close()
	}
	t := newTrainer(n, p, x, nil, samples)
	t.pool.Run(t.units, 1, t.forwardFn)
	f := make([]float64, samples*n.K)
	if n.Head != nil {
		t.pool.Run(samples, kernel.RowGrainXWt, func(lo, hi int) { t.headLogits(lo, hi, f) })
		return f
	}
	if t.neurons {
		t.pool.Run(samples, kernel.RowGrainXWt, func(lo, hi int) { t.neuronLogits(lo, hi, f) })
		return f
	}
	for i := 0; i < samples; i++ {
		for j := 0; j < n.K; j++ {
			owner := t.part(j)
			f[i*n.K+j] = owner.f[(j-owner.lo)*samples+i]
		}
	}
	return f
}

// Predict returns the predicted class of each sample: the first index of the
// largest logit.
func (n *Net) Predict(p *kernel.Pool, x [][]float64, samples int) []int {
	f := n.Logits(p, x, samples)
	pred := make([]int, samples)
	for i := range pred {
		pred[i] = argmax(f[i*n.K : (i+1)*n.K])
	}
	return pred
}

func argmax(v []float64) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}

// Lambda returns max_l ⟨w_{e,j,l}, feature⟩: how well encoder e holds the given
// feature of class j (the paper's Λ when feature = M_r e_j).
func (n *Net) Lambda(e, j int, feature []float64) float64 {
	best := math.Inf(-1)
	for l := 0; l < n.M; l++ {
		row := n.W[e][(j*n.M+l)*n.D : (j*n.M+l+1)*n.D]
		acc := 0.0
		for t, v := range row {
			acc = math.FMA(v, feature[t], acc)
		}
		best = max(best, acc)
	}
	return best
}

// DivergenceError reports a loss that stopped being a finite number.
type DivergenceError struct {
	Loss float64
}

func (e *DivergenceError) Error() string {
	return fmt.Sprintf("loss is %v (diverged: lower the learning rate eta, or the scale of the inputs: spike_scale, a, b, gamma, off_hi, sigma_g)", e.Loss)
}
