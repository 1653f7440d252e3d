package nn

import (
	"math"

	"github.com/modcomp/modcomp/core/kernel"
)

// Trainer trains one Net on one training set: full-batch gradient descent by
// default, Adam after SetAdam, minibatch steps on the rows SetRows binds, and
// a learned head's blocks with the encoders when the net has one (head.go).
// All buffers are allocated by NewTrainer (and SetAdam); Step allocates
// nothing.
//
// A step is split by classes, not by samples: each worker of the pool owns a
// range of classes, that is the rows of every W_r that feed them, and keeps
// Z_r, σ'(Z_r) and G_r of its own neurons in its own buffers. Only the n×k
// logits and Δ cross from one worker to another. On a machine whose cores do
// not share a cache, a split by samples moved every row of W and of G between
// the cores each step (each worker reading rows the other had just written),
// which cost more than the products themselves.
type Trainer struct {
	net  *Net
	pool *kernel.Pool
	kern kernel.Kernels // the pool's, read once
	// cubic holds σ's constants when σ is the smoothed ReLU of power 3 or
	// the plain ReLU (all zero: kernel.Cubic), which the kernels compute a
	// row at a time (kernel.CubicValueSlope); nil for another σ, computed by
	// act.Func.ValueSlope.
	cubic *kernel.Cubic
	x     [][]float64 // x[r]: modality r's N×d inputs
	// xp[r]: x[r] in row panels, which the forward kernel reads for parts
	// narrower than one of its panels (nil when no part is, before the second
	// pass, and after SetRows).
	xp      []kernel.RowPanels
	rebound bool // SetRows was called: no row panels from then on
	// panelsWanted: some part's columns would use row panels; passes counts
	// Loss's forward passes (see beforeForward).
	panelsWanted bool
	passes       int
	y            []int
	n            int

	parts   []part      // one per range of units the pool hands out
	partOf  []int       // partOf[u]: the part that owns unit u
	units   int         // what a step's passes split: the K classes, or the K·M neurons (neurons.go)
	neurons bool        // the parts are ranges of neurons
	segs    [][]segment // with neurons: segs[j], class j's neurons part by part, in order
	soft    softmaxScratch
	delta   []float64   // N×k: Δ = (softmax(F) − onehot(y))/N
	rowLoss []float64   // per-sample cross-entropy
	hit     []bool      // per sample: the fused logits' argmax is the label
	grad    [][]float64 // per encoder: ∇W, k·m×d
	eta     float64
	update  bool
	loss    float64 // the last pass's mean loss (see StepAfterLoss)

	// What SetObjective adds to the plain fused loss (see objective.go).
	obj    Objective
	deltaB [][]float64 // per encoder: N×k branch logits, then the branch loss's Δ
	scoreB [][]float64 // per encoder, per sample: softmax(F_e)_y
	hitB   [][]bool    // per encoder, per sample: argmax F_e = y

	// A learned head's state (see head.go): act[e] holds σ(Z_e) of every
	// neuron (N×k·m), headF[e] the branch logits σ(Z_e) H_eᵀ (N×k), headT[e]
	// H_eᵀ and headGradT[e] ∇H_eᵀ (k·m×k), headGrad[e] ∇H_e (k×k·m),
	// headRate the head's step size as a multiple of the encoders'.
	act, headF       [][]float64
	headT, headGradT [][]float64
	headGrad         [][]float64
	headRate         float64

	// opt is the optimizer (see optimizer.go): gradient descent unless
	// SetAdam; fusedDescent caches whether it lets the backward kernel
	// update W as it stores ∇W.
	opt          updater
	fusedDescent bool

	// capacity is the number of samples the buffers hold; SetRows binds
	// fewer (a minibatch). rowLossAll backs rowLoss at full capacity.
	capacity   int
	rowLossAll []float64
	hitAll     []bool

	// Apply's arguments, read by its workers.
	applyEta   float64
	applyScale []float64
	applyNoise [][]float64

	forwardFn, softmaxFn, backwardFn, applyFn func(lo, hi int)
	// passFns holds the pass functions of every layout, bound to t once
	// (binding a method value allocates), for SetObjective to choose from.
	passFns [passKinds][3]func(lo, hi int)
	// directLogits: forwardClasses writes the logits straight into Δ's place,
	// a row a sample, where softmaxRows takes them. SetObjective sets it for
	// the plain objective's class split when one part holds every class (a
	// one-worker pool) of a trainer that computes Δ; with more parts each
	// keeps its classes' logits in its own buffer, class-major, so that no
	// two workers write to one cache line.
	directLogits bool
}

