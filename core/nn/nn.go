// Package nn implements the modality-competition networks: late-fusion (joint)
// and uni-modal two-layer nets with smoothed-ReLU encoders and a fixed all-ones
// head, their mean softmax cross-entropy, its analytic gradient and the
// gradient-descent update.
//
// A network reads a subset of the modalities. Encoder r has weights W_r (k·m×d,
// row j·m + l is neuron l of class j). The logits are
//
//	F_j(x) = Σ_r Σ_{l<m} σ(⟨w_{r,j,l}, x_r⟩)
//
// and, with Z_r = X_r W_rᵀ, S the class-sum matrix and Δ = (softmax(F) − onehot(y))/N,
// the gradient of the mean cross-entropy is ∇W_r = ((Δ Sᵀ) ⊙ σ'(Z_r))ᵀ X_r.
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
	Act  act.SmoothReLU
	K, M int
	D    int
	// Mods lists the modalities the net reads, in summation order.
	Mods []int
	// W[e] is the encoder of modality Mods[e], k·m×d row-major.
	W [][]float64
}

// New returns a network over mods whose encoders are copies of w (w[e] for
// modality mods[e], each k·m×d).
func New(a act.SmoothReLU, k, m, d int, mods []int, w [][]float64) *Net {
	n := &Net{Act: a, K: k, M: m, D: d, Mods: append([]int(nil), mods...)}
	for _, we := range w {
		n.W = append(n.W, append([]float64(nil), we...))
	}
	return n
}

// Probe returns the uni-modal view of encoder e of n: the same weights (shared,
// not copied), evaluated on modality n.Mods[e] alone.
func (n *Net) Probe(e int) *Net {
	return &Net{Act: n.Act, K: n.K, M: n.M, D: n.D, Mods: []int{n.Mods[e]}, W: [][]float64{n.W[e]}}
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
	t.pool.Run(n.K, 1, t.forwardFn)
	f := make([]float64, samples*n.K)
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
	return fmt.Sprintf("loss is %v (diverged: lower the learning rate eta)", e.Loss)
}
