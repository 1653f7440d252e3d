package train

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
)

// pmrAt returns a PMR initialised on the tiny case, its env, and a fused net
// whose weights are redrawn at scale 0.2 so that the features sit in the
// smoothed ReLU's curved piece (at W(0) they are nearly zero).
func pmrAt(t *testing.T) (*PMR, *Env, *nn.Net) {
	t.Helper()
	c := withMethod(MethodPMR, nil)
	x, err := Prepare(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	built, err := NewMethod(c)
	require.NoError(t, err)
	m := built.(*PMR)
	require.Equal(t, 1.0, m.Alpha, "the source's α")
	require.Equal(t, 0.2, m.Momentum, "the source's momentum")
	plan, err := m.Init(context.Background(), x.env)
	require.NoError(t, err)
	src := rand.New(rand.NewPCG(5, 5))
	for _, w := range plan.Start.W {
		for i := range w {
			w[i] = 0.2 * src.NormFloat64() / math.Sqrt(float64(c.D))
		}
	}
	return m, x.env, plan.Start
}

// prototypeLoss is α·(1/N)Σ_i −log softmax(−d(h_e(x_i), c))_{y_i} with the
// prototypes c held fixed.
func prototypeLoss(m *PMR, net *nn.Net, e int, x []float64) float64 {
	m.features(net, e, x)
	m.softmax(net, e)
	ce := 0.0
	for i, y := range m.y {
		ce -= exactmath.Log(m.q[e][i*net.K+y])
	}
	return m.Alpha * ce / float64(m.n)
}

// TestPMRGradientIsTheLossDerivative: the prototype loss's gradient in W_e
// matches central differences of the loss, prototypes fixed.
func TestPMRGradientIsTheLossDerivative(t *testing.T) {
	m, env, net := pmrAt(t)
	x := env.TrainSet.X[1]
	m.features(net, 1, x)
	m.prototypes(net, 1)
	m.softmax(net, 1)
	clear(m.grad[1])
	m.backward(net, 1, x)
	grad := append([]float64(nil), m.grad[1]...)
	w := net.W[1]
	for _, i := range []int{0, 7, 61, 200, len(w) - 1} {
		old := w[i]
		const h = 1e-6
		w[i] = old + h
		up := prototypeLoss(m, net, 1, x)
		w[i] = old - h
		down := prototypeLoss(m, net, 1, x)
		w[i] = old
		fd := (up - down) / (2 * h)
		require.InDelta(t, fd, grad[i], 1e-6*math.Max(1, math.Abs(fd)), "weight %d", i)
	}
}

// TestPMRPrototypesAreClassMeansWithMomentum: the first prototypes are the
// class means of the features; later ones blend in μ of the previous.
func TestPMRPrototypesAreClassMeansWithMomentum(t *testing.T) {
	m, env, net := pmrAt(t)
	k, km := net.K, net.K*net.M
	m.features(net, 0, env.TrainSet.X[0])
	m.prototypes(net, 0)
	first := append([]float64(nil), m.proto[0]...)
	for j := range k {
		sum, n := 0.0, 0
		for i, y := range m.y {
			if y == j {
				sum += m.feat[0][i*km]
				n++
			}
		}
		require.InDelta(t, sum/float64(n), first[j*km], 1e-15, "class %d", j)
	}
	m.steps = 1
	for i := range m.feat[0] {
		m.feat[0][i] *= 3 // class means triple
	}
	m.prototypes(net, 0)
	for c, p := range m.proto[0] {
		require.InDelta(t, 0.8*3*first[c]+0.2*first[c], p, 1e-15)
	}
}

// TestPMRStepsTheWeakerModality: a step adds the prototype term to the
// modality with the lower prototype score only, and reports its loss.
func TestPMRStepsTheWeakerModality(t *testing.T) {
	m, env, net := pmrAt(t)
	pool := kernel.NewPool(1)
	defer pool.Close()
	tr := nn.NewTrainer(net, pool, env.TrainSet.X, env.TrainSet.Y)
	ref := nn.NewTrainer(net, pool, env.TrainSet.X, env.TrainSet.Y)
	fused := ref.LossGrad()
	loss, err := m.Step(tr, 0, env.Case.Eta)
	require.NoError(t, err)
	weak, strong := 0, 1
	if m.score[1] < m.score[0] {
		weak, strong = 1, 0
	}
	require.NotEqual(t, m.score[0], m.score[1])
	for _, g := range m.grad[strong] {
		require.Zero(t, g, "the stronger modality gets no prototype term")
	}
	nonzero := 0
	for _, g := range m.grad[weak] {
		if g != 0 {
			nonzero++
		}
	}
	require.Positive(t, nonzero)
	require.Greater(t, loss, fused, "the prototype loss adds to the fused loss")
}

// TestPMRStepAllocatesNothing: once warm, a step allocates nothing.
func TestPMRStepAllocatesNothing(t *testing.T) {
	requireWarmStepAllocatesNothing(t, methodCases()[MethodPMR], &PMR{Alpha: 1, Momentum: 0.2})
}
