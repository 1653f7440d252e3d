package kernel

import "math"

// CubicValueSlope sets v[i] = σ(z[i]) and then z[i] = σ'(z[i]) for every i <
// len(z), where σ is the smoothed ReLU of power 3 that c describes; v must be
// at least as long as z. Every path returns the bits of RefCubicValueSlope:
// the pieces are the same rounded products, selected by lane masks. The
// generic path is Go; the others share the assembly kernels of their CPU
// features (AVX-512F for avx512asm and avx512, AVX2 for avx2asm and avx2,
// ASIMD for neon).
func (k Kernels) CubicValueSlope(v, z []float64, c Cubic) {
	if len(v) < len(z) {
		panic("kernel: CubicValueSlope needs v at least as long as z")
	}
	if f := k.impl().cubic; f != nil && len(z) > 0 {
		f(v, z, c)
		return
	}
	cubicValueSlopeGeneric(v, z, c)
}

// cubicValueSlopeGeneric is the Go path of CubicValueSlope. It selects the
// pieces with bit masks rather than branches (the sign of a pre-activation is
// close to a coin flip in training; mispredicted branches cost more than
// computing every piece) and returns the reference's bits.
func cubicValueSlopeGeneric(v, z []float64, c Cubic) {
	v = v[:len(z)]
	for i, u := range z {
		w := u * c.Inv
		mv, ms := u*u*u*c.Coef, w*w
		var le0, leRho uint64 // all ones when u ≤ 0, when u ≤ ϱ (both false for NaN)
		if u <= 0 {
			le0 = ^uint64(0)
		}
		if u <= c.Rho {
			leRho = ^uint64(0)
		}
		mid, top := leRho&^le0, ^(leRho | le0)
		v[i] = math.Float64frombits(math.Float64bits(mv)&mid | math.Float64bits(u-c.Shift)&top)
		z[i] = math.Float64frombits(math.Float64bits(ms)&mid | math.Float64bits(1)&top)
	}
}
