package train

import (
	"math"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/param"
)

// Memory is an estimate of the memory one Run of a case needs at its peak,
// in bytes, with its largest parts named, so that a command can refuse a case
// the machine cannot hold before allocating anything. It counts float64
// elements as Run allocates them (it is checked against measured heaps in
// TestMemoryEstimate); the Go runtime's own overhead comes on top.
type Memory struct {
	// Dictionaries: R orthogonal d×d dictionaries kept as a matrix and as
	// contiguous atoms, plus the QR factorisation's workspace for one.
	Dictionaries float64
	// Data: the training and test inputs, R·(N + NTest)·d, and the copies of
	// the training inputs in row panels (see kernel.RowPanels) that the net
	// being trained's trainer and its branch scorer keep when their parts are
	// narrow enough to read them (counted always: an upper bound), each
	// rounded up to whole panels of rows (one-pass scoring and minibatches
	// pack none).
	Data float64
	// Weights: W(0), the joint net, its gradient, and the packed wᵀ panels of
	// the trainers that hold them at once (each keeps its workers' own: the
	// training trainer's, the branch scorer's, and a checking or minibatch
	// trainer's), and one uni-modal net with its gradient (and, while it
	// trains on past T to zero error, a copy of its weights) at a time.
	Weights float64
	// Activations: Z per encoder of the net being trained and of the
	// forward pass that scores its branches, its softmax's buffers, and the Z and
	// logits of scoring the train and the test set (a pass holds Z of every
	// encoder; two passes, the first not yet collected when the second
	// allocates).
	Activations float64
}

// Total is the sum of the parts, in bytes.
func (m Memory) Total() float64 { return m.Dictionaries + m.Data + m.Weights + m.Activations }

// MemoryNeeded estimates the peak memory of Run(c, ...). It uses floating
// point throughout, so that absurd sizes give a large estimate rather than an
// overflow.
func MemoryNeeded(c param.Case) Memory {
	const f64 = 8
	r, d := float64(c.R), float64(c.D)
	n, nt := float64(c.N), float64(c.NTest)
	km := float64(c.K) * float64(c.M)
	m := Memory{
		Dictionaries: f64 * (2*r*d*d + 3*d*d),
		Data:         f64 * (r*(n+nt)*d + 3*r*(n+nt) + 2*r*d*panelRows(n)),
		Weights:      f64 * (km * d * (3*r + 7)), // and the copy a uni-modal net's convergence keeps
		Activations:  f64 * ((2*r+1)*n*km + 2*r*max(n, nt)*km + 2*(n+nt)*float64(c.K) + 2*(r+1)*float64(c.K)*float64(c.LambdaPoints) + (2*float64(c.K)+1)*n),
	}
	if mu, ok := methodOf(c).(MemoryUser); ok {
		extra := mu.ExtraMemory(c)
		m.Dictionaries += extra.Dictionaries
		m.Data += extra.Data
		m.Weights += extra.Weights
		m.Activations += extra.Activations
	}
	if c.Adam() { // the moment estimates of the net being trained
		m.Weights += f64 * 2 * r * km * (d + float64(c.K))
	}
	if c.LearnedHead() { // the heads, their gradients and transposes, σ(Z), the branch logits and Δ H of every pass
		k := float64(c.K)
		m.Weights += f64 * (6*r + 1) * km * k
		m.Activations += f64 * (2*r*n*km + r*max(n, nt)*km + 2*r*n*k + r*max(n, nt)*k + 2*n*km)
	}
	if c.Batch > 0 { // the shuffled copy of the training set and a minibatch trainer
		b := float64(c.Batch)
		m.Data += f64 * (r*n*d + n)
		m.Activations += f64 * (r*b*km + 2*b*float64(c.K) + (2*float64(c.K)+1)*b)
	}
	return m
}

// panelRows is n rounded up to whole row panels.
func panelRows(n float64) float64 {
	const w = kernel.RowPanelWidth
	return math.Ceil(n/w) * w
}
