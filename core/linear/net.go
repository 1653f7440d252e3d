package linear

import (
	"math"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/rng"
)

// layer is one fully connected layer without bias: out×in weights, row-major.
type layer struct {
	out, in int
	// data: the layer's input is the data, so no gradient flows below it.
	data    bool
	w, grad []float64
	wt      []float64 // wᵀ, refreshed before each backward pass
}

// Net is net.py's deep_fusion network: each modality's own L_f−1 layers
// (the encoders), the fusion layer on their concatenated outputs (A's
// first), and L−L_f fused layers after it, the activation after every layer
// but the last. L_f = 1 is early fusion (the fusion layer takes the
// concatenated inputs (x_A, x_B)); L_f = L is late fusion.
type Net struct {
	p      Params
	encA   []*layer
	encB   []*layer
	fuse   *layer
	dec    []*layer
	layers []*layer // every layer, in the order of the initial draw
	chain  []*layer // the fusion layer and the fused layers after it
}

// NewNet returns p's network with every weight drawn i.i.d. N(0, γ²) from
// the seed's init stream, layer by layer in the order A's encoders, B's
// encoders, the fusion layer, the fused layers, each row by row (or every
// weight γ, with InitScheme Constant).
func NewNet(p Params, seed uint64) *Net {
	h := p.Width
	n := &Net{p: p}
	mk := func(out, in int) *layer {
		l := &layer{out: out, in: in, w: make([]float64, out*in), grad: make([]float64, out*in), wt: make([]float64, out*in)}
		n.layers = append(n.layers, l)
		return l
	}
	for i := 1; i < p.FuseDepth; i++ {
		n.encA = append(n.encA, mk(h, pick(i == 1, p.dim(), h)))
		n.encA[i-1].data = i == 1
	}
	for i := 1; i < p.FuseDepth; i++ {
		n.encB = append(n.encB, mk(h, pick(i == 1, p.dim(), h)))
		n.encB[i-1].data = i == 1
	}
	n.fuse = mk(pick(p.FuseDepth == p.Depth, 1, h), pick(p.FuseDepth == 1, 2*p.dim(), 2*h))
	n.fuse.data = p.FuseDepth == 1
	for i := p.FuseDepth; i < p.Depth; i++ {
		n.dec = append(n.dec, mk(pick(i == p.Depth-1, 1, h), h))
	}
	n.chain = append([]*layer{n.fuse}, n.dec...)
	src := rng.New(seed, StreamInit)
	for _, l := range n.layers {
		for i := range l.w {
			if p.InitScheme == Constant {
				l.w[i] = p.Init
				continue
			}
			l.w[i] = p.Init * rng.Normal(src)
		}
	}
	return n
}