// part holds one worker's classes [lo, hi) of a step (or, with the
// neuron split, its neurons [lo, hi); see neurons.go).
type part struct {
	lo, hi  int
	sv      [][]float64 // with neurons: per encoder, N×(hi−lo) σ(Z) of the part's neurons
	z       [][]float64 // per encoder: N×(hi−lo)·m; Z, then σ'(Z), then G
	v       []float64   // per encoder, one sample's σ(Z) of the part's neurons
	scratch []float64   // N×(hi−lo)·m: a learned head's Δ H_e
	f       []float64   // (hi−lo)×N logits of the part's classes, class-major
	fb      [][]float64 // per encoder: (hi−lo)×N branch logits F_e, when kept
	coef    []float64   // N×(hi−lo): an objective's factor of G_e a sample and class (objective.go)
	// pack holds the part's packed wᵀ panels, one encoder's at a time, in a
	// trainer that trains (its steps allocate nothing, collections or not);
	// nil in a one-pass evaluation, which packs into the kernels' shared pool.
	pack *kernel.PanelBuffer
}

// NewTrainer binds net to the training set (x[r] is modality r's n×d inputs, y
// the labels) and to the pool that runs its kernels.
func NewTrainer(net *Net, pool *kernel.Pool, x [][]float64, y []int) *Trainer {
	return newTrainer(net, pool, x, y, len(y))
}

// newTrainer binds net to n samples x; with y nil it only evaluates (the
// forward pass), and holds no gradient.
func newTrainer(net *Net, pool *kernel.Pool, x [][]float64, y []int, n int) *Trainer {
	t := &Trainer{net: net, pool: pool, kern: pool.Kernels(), x: x, y: y, n: n, capacity: n, headRate: 1}
	t.setUpdater(descent{})
	if net.Act.Q == 3 || net.Act.Plain() { // the plain ReLU's constants are all zero
		rho, coef, shift, inv := net.Act.Constants()
		t.cubic = &kernel.Cubic{Rho: rho, Coef: coef, Shift: shift, Inv: inv}
	}
	if y != nil {
		t.delta, t.rowLossAll, t.hitAll = make([]float64, n*net.K), make([]float64, n), make([]bool, n)
		t.soft = newSoftmaxScratch(n, net.K)
		t.rowLoss, t.hit = t.rowLossAll, t.hitAll
		for range net.Mods {
			t.grad = append(t.grad, make([]float64, net.K*net.M*net.D))
		}
	}
	if net.Head != nil {
		km := net.K * net.M
		for range net.Mods {
			t.act = append(t.act, make([]float64, n*km))
			t.headF = append(t.headF, make([]float64, n*net.K))
			if y != nil {
				t.headT = append(t.headT, make([]float64, km*net.K))
				t.headGradT = append(t.headGradT, make([]float64, km*net.K))
				t.headGrad = append(t.headGrad, make([]float64, net.K*km))
			}
		}
	}
	t.applyFn = t.applyClasses
	t.passFns = [passKinds][3]func(lo, hi int){
		byClasses:   {t.forwardClasses, t.softmaxRows, t.backwardClasses},
		byNeurons:   {t.forwardNeurons, t.softmaxNeurons, t.backwardNeurons},
		byHead:      {t.forwardHead, t.softmaxHead, t.backwardHead},
		byObjective: {t.forwardObjective, t.softmaxObjective, t.backwardObjective},
	}
	t.SetObjective(Objective{})
	return t
}

// Net returns the network being trained.
func (t *Trainer) Net() *Net { return t.net }

// Grad returns ∇W of encoder e from the last LossGrad or Step (aliased
// storage); Apply with a scale or noise replaces it by the modulated gradient.
func (t *Trainer) Grad(e int) []float64 { return t.grad[e] }

// HeadGrad returns ∇H of encoder e's head block from the last LossGrad or
// Step (aliased storage; nil for the fixed head).
func (t *Trainer) HeadGrad(e int) []float64 {
	if t.headGrad == nil {
		return nil
	}
	return t.headGrad[e]
}

// SetHeadRate sets a learned head's step size as a multiple of the
// encoders' (the default is 1: the same step).
func (t *Trainer) SetHeadRate(ratio float64) { t.headRate = ratio }

// SetRows binds the trainer to the samples x, y (x[r] is modality r's
// len(y)×d inputs), at most as many as it was built for: the following steps
// train on them alone, the mean loss over them (a minibatch). It allocates
// nothing. SetRows with the full training set restores full-batch steps. It
// panics on an empty set or one larger than the trainer's (a caller's bug,
// never the user's input: the case's batch is validated).
func (t *Trainer) SetRows(x [][]float64, y []int) {
	if len(y) > t.capacity || len(y) == 0 {
		panic("nn: SetRows needs 1 to the trainer's capacity of samples")
	}
	t.x, t.y, t.n = x, y, len(y)
	t.dropRowPanels()
	t.rowLoss, t.hit = t.rowLossAll[:t.n], t.hitAll[:t.n]
	for e := range t.scoreB {
		t.scoreB[e], t.hitB[e] = t.scoreB[e][:cap(t.scoreB[e])][:t.n], t.hitB[e][:cap(t.hitB[e])][:t.n]
	}
}

