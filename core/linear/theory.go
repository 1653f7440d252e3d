package linear

import (
	"github.com/modcomp/modcomp/core/exactmath"
	"gonum.org/v1/gonum/integrate/quad"
)

// Prediction is the theory's value of what a run measures, at the sample's
// r̂ and ρ̂ (or its moments), and γ where the theory depends on it.
type Prediction struct {
	// TimeRatio is t_B/t_A: LateTimeRatio for late fusion, DeepTimeRatio
	// for 1 < L_f < L, 1 for early fusion.
	TimeRatio float64 `json:"time_ratio"`
	// Overshoot is A's misattribution c_A/S_AA / ŵ_A − 1 (ρ/r in the
	// population, where ŵ_A = 1).
	Overshoot float64 `json:"overshoot"`
	// PlateauLoss is the loss with A alone fitted (Moments.PlateauLoss).
	PlateauLoss float64 `json:"plateau_loss"`
}

// Predict returns the theory's values for p's network on a training set
// with moments m.
func Predict(p Params, m Moments) Prediction {
	wa, _ := m.Solution()
	pr := Prediction{Overshoot: m.Unimodal()/wa - 1, PlateauLoss: m.PlateauLoss()}
	r, rho := m.Ratio(), m.Rho()
	switch {
	case p.FuseDepth == 1:
		pr.TimeRatio = 1
	case p.FuseDepth == p.Depth:
		pr.TimeRatio = LateTimeRatio(r, rho)
	default:
		pr.TimeRatio = DeepTimeRatio(r, rho, p.Depth, p.FuseDepth, p.Init)
	}
	return pr
}

// LateTimeRatio is the time ratio of a late-fusion linear network in the
// small-initialisation limit, t_B/t_A = (r² − 1)/(1 − ρ²) + 1 (Zhang,
// Latham & Saxe 2024, Eq. 9; sweep.py toy_sweep's lag_theo).
func LateTimeRatio(r, rho float64) float64 {
	return (float64(r*r)-1)/(1-float64(rho*rho)) + 1 // float64(): no fused multiply-add
}

// LateOvershoot is A's misattribution in the population, ρ/r (sweep.py
// toy_sweep's theory line for the bias).
func LateOvershoot(r, rho float64) float64 { return rho / r }

// DeepTimeRatio is the time ratio of a depth-L linear network fused at
// layer L_f from initial scale γ (util.py lag_depth): with w_A = r² + ρr
// and w_B = 1 + ρr the modalities' input–output covariances,
//
//	t_B/t_A = 1 + lag/I,   I = ∫_γ^1 du / (w_A u^{L_f−1} (u² + u_B(u)²)^{(L−L_f)/2}),
//
// u_B(u) = (k u^{2−L_f} + (1−k) γ^{2−L_f})^{1/(2−L_f)} with k = w_B/w_A
// (exp(k ln u + (1−k) ln γ) at L_f = 2), and lag = ln(1/γ)(1−k)(1+ρ/r)^{L_f/L−1}/(1−ρ²)
// at L_f = 2, else u_B0^{2−L_f}(1+ρ/r)^{L_f/L−1}/((L_f−2)(1−ρ²)) with
// u_B0 = γ(1−k)^{1/(2−L_f)}. It is 1 at L_f = 1 and LateTimeRatio at L_f = L.
// The integral is gonum's adaptive-free fixed Gauss–Legendre rule on
// ln u (the integrand spans many decades), with 512 nodes.
func DeepTimeRatio(r, rho float64, L, Lf int, gamma float64) float64 {
	switch {
	case Lf == 1:
		return 1
	case Lf == L:
		return LateTimeRatio(r, rho)
	}
	wa := float64(r*r) + float64(rho*r) // float64(): no fused multiply-add
	wb := 1 + float64(rho*r)
	k := wb / wa
	fl := float64(Lf)
	ub := func(u float64) float64 {
		if Lf == 2 {
			return exactmath.Exp(float64(k*exactmath.Log(u)) + float64((1-k)*exactmath.Log(gamma)))
		}
		return exactmath.Pow(float64(k*exactmath.Pow(u, 2-fl))+float64((1-k)*exactmath.Pow(gamma, 2-fl)), 1/(2-fl))
	}
	integrand := func(u float64) float64 {
		b := ub(u)
		return 1 / (wa * exactmath.Pow(u, fl-1) * exactmath.Pow(float64(u*u)+float64(b*b), float64(L-Lf)/2))
	}
	// ∫_γ^1 f(u) du = ∫_{ln γ}^0 f(e^s) e^s ds.
	I := quad.Fixed(func(s float64) float64 { u := exactmath.Exp(s); return integrand(u) * u }, exactmath.Log(gamma), 0, 512, nil, 0)
	shrink := exactmath.Pow(1+rho/r, fl/float64(L)-1)
	var lag float64
	if Lf == 2 {
		lag = exactmath.Log(1/gamma) * (1 - k) * shrink / (1 - float64(rho*rho))
	} else {
		ub0 := gamma * exactmath.Pow(1-k, 1/(2-fl))
		lag = exactmath.Pow(ub0, 2-fl) * shrink / ((fl - 2) * (1 - float64(rho*rho)))
	}
	return 1 + lag/I
}
