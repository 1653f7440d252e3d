package kernel

import "math"

// RefXWt is the reference for XWt: z[i*c+j] = Σ_t x[i*d+t]·w[j*d+t], accumulated
// with math.FMA in increasing t from +0.
func RefXWt(z, x, w []float64, n, d, c int) {
	for i := 0; i < n; i++ {
		for j := 0; j < c; j++ {
			acc := 0.0
			for t := 0; t < d; t++ {
				acc = math.FMA(x[i*d+t], w[j*d+t], acc)
			}
			z[i*c+j] = acc
		}
	}
}

// RefGtX is the reference for GtX: dw[j*d+t] = Σ_i g[i*c+j]·x[i*d+t], accumulated
// with math.FMA in increasing i from +0.
func RefGtX(dw, g, x []float64, n, c, d int) {
	for j := 0; j < c; j++ {
		for t := 0; t < d; t++ {
			acc := 0.0
			for i := 0; i < n; i++ {
				acc = math.FMA(g[i*c+j], x[i*d+t], acc)
			}
			dw[j*d+t] = acc
		}
	}
}

// Cubic holds the constants of the smoothed ReLU of power q = 3 with threshold
// Rho = ϱ that CubicValueSlope computes: Coef = 1/(3ϱ²), Shift = (2/3)ϱ and
// Inv = 1/ϱ, as the activation computes them (act.Func.Constants). The zero
// value is the plain ReLU: with Rho = Shift = 0 the middle piece is empty and
// σ(u) = u − 0 = u, σ'(u) = 1 for u > 0, σ = σ' = +0 for u ≤ 0.
type Cubic struct {
	Rho, Coef, Shift, Inv float64
}

// RefCubicValueSlope is the reference for CubicValueSlope: for each i it sets
// v[i] = σ(u) and z[i] = σ'(u) of u = z[i], where
//
//	σ(u) = 0, σ'(u) = 0                                for u ≤ 0
//	σ(u) = ((u·u)·u)·Coef, σ'(u) = (u·Inv)·(u·Inv)     for 0 < u ≤ Rho
//	σ(u) = u − Shift, σ'(u) = 1                        for u > Rho or NaN
//
// each product rounded in that order; zero is +0. These are the smoothed
// ReLU's pieces for q = 3 as act.Func.ValueSlope computes them, bit for bit.
func RefCubicValueSlope(v, z []float64, c Cubic) {
	v = v[:len(z)]
	for i, u := range z {
		switch {
		case u <= 0:
			v[i], z[i] = 0, 0
		case u <= c.Rho:
			w := u * c.Inv
			v[i], z[i] = u*u*u*c.Coef, w*w
		default:
			v[i], z[i] = u-c.Shift, 1
		}
	}
}

// AdamStep holds the numbers of one Adam update (AdamUpdate): the decay rates
// β1, β2, their complements Rest1 = 1 − β1 and Rest2 = 1 − β2 as rounded
// numbers, the bias corrections Corr1 = 1/(1 − β1^t) and Corr2 = 1/(1 − β2^t)
// of update t, the step size Eta and Eps.
type AdamStep struct {
	Beta1, Beta2 float64
	Rest1, Rest2 float64
	Corr1, Corr2 float64
	Eta, Eps     float64
}

// RefAdamUpdate is the reference for AdamUpdate: for each i, with every
// operation rounded on its own (no fused multiply-add),
//
//	m[i] ← β1·m[i] + Rest1·g[i]
//	v[i] ← β2·v[i] + (Rest2·g[i])·g[i]
//	w[i] ← w[i] − Eta·((m[i]·Corr1) / (√(v[i]·Corr2) + Eps))
func RefAdamUpdate(w, g, m, v []float64, a AdamStep) {
	for i, gi := range g {
		m[i] = float64(a.Beta1*m[i]) + float64(a.Rest1*gi)
		v[i] = float64(a.Beta2*v[i]) + float64(float64(a.Rest2*gi)*gi)
		q := float64(m[i]*a.Corr1) / (math.Sqrt(float64(v[i]*a.Corr2)) + a.Eps)
		w[i] -= float64(a.Eta * q)
	}
}

// RefDescentUpdate is the reference for DescentUpdate: for each i,
// w[i] ← w[i] − eta·g[i], the product rounded on its own (no fused
// multiply-add).
func RefDescentUpdate(w, g []float64, eta float64) {
	w = w[:len(g)]
	for i, gi := range g {
		w[i] -= float64(eta * gi)
	}
}

// RefScaleByClass is the reference for ScaleByClass: for i < n and c < cols,
// z[i*cols+c] ← z[i*cols+c] · s[i*stride + (first+c)/m], one rounded product.
func RefScaleByClass(z, s []float64, n, cols, first, m, stride int) {
	for i := 0; i < n; i++ {
		zi, si := z[i*cols:(i+1)*cols], s[i*stride:]
		for c := range zi {
			zi[c] *= si[(first+c)/m]
		}
	}
}
