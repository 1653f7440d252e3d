package nn

import "github.com/modcomp/modcomp/core/kernel"

// The neuron split. A step split by classes keeps at most K workers busy; when
// the pool has more workers than the net has classes, the plain objective's
// passes split the K·M neurons instead (rows of every W_e stay owned by one
// worker each). A class's neurons may then lie in two parts, so the forward
// pass keeps σ(Z) of every neuron, and its logits
// F_ij = Σ_e Σ_l σ(Z_e[i, j·M + l]) are summed in the softmax pass, by
// samples, in the same order of e, then l: the bits of the class split.

// segment is a run of one class's neurons inside one part: columns
// [from, to) of the part's buffers.
type segment struct {
	part, from, to int
}

// layout (re)builds the parts for a split by classes or, with neurons, by
// neurons; it keeps them when the split is already the asked one.
func (t *Trainer) layout(neurons bool) {
	if t.parts != nil && t.neurons == neurons {
		return
	}
	net, n := t.net, t.capacity
	per := net.M // neurons a unit
	t.units, t.neurons, t.parts, t.segs = net.K, neurons, nil, nil
	if neurons {
		t.units, per = net.K*net.M, 1
	}
	t.partOf = make([]int, t.units)
	for i, r := range t.pool.Ranges(t.units, 1) {
		cols := (r[1] - r[0]) * per
		p := part{lo: r[0], hi: r[1]}
		for range net.Mods {
			p.z = append(p.z, make([]float64, n*cols))
			if neurons {
				p.sv = append(p.sv, make([]float64, n*cols))
			}
		}
		if !neurons {
			p.f, p.v = make([]float64, (r[1]-r[0])*n), make([]float64, len(net.Mods)*cols)
		}
		if net.Head != nil && t.y != nil {
			p.scratch = make([]float64, n*cols)
		}
		if t.y != nil {
			p.pack = new(kernel.PanelBuffer)
		}
		for u := r[0]; u < r[1]; u++ {
			t.partOf[u] = i
		}
		t.parts = append(t.parts, p)
	}
	t.useRowPanels(per)
	if neurons {
		t.segs = make([][]segment, net.K)
		for j := range t.segs {
			for q := j * net.M; q < (j+1)*net.M; {
				i := t.partOf[q]
				p := &t.parts[i]
				end := min((j+1)*net.M, p.hi)
				t.segs[j] = append(t.segs[j], segment{part: i, from: q - p.lo, to: end - p.lo})
				q = end
			}
		}
	}
}

// forwardNeurons computes, for the neurons [lo, hi) of one part, Z_e, σ(Z_e)
// into the part's sv and σ'(Z_e) in Z's place.
func (t *Trainer) forwardNeurons(lo, hi int) {
	net, p := t.net, t.part(lo)
	d, cols := net.D, hi-lo
	for e, r := range net.Mods {
		t.kern.XWtRowsPanels(p.z[e], t.x[r], t.rowPanels(r), net.W[e][lo*d:hi*d], p.pack, d, cols, 0, t.n)
		for i := 0; i < t.n; i++ {
			t.valueSlope(p.sv[e][i*cols:(i+1)*cols], p.z[e][i*cols:(i+1)*cols])
		}
	}
}

// neuronLogits writes the fused logits of samples [lo, hi) into out (n×k):
// F_ij = Σ_e Σ_l σ(Z_e[i, j·M + l]), in the order of e, then l, from the parts'
// σ(Z).
func (t *Trainer) neuronLogits(lo, hi int, out []float64) {
	k := t.net.K
	for i := lo; i < hi; i++ {
		for j := 0; j < k; j++ {
			sum := 0.0
			for e := range t.net.Mods {
				for _, s := range t.segs[j] {
					p := &t.parts[s.part]
					cols := p.hi - p.lo
					for _, v := range p.sv[e][i*cols+s.from : i*cols+s.to] {
						sum += v
					}
				}
			}
			out[i*k+j] = sum
		}
	}
}

// softmaxNeurons is softmaxRows for the neuron split: the logits of samples
// [lo, hi) summed from the parts' σ(Z), then the row loss and Δ.
func (t *Trainer) softmaxNeurons(lo, hi int) {
	t.neuronLogits(lo, hi, t.delta)
	t.softmaxLogits(lo, hi)
}

// backwardNeurons computes, for the neurons [lo, hi) of one part, G_e =
// (Δ Sᵀ) ⊙ σ'(Z_e), their rows of ∇W_e and, when stepping, updates them.
func (t *Trainer) backwardNeurons(lo, hi int) {
	net, p := t.net, t.part(lo)
	k, m, cols := net.K, net.M, hi-lo
	for e, r := range net.Mods {
		z := p.z[e]
		t.kern.ScaleByClass(z, t.delta, t.n, cols, lo, m, k) // neuron lo+c belongs to class (lo+c)/m
		t.gradRows(e, r, lo, hi, z)
	}
}
