package train

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// PMR is prototypical modal rebalance (Fan, Xu, Wei, Hu & Wang, CVPR 2023),
// as the authors' released code computes it (fanyunfeng-bit/Modal-Imbalance-PMR,
// main_Prototype_grad.py at 1e5c79b: train_epoch with --modulation Proto, and
// calculate_prototype). Each modality's encoder features h_r(x) are compared
// with class prototypes c_{r,j}, the class means of the features over the
// training set; at every step, with d_{r,i,j} = ‖h_r(x_i) − c_{r,j}‖,
//
//	q_{r,i,j} = softmax_j(−d_{r,i,·}),  s_r = Σ_i q_{r,i,y_i}        (the prototype scores)
//	L = CE(F) + Σ_r β_r·(1/N) Σ_i −log q_{r,i,y_i}                    (the prototype loss on the weaker modality)
//
// with β_r = α for the modality whose score is lower and 0 for the other
// (both 0 when the scores tie: the code's ratio_a_p = s_a/s_v against 1), and
// the prototypes taken at W(0) before the first step and thereafter
// c ← (1 − μ)·(class means at W(t)) + μ·c with momentum μ = 0.2 (the code's
// --momentum_coef default), before each step as the code computes them after
// each epoch. The prototypes carry no gradient (torch.no_grad there). The
// defaults are the code's: α = 1 (--alpha), μ = 0.2.
//
// Adaptation to this model: the encoder's features are the net's hidden
// layer, h_{r,j,l}(x) = σ(⟨w_{r,j,l}, x_r⟩) over all k·m neurons (the code's
// 512-d embedding before the fusion layer; here the fixed all-ones head is
// the fusion layer). One step is one full-batch epoch, so the prototypes are
// the class means over the whole training set (the code averages the first
// tenth of an epoch's batches, a saving of its cost), and the step is plain
// gradient descent (the code: SGD with momentum and weight decay). A class
// with no training sample keeps its previous prototype (zero at W(0)); the
// code divides by zero there. Where a feature vector coincides with a
// prototype (d = 0) the distance's gradient is taken as zero, as torch.cdist
// does. With more than two modalities every modality whose score is below
// the highest gets β_r = α (the code has two). The PER entropy term of the
// paper's §3.3 (and of GeWu-Lab/BalanceBenchmark's PMR_trainer.py) is not in
// the released main_Prototype_grad.py and is not applied; nor is
// BalanceBenchmark's β scaled by the score ratio.
//
// The features' pre-activations and the prototype loss's weight gradient
// are the exact kernels' XWt and GtX (core/kernel: the same bits on every
// path and thread count); the rest is plain Go in a fixed order. It costs a
// forward pass of every encoder and a backward pass of the weaker one per
// step (FusedCost).
type PMR struct {
	// Alpha is the weight α ≥ 0 of the prototype loss on the weaker
	// modality (0: joint training).
	Alpha float64
	// Momentum μ ∈ [0, 1) keeps that much of the previous prototypes.
	Momentum float64

	pool  *kernel.Pool
	x     [][]float64 // the training inputs per modality
	y     []int
	n     int
	feat  [][]float64 // [e]: h_e(x_i), n×km (the pre-activations z first)
	slope [][]float64 // [e]: σ'(z), n×km; then ∂L/∂z for the backward pass
	proto [][]float64 // [e]: the prototypes, k×km
	sum   []float64   // a class-sum workspace, k×km
	count []int
	dist  [][]float64 // [e]: d_{i,j}, n×k
	q     [][]float64 // [e]: softmax(−d), n×k
	score []float64   // s_e
	grad  [][]float64
	steps int
}

// MethodPMR is PMR's name (param.Case.Method).
const MethodPMR = "pmr"

var (
	_ Coster     = (*PMR)(nil)
	_ MemoryUser = (*PMR)(nil)
)

