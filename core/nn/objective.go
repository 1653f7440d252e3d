package nn

import (
	"math"

	"github.com/modcomp/modcomp/core/exactmath"
)

// Objective is what a Trainer minimises beyond the mean cross-entropy of the
// fused logits F = Σ_e F_e, where F_e = Σ_l σ(⟨w_{e,j,l}, x_e⟩) are the logits
// of encoder e's branch alone. Training methods set it; the zero value is the
// plain fused loss, the paper's.
type Objective struct {
	// Mask[e][i] is 1 when sample i's branch e enters the fused logits and 0
	// when it is dropped (modality dropout). nil keeps every branch. The
	// trainer reads it at every step; the caller may rewrite it in place.
	Mask [][]float64
	// BranchWeights[e] weighs an auxiliary loss on branch e alone: the
	// objective becomes JointWeight·CE(F) + Σ_e BranchWeights[e]·CE(F_e)
	// (Gradient-Blending). nil: CE(F) alone, and JointWeight is ignored.
	BranchWeights []float64
	JointWeight   float64
	// Branches keeps each branch's logits, the softmax they give the label
	// (BranchScore) and whether they classify each sample right
	// (BranchAccuracy). It does not change the fused logits, the loss or the
	// gradient by one bit.
	Branches bool
}

// SetObjective sets what the following steps minimise. With the zero
// Objective a step runs the plain, fastest path, split by neurons when the
// pool has more workers than the net has classes (neurons.go); any other
// objective splits by classes. A net with a learned head
// honours Branches alone (its methods set no mask or branch weights).
func (t *Trainer) SetObjective(o Objective) {
	t.obj = o
	plain := o.Mask == nil && o.BranchWeights == nil && !o.Branches
	neurons := plain && t.net.Head == nil && t.pool.Workers() > t.net.K
	t.layout(neurons)
	kind := byClasses
	switch {
	case neurons:
		kind = byNeurons
	case t.net.Head != nil:
		kind = byHead
	}
	t.usePasses(kind)
	t.directLogits = plain && !neurons && t.net.Head == nil && len(t.parts) == 1 && t.delta != nil
	if plain {
		return
	}
	e, n := len(t.net.Mods), t.capacity
	for i := range t.parts {
		p := &t.parts[i]
		for len(p.fb) < e && t.net.Head == nil {
			p.fb = append(p.fb, make([]float64, (p.hi-p.lo)*n))
		}
		if p.coef == nil && t.y != nil && t.net.Head == nil {
			p.coef = make([]float64, n*(p.hi-p.lo))
		}
	}
	if t.y != nil && t.scoreB == nil {
		for range e {
			t.scoreB = append(t.scoreB, make([]float64, n)[:t.n])
			t.hitB = append(t.hitB, make([]bool, n)[:t.n])
		}
	}
	if t.y != nil && t.deltaB == nil && t.net.Head == nil {
		for range e {
			t.deltaB = append(t.deltaB, make([]float64, n*t.net.K))
		}
	}
	if t.net.Head == nil {
		t.usePasses(byObjective)
	}
}

// passKind names a layout's forward, softmax and backward passes.
type passKind int

const (
	byClasses passKind = iota
	byNeurons
	byHead
	byObjective
	passKinds // how many
)

// usePasses makes the passes of kind the trainer's.
func (t *Trainer) usePasses(kind passKind) {
	p := t.passFns[kind]
	t.forwardFn, t.softmaxFn, t.backwardFn = p[0], p[1], p[2]
}

// forwardObjective is forwardClasses keeping the branch logits and leaving
// masked branches out of the fused sum. The fused sum adds σ over (e, l) in
// the same order as forwardClasses, so an all-ones mask gives its bits.
func (t *Trainer) forwardObjective(lo, hi int) {
	net, p := t.net, t.part(lo)
	m, d := net.M, net.D
	cols := (hi - lo) * m
	for e, r := range net.Mods {
		t.kern.XWtRowsPanels(p.z[e], t.x[r], t.rowPanels(r), net.W[e][lo*m*d:hi*m*d], p.pack, d, cols, 0, t.n)
	}
	mask := t.obj.Mask
	for i := 0; i < t.n; i++ {
		for e := range net.Mods {
			t.valueSlope(p.v[e*cols:(e+1)*cols], p.z[e][i*cols:(i+1)*cols])
		}
		for j := 0; j < hi-lo; j++ {
			sum := 0.0
			for e := range net.Mods {
				kept := mask == nil || mask[e][i] != 0
				branch := 0.0
				for _, v := range p.v[e*cols+j*m : e*cols+(j+1)*m] {
					branch += v
					if kept {
						sum += v
					}
				}
				p.fb[e][j*t.n+i] = branch
			}
			p.f[j*t.n+i] = sum
		}
	}
}

