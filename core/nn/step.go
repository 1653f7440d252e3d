package nn

import (
	"math"

	"github.com/modcomp/modcomp/core/kernel"
)

// Trainer runs full-batch gradient descent of one Net on one training set. All
// buffers are allocated by NewTrainer; Step allocates nothing.
type Trainer struct {
	net  *Net
	pool *kernel.Pool
	x    [][]float64 // x[r]: modality r's N×d inputs
	y    []int
	n    int

	z       [][]float64 // per encoder: Z = X Wᵀ, then overwritten by σ'(Z) and G
	f       []float64   // N×k logits
	rowLoss []float64   // per-sample cross-entropy
	grad    [][]float64 // per encoder: ∇W, k·m×d
	eta     float64
	update  bool

	forwardFn  func(lo, hi int)
	backwardFn []func(lo, hi int)
}

// NewTrainer binds net to the training set (x[r] is modality r's n×d inputs, y
// the labels) and to the pool that runs its kernels.
func NewTrainer(net *Net, pool *kernel.Pool, x [][]float64, y []int) *Trainer {
	km := net.K * net.M
	n := len(y)
	t := &Trainer{net: net, pool: pool, x: x, y: y, n: n,
		f: make([]float64, n*net.K), rowLoss: make([]float64, n)}
	for range net.Mods {
		t.z = append(t.z, make([]float64, n*km))
		t.grad = append(t.grad, make([]float64, km*net.D))
	}
	t.forwardFn = t.forwardRows
	for e := range net.Mods {
		t.backwardFn = append(t.backwardFn, func(lo, hi int) { t.backwardRows(e, lo, hi) })
	}
	return t
}

// Net returns the network being trained.
func (t *Trainer) Net() *Net { return t.net }

// Grad returns ∇W of encoder e from the last LossGrad or Step (aliased storage).
func (t *Trainer) Grad(e int) []float64 { return t.grad[e] }

// LossGrad computes the mean cross-entropy at the current weights and its
// gradient (see Grad), without changing the weights.
func (t *Trainer) LossGrad() float64 {
	t.update = false
	return t.run()
}

// Step computes the loss at the current weights, then takes one gradient step
// W ← W − η ∇W. It returns the loss before the step, or a *DivergenceError (and
// leaves the weights unchanged) when that loss is NaN or ±Inf.
func (t *Trainer) Step(eta float64) (float64, error) {
	t.update, t.eta = true, eta
	loss := t.run()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &DivergenceError{Loss: loss}
	}
	return loss, nil
}

func (t *Trainer) run() float64 {
	t.pool.Run(t.n, kernel.RowGrainXWt, t.forwardFn)
	loss := 0.0
	for _, l := range t.rowLoss {
		loss += l
	}
	loss /= float64(t.n)
	if t.update && (math.IsNaN(loss) || math.IsInf(loss, 0)) {
		return loss
	}
	km := t.net.K * t.net.M
	for e := range t.net.Mods {
		t.pool.Run(km, kernel.RowGrainGtX, t.backwardFn[e])
	}
	return loss
}

// forwardRows computes, for samples [lo, hi): Z_r, the logits, the row loss,
// and G_r = (Δ Sᵀ) ⊙ σ'(Z_r) in place of Z_r.
func (t *Trainer) forwardRows(lo, hi int) {
	net := t.net
	k, m, d := net.K, net.M, net.D
	km := k * m
	f := t.f[lo*k : hi*k]
	clear(f)
	for e, r := range net.Mods {
		kernel.XWtRows(t.z[e], t.x[r], net.W[e], d, km, lo, hi)
		z := t.z[e][lo*km : hi*km]
		for i := 0; i < hi-lo; i++ {
			fi := f[i*k : (i+1)*k]
			zi := z[i*km : (i+1)*km]
			for j := range fi {
				zj := zi[j*m : (j+1)*m] // class j's m neurons
				sum := fi[j]
				for c, u := range zj {
					v, s := net.Act.ValueSlope(u)
					sum += v
					zj[c] = s
				}
				fi[j] = sum
			}
		}
	}
	invN := 1 / float64(t.n)
	for i := 0; i < hi-lo; i++ {
		fi := f[i*k : (i+1)*k]
		y := t.y[lo+i]
		mx := fi[0]
		for _, v := range fi {
			mx = max(mx, v)
		}
		sum := 0.0
		for _, v := range fi {
			sum += math.Exp(v - mx)
		}
		lse := mx + math.Log(sum)
		t.rowLoss[lo+i] = lse - fi[y]
		// fi becomes Δ_i = (softmax − onehot)/N; the logits are not needed again.
		for j, v := range fi {
			p := math.Exp(v - lse)
			if j == y {
				p--
			}
			fi[j] = p * invN
		}
		for e := range net.Mods {
			zi := t.z[e][(lo+i)*km : (lo+i+1)*km]
			for j, delta := range fi {
				zj := zi[j*m : (j+1)*m]
				for c := range zj {
					zj[c] *= delta
				}
			}
		}
	}
}

// backwardRows computes rows [lo, hi) of ∇W_e = G_eᵀ X_r and, when stepping,
// updates the same rows of W_e.
func (t *Trainer) backwardRows(e, lo, hi int) {
	net := t.net
	km, d := net.K*net.M, net.D
	kernel.GtXRows(t.grad[e], t.z[e], t.x[net.Mods[e]], t.n, km, d, lo, hi)
	if !t.update {
		return
	}
	w := net.W[e][lo*d : hi*d]
	g := t.grad[e][lo*d : hi*d]
	for i := range w {
		w[i] -= t.eta * g[i]
	}
}