func init() {
	param.RegisterMethod(param.MethodSpec{Name: MethodPMR,
		Summary: "prototypical modal rebalance: a prototype cross-entropy on the weaker modality's features",
		Settings: []param.Setting{
			{Key: "alpha", Default: 1, Min: 0, Max: 1e6,
				Doc: "weight α of the prototype loss on the modality with the lower prototype score (source: 1)"},
			{Key: "momentum", Default: 0.2, Min: 0, Max: 0.999999,
				Doc: "share μ of the previous prototypes kept at each update (source: 0.2)"},
		}})
	RegisterMethod(MethodPMR, func(c param.Case) Method {
		return &PMR{Alpha: c.Setting("alpha"), Momentum: c.Setting("momentum")}
	})
}

// FusedCost is T fused steps plus, per step, a forward pass of every
// encoder and a backward pass of one for the prototype loss.
func (*PMR) FusedCost(c param.Case) (int64, float64) {
	extra := 2 * float64(c.N) * float64(c.K) * float64(c.M) * float64(c.D) * float64(c.R+1)
	return int64(c.Steps), float64(c.Steps) * (StepFlops(c, c.R) + extra)
}

// ExtraMemory is the features and slopes of every sample, their distances
// to the prototypes and the softmax of those, the prototypes and the
// prototype loss's gradient, per encoder.
func (*PMR) ExtraMemory(c param.Case) Memory {
	km, n, k := float64(c.K)*float64(c.M), float64(c.N), float64(c.K)
	return Memory{Weights: 8 * float64(c.R) * (2*n*km + 2*n*k + 2*k*km + km*float64(c.D))}
}

// Init plans T steps from W(0) on the fused loss; the prototype term joins
// in Step.
func (m *PMR) Init(_ context.Context, env *Env) (Plan, error) {
	c := env.Case
	km := c.K * c.M
	m.pool, m.x, m.y, m.n = env.pool, env.TrainSet.X, env.TrainSet.Y, env.TrainSet.N
	m.feat, m.slope, m.proto, m.grad = make([][]float64, c.R), make([][]float64, c.R), make([][]float64, c.R), make([][]float64, c.R)
	for e := range c.R {
		m.feat[e], m.slope[e] = make([]float64, m.n*km), make([]float64, m.n*km)
		m.proto[e], m.grad[e] = make([]float64, km*c.K), make([]float64, km*c.D)
	}
	m.sum, m.count = make([]float64, c.K*km), make([]int, c.K)
	m.dist, m.q = make([][]float64, c.R), make([][]float64, c.R)
	for e := range c.R {
		m.dist[e], m.q[e] = make([]float64, m.n*c.K), make([]float64, m.n*c.K)
	}
	m.score = make([]float64, c.R)
	m.steps = 0
	return Plan{Start: env.NewFused(env.W0), Steps: c.Steps}, nil
}

// Step computes the fused gradient, the features, prototypes and scores,
// and steps every encoder on the fused gradient plus, for the weaker
// modality, α times the prototype loss's.
func (m *PMR) Step(tr *nn.Trainer, _ int, eta float64) (float64, error) {
	loss := tr.LossGrad()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &nn.DivergenceError{Loss: loss}
	}
	net := tr.Net()
	for e, r := range net.Mods {
		m.features(net, e, m.x[r])
		m.prototypes(net, e)
		m.score[e] = m.softmax(net, e)
	}
	best := m.score[0]
	for _, s := range m.score {
		best = math.Max(best, s)
	}
	for e, r := range net.Mods {
		clear(m.grad[e])
		if m.Alpha == 0 || m.score[e] >= best {
			continue
		}
		ce := 0.0
		for i, y := range m.y {
			ce -= exactmath.Log(m.q[e][i*net.K+y])
		}
		loss += float64(m.Alpha * (ce / float64(m.n)))
		m.backward(net, e, m.x[r])
	}
	m.steps++
	tr.Apply(eta, nil, m.grad)
	return loss, nil
}

