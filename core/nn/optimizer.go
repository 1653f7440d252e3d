package nn

import (
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
)

// Adam holds the settings of Adam (Kingma & Ba, 2015) with bias correction:
// with g the gradient of the step's loss and t the number of updates so far,
//
//	m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,
//	w ← w − η · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε).
//
// The zero value is not usable: β1, β2 ∈ [0, 1) and ε > 0 are read as given.
type Adam struct {
	Beta1, Beta2, Eps float64
}

// updater is an optimizer's rule for turning a step's gradient into an update
// of the weights. A trainer holds one: gradient descent (descent, the
// default) or Adam (adamState, after SetAdam). A new optimizer is a new
// updater, with its state kept per slot.
type updater interface {
	// advance counts one more step, before the step's updates.
	advance()
	// update updates the weights w from their gradient g; at names which
	// weights they are, for an optimizer with state per weight.
	update(k kernel.Kernels, w, g []float64, at slot, eta float64)
}

// slot names the weights of one update: the entries [lo, hi) of encoder e's
// weights, or of its learned head block when head is set.
type slot struct {
	head   bool
	e      int
	lo, hi int
}

// fusedDescender is an updater's optional capability: it is plain gradient
// descent, W ← W − η·∇W, so that the backward kernel may update W as it
// stores ∇W (kernel.Kernels.GtXRowsDescent) instead of in a second pass.
type fusedDescender interface {
	fusesDescent()
}

// descent is gradient descent: w ← w − η·g, each product rounded.
type descent struct{}

func (descent) advance() {}

func (descent) update(_ kernel.Kernels, w, g []float64, _ slot, eta float64) {
	for i := range w {
		w[i] -= float64(eta * g[i]) // float64(): no fused multiply-add (see core/kernel's package comment)
	}
}

func (descent) fusesDescent() {}

// adamState is a trainer's Adam: the settings, the update count and the
// moment estimates of every weight (w[e] for encoder e, head[e] for its
// learned head block; index 0 is m, 1 is v).
type adamState struct {
	Adam
	t       int
	corr1   float64 // 1 / (1 − β1^t)
	corr2   float64 // 1 / (1 − β2^t)
	w, head [][2][]float64
}

// SetAdam makes every following update Adam's, starting from zero moment
// estimates and update count; nil restores gradient descent.
func (t *Trainer) SetAdam(a *Adam) {
	if a == nil {
		t.setUpdater(descent{})
		return
	}
	s := &adamState{Adam: *a}
	for e := range t.net.Mods {
		size := len(t.net.W[e])
		s.w = append(s.w, [2][]float64{make([]float64, size), make([]float64, size)})
		if t.net.Head != nil {
			size = len(t.net.Head[e])
			s.head = append(s.head, [2][]float64{make([]float64, size), make([]float64, size)})
		}
	}
	t.setUpdater(s)
}

// setUpdater makes u the trainer's optimizer.
func (t *Trainer) setUpdater(u updater) {
	t.opt = u
	_, t.fusedDescent = u.(fusedDescender)
}

// advance counts one more update and its bias corrections.
func (s *adamState) advance() {
	s.t++
	s.corr1 = 1 / (1 - exactmath.Pow(s.Beta1, float64(s.t)))
	s.corr2 = 1 / (1 - exactmath.Pow(s.Beta2, float64(s.t)))
}

// update applies one Adam step of size eta to the weights w from their
// gradient g, with the moment estimates of the same entries (at), on the
// kernels k (kernel.AdamUpdate: the arithmetic above, each operation rounded).
func (s *adamState) update(k kernel.Kernels, w, g []float64, at slot, eta float64) {
	moments := s.w[at.e]
	if at.head {
		moments = s.head[at.e]
	}
	m, v := moments[0][at.lo:at.hi], moments[1][at.lo:at.hi]
	k.AdamUpdate(w, g, m, v, kernel.AdamStep{
		Beta1: s.Beta1, Beta2: s.Beta2, Rest1: 1 - s.Beta1, Rest2: 1 - s.Beta2,
		Corr1: s.corr1, Corr2: s.corr2, Eta: eta, Eps: s.Eps,
	})
}
