package linear

import (
	"math"

	"github.com/modcomp/modcomp/core/rng"
)

// Random streams of a linear-network run, one per concern (package rng).
const (
	// StreamData draws the modalities (x_A, x_B).
	StreamData = "linear/data"
	// StreamNoise draws the label noise ε.
	StreamNoise = "linear/noise"
	// StreamInit draws the initial weights.
	StreamInit = "linear/init"
)

// Data is a training set: N samples of the two modalities, each N×Dim
// row-major (Dim 1 for the toy data), and the target.
type Data struct {
	XA, XB, Y []float64
	Dim       int
}

// Sample draws the training set of p for seed: (x_A, x_B) jointly normal
// with standard deviations r and 1 and correlation ρ, y = x_A + x_B + ε —
// gen_toy_data's distribution (its x2 is x_A here, its x1 is x_B). The pair
// is built from two independent standard normals z₁, z₂ of the data
// stream, in that order per sample: x_B = z₁, x_A = r·(ρ·z₁ + √(1−ρ²)·z₂);
// ε = noise·z₃ with z₃ from the noise stream (none drawn without noise).
//
// With Dim > 1 it draws gen_multi_data's "single" data instead (sampleMulti).
func Sample(p Params, seed uint64) Data {
	if p.Dim > 1 {
		return sampleMulti(p, seed)
	}
	src, noise := rng.New(seed, StreamData), rng.New(seed, StreamNoise)
	d := Data{XA: make([]float64, p.N), XB: make([]float64, p.N), Y: make([]float64, p.N), Dim: 1}
	c := math.Sqrt(1 - float64(p.Rho*p.Rho)) // float64(): no fused multiply-add
	for i := range p.N {
		z1 := rng.Normal(src)
		z2 := rng.Normal(src)
		d.XB[i] = z1
		d.XA[i] = p.Ratio * (float64(p.Rho*z1) + float64(c*z2)) // float64(): no fused multiply-add
		d.Y[i] = d.XA[i] + d.XB[i]
		if p.Noise > 0 {
			d.Y[i] += float64(p.Noise * rng.Normal(noise)) // float64(): no fused multiply-add
		}
	}
	return d
}

// Moments are the training set's second moments, what a linear network's
// loss depends on: S_AA = Σx_A²/N, S_BB, S_AB, c_r = Σx_r·y/N and S_yy = Σy²/N.
type Moments struct {
	AA, BB, AB, AY, BY, YY float64
}

// MomentsOf returns d's second moments, each sum in sample order with
// math.FMA.
func MomentsOf(d Data) Moments {
	var m Moments
	for i := range d.XA {
		m.AA = math.FMA(d.XA[i], d.XA[i], m.AA)
		m.BB = math.FMA(d.XB[i], d.XB[i], m.BB)
		m.AB = math.FMA(d.XA[i], d.XB[i], m.AB)
		m.AY = math.FMA(d.XA[i], d.Y[i], m.AY)
		m.BY = math.FMA(d.XB[i], d.Y[i], m.BY)
		m.YY = math.FMA(d.Y[i], d.Y[i], m.YY)
	}
	n := float64(len(d.XA))
	m.AA, m.BB, m.AB, m.AY, m.BY, m.YY = m.AA/n, m.BB/n, m.AB/n, m.AY/n, m.BY/n, m.YY/n
	return m
}

// Ratio is the sample's r̂ = √(S_AA/S_BB).
func (m Moments) Ratio() float64 { return math.Sqrt(m.AA / m.BB) }

// Rho is the sample's ρ̂ = S_AB/√(S_AA·S_BB).
func (m Moments) Rho() float64 { return m.AB / math.Sqrt(m.AA*m.BB) }

// Solution returns the least-squares weights (w_A, w_B) on the sample, where
// gradient descent from a small initialisation converges: S w = c.
func (m Moments) Solution() (wa, wb float64) {
	det := float64(m.AA*m.BB) - float64(m.AB*m.AB) // float64(): no fused multiply-add
	wa = (float64(m.BB*m.AY) - float64(m.AB*m.BY)) / det
	wb = (float64(m.AA*m.BY) - float64(m.AB*m.AY)) / det
	return wa, wb
}

// Unimodal returns modality A's weight on the plateau of the unimodal phase:
// the least-squares weight of A alone, c_A/S_AA (1 + ρ/r in the population).
func (m Moments) Unimodal() float64 { return m.AY / m.AA }

// PlateauLoss is the mean squared error on the plateau of the unimodal
// phase, where A alone is fitted: S_yy − c_A²/S_AA.
func (m Moments) PlateauLoss() float64 { return m.YY - float64(m.AY*m.AY)/m.AA } // float64(): no fused multiply-add
