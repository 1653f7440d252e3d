package data

import (
	"context"
	"math"
)

// orthogonalFactor returns the orthogonal factor Q of the QR decomposition
// g = QR of a d×d matrix whose R has a positive diagonal, as d columns of d
// entries (q[c*d+i] = Q_ic), given g's columns the same way (col[c*d+i] =
// g_ic; col is overwritten). For a Gaussian g, Q is Haar-distributed: a
// uniformly random orthogonal matrix (Mezzadri 2007, "How to generate random
// matrices from the classical compact groups", §5).
//
// The construction is specified to the last bit, so that every build and
// architecture computes the same dictionaries. It is LAPACK's unblocked
// Householder QR (dgeqr2 with dlarfg's reflectors, without dlarfg's
// rescaling of tiny norms, which Gaussian columns never need) followed by
// dorg2r's backward accumulation of Q, with every sum accumulated by
// math.FMA in increasing row order from +0, as the kernels' products are
// (core/kernel's package comment):
//
//	for column j: σ = Σ_{i>j} a_ij², α = a_jj
//	  σ = 0: τ_j = 0 (the reflector is the identity), β_j = α
//	  else   β_j = −sign(α)·√(α² + σ) (FMA(α, α, σ)), τ_j = (β_j − α)/β_j,
//	         v = (1, a_{j+1..d−1, j}/(α − β_j)), a_jj = β_j
//	  every later column c: w = Σ_{i≥j} v_i a_ic, a_ic = FMA(−τ_j·w, v_i, a_ic)
//	Q = H_0 H_1 … H_{d−1} I, applied from j = d−1 down to 0 to columns ≥ j
//	finally column j of Q times sign(β_j), so that R_jj = |β_j| > 0
//
// It returns ctx.Err() if ctx is cancelled (checked once a column).
func orthogonalFactor(ctx context.Context, col []float64, d int) ([]float64, error) {
	tau := make([]float64, d)
	beta := make([]float64, d)
	for j := range d {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v := col[j*d+j : j*d+d]
		tau[j], beta[j] = reflector(v)
		if tau[j] == 0 {
			continue
		}
		v[0] = 1 // R is not kept: β_j is all of it the signs need
		for c := j + 1; c < d; c++ {
			reflect(tau[j], v, col[c*d+j:c*d+d])
		}
	}
	q := make([]float64, d*d)
	for c := range d {
		q[c*d+c] = 1
	}
	for j := d - 1; j >= 0; j-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if tau[j] == 0 {
			continue
		}
		v := col[j*d+j : j*d+d]
		for c := j; c < d; c++ {
			reflect(tau[j], v, q[c*d+j:c*d+d])
		}
	}
	for j := range d {
		if beta[j] < 0 {
			for i := range d {
				q[j*d+i] = -q[j*d+i]
			}
		}
	}
	return q, nil
}

// reflector turns x (the part of a column from the diagonal down) into the
// Householder vector v with v_0 = 1 implied, stored in x[1:], and returns τ
// and β, H = I − τ·v·vᵀ mapping x to (β, 0, …, 0). x[0] is left as it was
// when τ = 0 and set to β otherwise.
func reflector(x []float64) (tau, beta float64) {
	alpha := x[0]
	sigma := 0.0
	for _, v := range x[1:] {
		sigma = math.FMA(v, v, sigma)
	}
	if sigma == 0 {
		return 0, alpha
	}
	beta = -math.Copysign(math.Sqrt(math.FMA(alpha, alpha, sigma)), alpha)
	tau = (beta - alpha) / beta
	scale := alpha - beta
	for i := 1; i < len(x); i++ {
		x[i] /= scale
	}
	x[0] = beta
	return tau, beta
}

// reflect applies H = I − τ·v·vᵀ to the column a (same length as v, v_0 = 1
// stored): w = Σ v_i a_i from +0 in increasing order, then a_i = FMA(−τw, v_i, a_i).
func reflect(tau float64, v, a []float64) {
	w := 0.0
	for i, vi := range v {
		w = math.FMA(vi, a[i], w)
	}
	s := -float64(tau * w)
	for i, vi := range v {
		a[i] = math.FMA(s, vi, a[i])
	}
}