// Loss computes the mean cross-entropy at the current weights (and, with
// Objective.Branches, the branch scores and accuracies) without the gradient.
func (t *Trainer) Loss() float64 {
	t.beforeForward()
	t.pool.Run(t.units, 1, t.forwardFn)
	t.pool.Run(t.n, kernel.RowGrainXWt, t.softmaxFn)
	loss := 0.0
	for _, l := range t.rowLoss {
		loss += l
	}
	t.loss = loss / float64(t.n)
	return t.loss
}

// Misclassified returns the number of bound samples the net classified
// wrong in the last pass (Loss, LossGrad or Step): those whose largest logit,
// the first in case of ties as in Net.Predict, is not the label. After Step it
// counts the errors at the weights before the step's update.
func (t *Trainer) Misclassified() int {
	wrong := 0
	for _, h := range t.hit {
		if !h {
			wrong++
		}
	}
	return wrong
}

// LossGrad computes the mean cross-entropy at the current weights and its
// gradient (see Grad), without changing the weights.
func (t *Trainer) LossGrad() float64 {
	t.update = false
	return t.run()
}

// Step computes the loss at the current weights, then takes one step of the
// optimizer: W ← W − η ∇W for gradient descent (SetAdam for Adam), and the
// same for a learned head with step η·SetHeadRate's ratio. It returns the loss before the step, or a *DivergenceError (and
// leaves the weights unchanged) when that loss is NaN or ±Inf.
func (t *Trainer) Step(eta float64) (float64, error) {
	t.update, t.eta = true, eta
	t.opt.advance()
	loss := t.run()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &DivergenceError{Loss: loss}
	}
	return loss, nil
}

// StepAfterLoss takes the step Step would take, from the pass of the Loss
// call just before it, without computing that pass again: the weights, the
// bound rows and the objective must not have changed since. It returns what
// Step would, with the same bits. A stopping rule that needs the loss and the
// training error at W(t) before deciding to step uses it.
func (t *Trainer) StepAfterLoss(eta float64) (float64, error) {
	t.update, t.eta = true, eta
	t.opt.advance()
	loss := t.loss
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &DivergenceError{Loss: loss}
	}
	t.pool.Run(t.units, 1, t.backwardFn)
	return loss, nil
}

func (t *Trainer) run() float64 {
	loss := t.Loss()
	if t.update && (math.IsNaN(loss) || math.IsInf(loss, 0)) {
		return loss
	}
	t.pool.Run(t.units, 1, t.backwardFn)
	return loss
}

// part returns the part whose classes start at lo.
func (t *Trainer) part(lo int) *part { return &t.parts[t.partOf[lo]] }

// forwardClasses computes, for the classes [lo, hi) of one part: Z_r of their
// neurons, σ'(Z_r) in its place, and their logits
// F_j = Σ_r Σ_l σ(Z_r[·, j·m + l]), summed in the order of r, then l.
func (t *Trainer) forwardClasses(lo, hi int) {
	net, p := t.net, t.part(lo)
	m, d := net.M, net.D
	cols := (hi - lo) * m
	for e, r := range net.Mods {
		t.kern.XWtRowsPanels(p.z[e], t.x[r], t.rowPanels(r), net.W[e][lo*m*d:hi*m*d], p.pack, d, cols, 0, t.n)
	}
	for i := 0; i < t.n; i++ {
		for e := range net.Mods {
			t.valueSlope(p.v[e*cols:(e+1)*cols], p.z[e][i*cols:(i+1)*cols])
		}
		if t.directLogits {
			classLogits(t.delta[i*net.K:], 1, p.v, hi-lo, m, len(net.Mods))
			continue
		}
		classLogits(p.f[i:], t.n, p.v, hi-lo, m, len(net.Mods))
	}
}

