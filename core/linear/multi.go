package linear

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/gonumla"
	"github.com/modcomp/modcomp/core/rng"
)

// sampleMulti draws gen_multi_data's "single" data (data.py): per sample,
// Dim standard normals for A then Dim for B from the data stream, x_A = r·z
// (variance r², the reference's 3 at r = √3) and x_B = z, and
// y = Weight·(Σ_j x_A,j + Σ_j x_B,j) + ε, summed in that order.
func sampleMulti(p Params, seed uint64) Data {
	src, noise := rng.New(seed, StreamData), rng.New(seed, StreamNoise)
	D := p.Dim
	d := Data{XA: make([]float64, p.N*D), XB: make([]float64, p.N*D), Y: make([]float64, p.N), Dim: D}
	for i := range p.N {
		for j := range D {
			d.XA[i*D+j] = p.Ratio * rng.Normal(src)
		}
		for j := range D {
			d.XB[i*D+j] = rng.Normal(src)
		}
		y := 0.0
		for j := range D {
			y += float64(p.Weight * d.XA[i*D+j]) // float64(): no fused multiply-add
		}
		for j := range D {
			y += float64(p.Weight * d.XB[i*D+j]) // float64(): no fused multiply-add
		}
		if p.Noise > 0 {
			y += float64(p.Noise * rng.Normal(noise)) // float64(): no fused multiply-add
		}
		d.Y[i] = y
	}
	return d
}

// multiMoments are multi-dimensional data's second moments: the joint
// covariance S of (x_A, x_B) (2D×2D, A's coordinates first), c = Σx·y/N and
// S_yy, each sum in sample order with math.FMA.
type multiMoments struct {
	dim int
	S   *mat.SymDense
	c   []float64
	yy  float64
}

func multiMomentsOf(d Data) multiMoments {
	D, n := d.Dim, len(d.Y)
	x := make([]float64, 2*D)
	s := make([]float64, 4*D*D)
	m := multiMoments{dim: D, c: make([]float64, 2*D)}
	for i := range n {
		copy(x, d.XA[i*D:(i+1)*D])
		copy(x[D:], d.XB[i*D:(i+1)*D])
		for a := range x {
			for b := range x {
				s[a*2*D+b] = math.FMA(x[a], x[b], s[a*2*D+b])
			}
			m.c[a] = math.FMA(x[a], d.Y[i], m.c[a])
		}
		m.yy = math.FMA(d.Y[i], d.Y[i], m.yy)
	}
	for k := range s {
		s[k] /= float64(n)
	}
	for a := range m.c {
		m.c[a] /= float64(n)
	}
	m.yy /= float64(n)
	m.S = mat.NewSymDense(2*D, s)
	return m
}

// solve returns S⁻¹c for the leading k coordinates (A's alone: k = D) or
// all of them (k = 2D), by the Cholesky factorisation as gonum's amd64 build
// computes it (core/gonumla, the same bits on every architecture), or nil
// where gonum's mat.Cholesky would refuse: S not positive definite, or its
// condition number above mat.ConditionTolerance.
func (m multiMoments) solve(k int) []float64 {
	var ch mat.Cholesky
	sub := mat.NewSymDense(k, nil)
	s := make([]float64, k*k)
	for a := range k {
		for b := a; b < k; b++ {
			sub.SetSym(a, b, m.S.At(a, b))
			s[a*k+b] = m.S.At(a, b)
		}
	}
	if !ch.Factorize(sub) || ch.Cond() > mat.ConditionTolerance {
		return nil
	}
	x, ok, err := gonumla.CholeskySolve(s, k, m.c[:k])
	if err != nil || !ok {
		return nil
	}
	return x
}

// norm is the Euclidean norm of v, summed in index order with math.FMA.
func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s = math.FMA(a[i], b[i], s)
	}
	return s
}

// TwoLayerTimeRatio is the time ratio of a two-layer late-fusion linear
// network on multi-dimensional data (util.py lag_twolayer): with c_A, c_B
// the modalities' input–output covariances and w_A^uni = Σ_A⁻¹c_A the
// weights of A alone,
//
//	t_B/t_A = 1 + (‖c_A‖ − ‖c_B‖)/‖c_B − Σ_BA w_A^uni‖,
//
// Eq. 9 when each modality is a scalar.
func TwoLayerTimeRatio(cA, cB, residualB []float64) float64 {
	return 1 + (norm(cA)-norm(cB))/norm(residualB)
}

// multiTargets are what a run on multi-dimensional data is measured
// against: a modality's total weight is a vector, measured by its
// projection on the direction it converges to — A's on its uni-modal
// weights w_A^uni (the plateau), B's on its least-squares weights ŵ_B.
func multiTargets(p Params, d Data) targets {
	m := multiMomentsOf(d)
	D := m.dim
	uni, joint := m.solve(D), m.solve(2*D)
	cA, cB := m.c[:D], m.c[D:]
	// The residual covariance of B once A is fitted: c_B − Σ_BA w_A^uni.
	res := make([]float64, D)
	for b := range D {
		s := 0.0
		for a := range D {
			s = math.FMA(m.S.At(D+b, a), uni[a], s)
		}
		res[b] = cB[b] - s
	}
	uA, uB := unit(uni), unit(joint[D:])
	t := targets{uA: uA, uB: uB, plateauA: norm(uni), solA: dot(joint[:D], uA), solB: norm(joint[D:])}
	trA, trB := 0.0, 0.0
	for j := range D {
		trA += m.S.At(j, j)
		trB += m.S.At(D+j, D+j)
	}
	t.ratio = math.Sqrt(trA / trB)
	t.pred = Prediction{Overshoot: t.plateauA/t.solA - 1, PlateauLoss: m.yy - dot(cA, uni), TimeRatio: 1}
	if p.FuseDepth == p.Depth {
		t.pred.TimeRatio = TwoLayerTimeRatio(cA, cB, res)
	}
	return t
}

func unit(v []float64) []float64 {
	n := norm(v)
	u := make([]float64, len(v))
	for i := range v {
		u[i] = v[i] / n
	}
	return u
}
