// Package theory computes what the modality-competition theory predicts for a
// case before any training: the expected signal strengths E[Γ_r] and the
// probability p_r that modality r wins a class.
package theory

import (
	"errors"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/param"
)

// MomentUniform returns E[z^q] for z ~ U[a, b].
func MomentUniform(a, b float64, q int) float64 {
	if b == a {
		return exactmath.Pow(a, float64(q))
	}
	return (exactmath.Pow(b, float64(q+1)) - exactmath.Pow(a, float64(q+1))) / (float64(q+1) * (b - a))
}

// ExpectedGamma returns E[Γ_{r,j}] for each modality: (1/k)(1 − μ_r) E[z^q] with
// z ~ U[a_r, b_r] (the same for every class j).
func ExpectedGamma(c param.Case) []float64 {
	g := make([]float64, c.R)
	for r := range g {
		g[r] = (1 - c.Mu[r]) / float64(c.K) * MomentUniform(c.A[r], c.B[r], c.Q)
	}
	return g
}

// QuadraturePoints is the number of Gauss–Legendre points WinProbabilities uses
// on [0, MaxGaussian]; beyond MaxGaussian the density of a maximum of Gaussians
// is below 1e-30 for any m the model allows.
const (
	QuadraturePoints = 200
	MaxGaussian      = 12.0
)

// WinProbabilities returns p_r, the probability that modality r wins a class
// when each class's winner is argmax_r Γ_r · (g_r)_+^{q−2} with g_r the maximum of
// m i.i.d. standard normals (the scaled initial Λ_{r,j}) and Γ_r its expected
// signal strength. It integrates, with gonum's fixed Gauss–Legendre quadrature,
//
//	p_r = ∫_0^∞ f(t) Π_{r'≠r} F(t · (Γ_r/Γ_r')^{1/(q−2)}) dt + F(0)^R / R
//
// where F(t) = Φ(t)^m and f(t) = m φ(t) Φ(t)^{m−1}; the last term splits the
// tie in which every g_r ≤ 0 evenly.
func WinProbabilities(c param.Case) ([]float64, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.ReLU() {
		return nil, errors.New("theory: p_r needs the smoothed ReLU (q ≥ 3); with the plain ReLU the theory predicts no winner")
	}
	gamma := ExpectedGamma(c)
	for _, g := range gamma {
		if g <= 0 {
			return nil, errors.New("theory: every modality needs a positive expected signal (μ_r < 1)")
		}
	}
	return winProbabilities(gamma, c.M, c.Q), nil
}

func winProbabilities(gamma []float64, m, q int) []float64 {
	norm := distuv.UnitNormal
	mf := float64(m)
	cdfMax := func(t float64) float64 { return exactmath.Pow(norm.CDF(t), mf) }
	pdfMax := func(t float64) float64 { return mf * norm.Prob(t) * exactmath.Pow(norm.CDF(t), mf-1) }
	R := len(gamma)
	tie := exactmath.Pow(cdfMax(0), float64(R)) / float64(R)
	p := make([]float64, R)
	for r := range p {
		scale := make([]float64, R)
		for r2 := range scale {
			scale[r2] = exactmath.Pow(gamma[r]/gamma[r2], 1/float64(q-2))
		}
		f := func(t float64) float64 {
			v := pdfMax(t)
			for r2, s := range scale {
				if r2 != r {
					v *= cdfMax(t * s)
				}
			}
			return v
		}
		p[r] = quad.Fixed(f, 0, MaxGaussian, QuadraturePoints, quad.Legendre{}, 0) + tie
	}
	return p
}