func pick(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

// Weights returns a copy of every layer's weights, in the order of the
// initial draw.
func (n *Net) Weights() [][]float64 {
	out := make([][]float64, len(n.layers))
	for i, l := range n.layers {
		out[i] = append([]float64(nil), l.w...)
	}
	return out
}

// pass holds one forward pass's inputs and pre-activations, per layer, for
// the backward pass.
type pass struct {
	rows      int
	in        map[*layer][]float64 // the layer's input, rows×in
	z         map[*layer][]float64 // its output before the activation, rows×out
	a         map[*layer][]float64 // its output after the activation (encoders)
	g, gin    map[*layer][]float64 // gradient at the layer's output and input
	xa, xb, y []float64
}

func newPass(n *Net, xa, xb, y []float64) *pass {
	rows := len(y)
	ps := &pass{rows: rows, in: map[*layer][]float64{}, z: map[*layer][]float64{}, a: map[*layer][]float64{}, g: map[*layer][]float64{},
		gin: map[*layer][]float64{}, xa: xa, xb: xb, y: y}
	for _, l := range n.layers {
		ps.in[l] = make([]float64, rows*l.in)
		ps.z[l] = make([]float64, rows*l.out)
		ps.a[l] = make([]float64, rows*l.out)
		ps.g[l] = make([]float64, rows*l.out)
		ps.gin[l] = make([]float64, rows*l.in)
	}
	return ps
}

// activate writes act(z) into dst.
func (n *Net) activate(dst, z []float64) {
	if n.p.Activation == ReLU {
		for i, v := range z {
			dst[i] = max(v, 0)
		}
		return
	}
	copy(dst, z)
}

// gate multiplies g by act'(z): zero where a ReLU was off.
func (n *Net) gate(g, z []float64) {
	if n.p.Activation != ReLU {
		return
	}
	for i, v := range z {
		if v <= 0 {
			g[i] = 0
		}
	}
}

// apply runs layer l on its input ps.in[l] into ps.z[l]: Z = X Wᵀ on the
// exact reference kernel (a sum in index order with math.FMA, the same bits
// on every platform).
func (ps *pass) apply(l *layer) { kernel.RefXWt(ps.z[l], ps.in[l], l.w, ps.rows, l.in, l.out) }

// encode runs a modality's encoders on x, returning the last one's
// activated output (x itself when there are none).
func (n *Net) encode(ps *pass, enc []*layer, x []float64) []float64 {
	cur := x
	for _, l := range enc {
		copy(ps.in[l], cur)
		ps.apply(l)
		n.activate(ps.a[l], ps.z[l])
		cur = ps.a[l]
	}
	return cur
}

// forward runs the net on the pass's inputs and returns its outputs (rows×1).
func (n *Net) forward(ps *pass) []float64 {
	a, b := n.encode(ps, n.encA, ps.xa), n.encode(ps, n.encB, ps.xb)
	wa, wb := len(a)/ps.rows, len(b)/ps.rows
	in := ps.in[n.fuse]
	for i := range ps.rows {
		copy(in[i*(wa+wb):], a[i*wa:(i+1)*wa])
		copy(in[i*(wa+wb)+wa:], b[i*wb:(i+1)*wb])
	}
	ps.apply(n.fuse)
	z := ps.z[n.fuse]
	for _, l := range n.dec {
		n.activate(ps.in[l], z)
		ps.apply(l)
		z = ps.z[l]
	}
	return z
}

// backward computes every layer's gradient of the mean squared error from
// the pass's forward outputs out: dL/dŷ = 2(ŷ − y)/N, then per layer
// ∇W = Gᵀ X (kernel.RefGtX) and the input's gradient G W (kernel.RefXWt
// with Wᵀ), gated by the activation's slope.
func (n *Net) backward(ps *pass, out []float64) {
	last := n.layers[len(n.layers)-1]
	g := ps.g[last]
	scale := 2 / float64(ps.rows)
	for i := range out {
		g[i] = (out[i] - ps.y[i]) * scale
	}
	// The fused layers, last first, then the fusion layer.
	chain := n.chain
	for k := len(chain) - 1; k >= 0; k-- {
		l := chain[k]
		n.grad(ps, l)
		if k > 0 {
			prev := chain[k-1]
			copy(ps.g[prev], ps.gin[l])
			n.gate(ps.g[prev], ps.z[prev])
		}
	}
	if len(n.encA) == 0 {
		return
	}
	// Split the fusion layer's input gradient into the two encoders'.
	h := n.fuse.in / 2
	gin := ps.gin[n.fuse]
	ga, gb := ps.g[n.encA[len(n.encA)-1]], ps.g[n.encB[len(n.encB)-1]]
	for i := range ps.rows {
		copy(ga[i*h:(i+1)*h], gin[i*2*h:])
		copy(gb[i*h:(i+1)*h], gin[i*2*h+h:])
	}
	for _, enc := range [][]*layer{n.encA, n.encB} {
		for k := len(enc) - 1; k >= 0; k-- {
			l := enc[k]
			n.gate(ps.g[l], ps.z[l])
			n.grad(ps, l)
			if k > 0 {
				copy(ps.g[enc[k-1]], ps.gin[l])
			}
		}
	}
}

// grad computes layer l's weight gradient from its output gradient and, but
// for a first encoder layer, its input's gradient.
func (n *Net) grad(ps *pass, l *layer) {
	kernel.RefGtX(l.grad, ps.g[l], ps.in[l], ps.rows, l.out, l.in)
	if l.data {
		return
	}
	for i := range l.out {
		for j := range l.in {
			l.wt[j*l.out+i] = l.w[i*l.in+j]
		}
	}
	kernel.RefXWt(ps.gin[l], ps.g[l], l.wt, ps.rows, l.out, l.in)
}

// loss returns the mean squared error of out against the pass's targets,
// summed in sample order with math.FMA.
func (ps *pass) loss(out []float64) float64 {
	s := 0.0
	for i, v := range out {
		d := v - ps.y[i]
		s = math.FMA(d, d, s)
	}
	return s / float64(ps.rows)
}

// step takes one gradient-descent step, w ← w − η·∇W, every layer from the
// same forward pass (kernel.RefDescentUpdate).
func (n *Net) step() {
	for _, l := range n.layers {
		kernel.RefDescentUpdate(l.w, l.grad, n.p.Eta)
	}
}