// softmaxObjective is softmaxRows plus, per branch, its softmax at the label,
// whether it classifies the sample right and, when weighted, its loss and Δ.
func (t *Trainer) softmaxObjective(lo, hi int) {
	t.softmaxRows(lo, hi)
	if t.y == nil {
		return
	}
	k := t.net.K
	invN := 1 / float64(t.n)
	weights := t.obj.BranchWeights
	if weights != nil {
		for i := lo; i < hi; i++ {
			t.rowLoss[i] = float64(t.obj.JointWeight * t.rowLoss[i])
		}
	}
	for e := range t.net.Mods {
		fb := t.deltaB[e]
		for i := lo; i < hi; i++ {
			row := fb[i*k : (i+1)*k]
			for j := range row {
				owner := &t.parts[t.partOf[j]]
				row[j] = owner.fb[e][(j-owner.lo)*t.n+i]
			}
		}
		t.logSumExpRows(fb, lo, hi)
		for i := lo; i < hi; i++ {
			row, y, lse := fb[i*k:(i+1)*k], t.y[i], t.soft.lse[i]
			t.scoreB[e][i] = exactmath.Exp(row[y] - lse)
			t.hitB[e][i] = argmax(row) == y
			if weights != nil {
				t.rowLoss[i] += float64(weights[e] * (lse - row[y]))
			}
		}
		if weights != nil {
			t.softmaxDeltaRows(fb, t.y, lo, hi, invN)
		}
	}
}

// backwardObjective is backwardClasses with G_e's rows taken from the
// objective: Δ_i·mask_{e,i}, plus BranchWeights[e]·Δ_{e,i} when weighted
// (and JointWeight on the fused term).
func (t *Trainer) backwardObjective(lo, hi int) {
	net, p := t.net, t.part(lo)
	k, m := net.K, net.M
	cols := (hi - lo) * m
	mask, weights := t.obj.Mask, t.obj.BranchWeights
	classes := hi - lo
	for e, r := range net.Mods {
		z := p.z[e]
		for i := 0; i < t.n; i++ {
			di := t.delta[i*k+lo : i*k+hi]
			keep := 1.0
			if mask != nil {
				keep = mask[e][i]
			}
			ci := p.coef[i*classes : (i+1)*classes]
			for j, delta := range di {
				coef := delta * keep
				if weights != nil {
					coef = float64(t.obj.JointWeight*coef) + float64(weights[e]*t.deltaB[e][i*k+lo+j])
				}
				ci[j] = coef
			}
		}
		t.kern.ScaleByClass(z, p.coef, t.n, cols, 0, m, classes) // σ'(Z) becomes G in its place
		t.gradRows(e, r, lo*m, hi*m, z)
	}
}

// BranchScore returns s_e = Σ_i softmax(F_e(x_i))_{y_i} for each branch, from
// the last pass (Objective.Branches must be set), summed in sample order.
func (t *Trainer) BranchScore(out []float64) []float64 {
	out = out[:0]
	for e := range t.scoreB {
		s := 0.0
		for _, v := range t.scoreB[e] {
			s += v
		}
		out = append(out, s)
	}
	return out
}

// BranchCrossEntropy returns, for each branch, the mean over the samples of
// −log max(softmax(F_e(x_i))_{y_i}, floor) from the last pass
// (Objective.Branches must be set), summed in sample order: the branch's
// cross-entropy with each sample's probability floored (AGM's score).
func (t *Trainer) BranchCrossEntropy(out []float64, floor float64) []float64 {
	out = out[:0]
	for e := range t.scoreB {
		s := 0.0
		for _, p := range t.scoreB[e] {
			s -= exactmath.Log(math.Max(p, floor))
		}
		out = append(out, s/float64(len(t.scoreB[e])))
	}
	return out
}

// BranchAccuracy returns each branch's training accuracy from the last pass
// (Objective.Branches must be set).
func (t *Trainer) BranchAccuracy(out []float64) []float64 {
	out = out[:0]
	for e := range t.hitB {
		hits := 0
		for _, h := range t.hitB[e] {
			if h {
				hits++
			}
		}
		out = append(out, float64(hits)/float64(t.n))
	}
	return out
}

// Apply updates every encoder from the gradient of the last LossGrad:
// W_e ← W_e − η·(scale[e]·∇W_e + noise[e]), on the pool, each worker on the
// rows of its own classes. noise may be nil (no noise), as may scale (1).
// The modulated gradient takes ∇W_e's place and the optimizer (gradient
// descent, or Adam after SetAdam) steps on it. A learned head is not updated (its methods do not call Apply).
func (t *Trainer) Apply(eta float64, scale []float64, noise [][]float64) {
	t.applyEta, t.applyScale, t.applyNoise = eta, scale, noise
	t.opt.advance()
	t.pool.Run(t.net.K, 1, t.applyFn)
}

// applyClasses modulates the gradient rows of the classes [lo, hi) in place,
// g ← scale[e]·g + noise[e] (each operation rounded), and lets the optimizer
// step on them.
func (t *Trainer) applyClasses(lo, hi int) {
	net := t.net
	m, d := net.M, net.D
	for e := range net.Mods {
		scale := 1.0
		if t.applyScale != nil {
			scale = t.applyScale[e]
		}
		w := net.W[e][lo*m*d : hi*m*d]
		g := t.grad[e][lo*m*d : hi*m*d]
		if t.applyScale != nil || t.applyNoise != nil {
			for i := range g {
				g[i] = float64(scale * g[i]) // float64(): no fused multiply-add (see core/kernel's package comment)
				if t.applyNoise != nil {
					g[i] += t.applyNoise[e][lo*m*d+i]
				}
			}
		}
		t.opt.update(t.kern, w, g, slot{e: e, lo: lo * m * d, hi: hi * m * d}, t.applyEta)
	}
}