// classLogits writes one sample's logits of c classes into f[j·step] from v,
// the σ of their c·m neurons for each of e encoders in turn:
// F_j = Σ_r Σ_l v[r·c·m + j·m + l], each class summed in the order of r,
// then l. Four classes at a time (then two, then one) are
// summed side by side, each in its own variable: every class gets the same
// additions in the same order as alone, but four chains of dependent
// additions are in flight instead of one (2.3× faster at 5 classes of 10).
func classLogits(f []float64, step int, v []float64, c, m, e int) {
	cols := c * m
	j := 0
	for ; j+4 <= c; j += 4 {
		var s0, s1, s2, s3 float64
		for r := range e {
			a := v[r*cols+j*m : r*cols+(j+1)*m]
			b := v[r*cols+(j+1)*m : r*cols+(j+2)*m][:len(a)]
			cc := v[r*cols+(j+2)*m : r*cols+(j+3)*m][:len(a)]
			d := v[r*cols+(j+3)*m : r*cols+(j+4)*m][:len(a)]
			for l := range a {
				s0 += a[l]
				s1 += b[l]
				s2 += cc[l]
				s3 += d[l]
			}
		}
		f[j*step], f[(j+1)*step], f[(j+2)*step], f[(j+3)*step] = s0, s1, s2, s3
	}
	for ; j+2 <= c; j += 2 {
		var s0, s1 float64
		for r := range e {
			a := v[r*cols+j*m : r*cols+(j+1)*m]
			b := v[r*cols+(j+1)*m : r*cols+(j+2)*m][:len(a)]
			for l := range a {
				s0 += a[l]
				s1 += b[l]
			}
		}
		f[j*step], f[(j+1)*step] = s0, s1
	}
	for ; j < c; j++ {
		sum := 0.0
		for r := range e {
			for _, x := range v[r*cols+j*m : r*cols+(j+1)*m] {
				sum += x
			}
		}
		f[j*step] = sum
	}
}

// valueSlope sets v[c] = σ(z[c]) and z[c] = σ'(z[c]) over one span of
// pre-activations: on the kernels for the smoothed ReLU of power 3, with
// act.Func.ValueSlope otherwise (the same bits either way).
func (t *Trainer) valueSlope(v, z []float64) {
	if t.cubic != nil {
		t.kern.CubicValueSlope(v, z, *t.cubic)
		return
	}
	for c, u := range z {
		v[c], z[c] = t.net.Act.ValueSlope(u)
	}
}

// softmaxRows computes, for samples [lo, hi), the row loss and Δ from the logits
// the parts computed, gathered into Δ's place unless they were written there
// (directLogits).
func (t *Trainer) softmaxRows(lo, hi int) {
	if !t.directLogits {
		k := t.net.K
		for i := lo; i < hi; i++ {
			fi := t.delta[i*k : (i+1)*k]
			for j := range fi {
				owner := &t.parts[t.partOf[j]]
				fi[j] = owner.f[(j-owner.lo)*t.n+i]
			}
		}
	}
	t.softmaxLogits(lo, hi)
}

// softmaxLogits computes, for samples [lo, hi) whose fused logits are in
// Δ's place, the row loss, whether the sample is classified right, and Δ.
func (t *Trainer) softmaxLogits(lo, hi int) {
	k := t.net.K
	invN := 1 / float64(t.n)
	t.logSumExpRows(t.delta, lo, hi)
	for i := lo; i < hi; i++ {
		fi := t.delta[i*k : (i+1)*k]
		t.rowLoss[i] = t.soft.lse[i] - fi[t.y[i]]
		t.hit[i] = argmax(fi) == t.y[i]
	}
	t.softmaxDeltaRows(t.delta, t.y, lo, hi, invN) // the logits become Δ in their place
}

// backwardClasses computes, for the classes [lo, hi) of one part, G_r =
// (Δ Sᵀ) ⊙ σ'(Z_r) of their neurons, the rows of ∇W_r = G_rᵀ X_r that belong to
// them and, when stepping, updates the same rows of W_r.
func (t *Trainer) backwardClasses(lo, hi int) {
	net, p := t.net, t.part(lo)
	k, m := net.K, net.M
	cols := (hi - lo) * m
	for e, r := range net.Mods {
		z := p.z[e]
		t.kern.ScaleByClass(z, t.delta, t.n, cols, lo*m, m, k) // σ'(Z) becomes G in its place
		t.gradRows(e, r, lo*m, hi*m, z)
	}
}

// gradRows computes the rows of ∇W_e of the neurons [a, b) from their G_e
// in z and, when stepping, updates the same rows of W_e.
func (t *Trainer) gradRows(e, r, a, b int, z []float64) {
	d := t.net.D
	cols := b - a
	grad := t.grad[e][a*d : b*d]
	w := t.net.W[e][a*d : b*d]
	if t.update && t.fusedDescent {
		t.kern.GtXRowsDescent(grad, z, t.x[r], t.n, cols, d, 0, cols, w, t.eta) // and W ← W − η·∇W
		return
	}
	t.kern.GtXRows(grad, z, t.x[r], t.n, cols, d, 0, cols)
	if t.update {
		t.opt.update(t.kern, w, grad, slot{e: e, lo: a * d, hi: b * d}, t.eta)
	}
}