// features sets h_e(x_i) and σ'(z) for every sample, z = x_i·w_cᵀ by the
// exact kernel.
func (m *PMR) features(net *nn.Net, e int, x []float64) {
	km := net.K * net.M
	z := m.feat[e]
	kernel.XWt(m.pool, z, x, net.W[e], m.n, net.D, km)
	for i, u := range z {
		z[i], m.slope[e][i] = net.Act.ValueSlope(u)
	}
}

// prototypes updates encoder e's prototypes from its features: class means,
// blended with the previous prototypes after the first step.
func (m *PMR) prototypes(net *nn.Net, e int) {
	km := net.K * net.M
	clear(m.sum)
	clear(m.count)
	for i, y := range m.y {
		m.count[y]++
		row := m.sum[y*km : (y+1)*km]
		for c, v := range m.feat[e][i*km : (i+1)*km] {
			row[c] += v
		}
	}
	for j := range net.K {
		if m.count[j] == 0 {
			continue // no sample of class j: its prototype stays
		}
		p := m.proto[e][j*km : (j+1)*km]
		for c, s := range m.sum[j*km : (j+1)*km] {
			mean := s / float64(m.count[j])
			if m.steps == 0 {
				p[c] = mean
			} else {
				p[c] = float64((1-m.Momentum)*mean) + float64(m.Momentum*p[c])
			}
		}
	}
}

// softmax sets d_{i,j} and q_{i,j} = softmax_j(−d_{i,·}) for encoder e and
// returns the score Σ_i q_{i,y_i}.
func (m *PMR) softmax(net *nn.Net, e int) float64 {
	k, km := net.K, net.K*net.M
	score := 0.0
	for i := range m.n {
		h := m.feat[e][i*km : (i+1)*km]
		di, qi := m.dist[e][i*k:(i+1)*k], m.q[e][i*k:(i+1)*k]
		most := math.Inf(-1)
		for j := range k {
			p := m.proto[e][j*km : (j+1)*km]
			ss := 0.0
			for c, v := range h {
				diff := v - p[c]
				ss += float64(diff * diff)
			}
			di[j] = math.Sqrt(ss)
			most = math.Max(most, -di[j])
		}
		sum := 0.0
		for j := range k {
			qi[j] = exactmath.Exp(-di[j] - most)
			sum += qi[j]
		}
		for j := range k {
			qi[j] /= sum
		}
		score += qi[m.y[i]]
	}
	return score
}

// backward sets m.grad[e] to α times the prototype loss's gradient in W_e:
// ∂L/∂h_i = (1/N) Σ_j (q_{i,j} − [j = y_i])·(−(h_i − c_j)/d_{i,j}), then
// ∂L/∂z = ∂L/∂h ⊙ σ'(z) (in slope's place) and ∂L/∂W = (∂L/∂z)ᵀ·X by the
// exact kernel.
func (m *PMR) backward(net *nn.Net, e int, x []float64) {
	k, km := net.K, net.K*net.M
	gh := m.sum[:km] // the workspace, free after prototypes
	scale := m.Alpha / float64(m.n)
	for i, y := range m.y {
		h := m.feat[e][i*km : (i+1)*km]
		clear(gh)
		for j := range k {
			dij := m.dist[e][i*k+j]
			if dij == 0 {
				continue
			}
			coef := m.q[e][i*k+j]
			if j == y {
				coef--
			}
			coef = -coef / dij
			p := m.proto[e][j*km : (j+1)*km]
			for c, v := range h {
				gh[c] += float64(coef * (v - p[c])) // float64(): no fused multiply-add (see core/kernel's package comment)
			}
		}
		s := m.slope[e][i*km : (i+1)*km]
		for c := range s {
			s[c] = float64(scale*gh[c]) * s[c]
		}
	}
	kernel.GtX(m.pool, m.grad[e], m.slope[e], x, m.n, km, net.D)
}
