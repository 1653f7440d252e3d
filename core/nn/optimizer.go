package nn

import (
	"math"

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
		t.adam = nil
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
	t.adam = s
}

// advance counts one more update and its bias corrections.
func (s *adamState) advance() {
	s.t++
	s.corr1 = 1 / (1 - math.Pow(s.Beta1, float64(s.t)))
	s.corr2 = 1 / (1 - math.Pow(s.Beta2, float64(s.t)))
}

// update applies one Adam step of size eta to the weights w from their
// gradient g, with m and v the same entries' moment estimates, on the kernels k
// (kernel.AdamUpdate: the arithmetic above, each operation rounded).
func (s *adamState) update(k kernel.Kernels, w, g, m, v []float64, eta float64) {
	k.AdamUpdate(w, g, m, v, kernel.AdamStep{
		Beta1: s.Beta1, Beta2: s.Beta2, Rest1: 1 - s.Beta1, Rest2: 1 - s.Beta2,
		Corr1: s.corr1, Corr2: s.corr2, Eta: eta, Eps: s.Eps,
	})
}
