//go:build goexperiment.simd && amd64 && !go1.27

package kernel

import "simd/archsimd"

// The SIMD paths use Go 1.26's experimental simd/archsimd. Its API changes
// between releases, so a newer Go builds the generic path instead (see the
// build constraint) rather than failing to build. They share the element-wise
// kernels of the assembly paths of the same width.

func init() {
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		register(withElementwiseAVX2(&path{name: "avx2", rank: rankSIMDAVX2, panelWidth: 8,
			xwtPacked: clearingUpper(xwtRowsAVX2), gtx: gtxOrGeneric(gtxRowsAVX2)}))
	}
	if archsimd.X86.AVX512() {
		register(withElementwiseAVX512(&path{name: "avx512", rank: rankSIMDAVX512, panelWidth: 16,
			xwtPacked: clearingUpper(xwtRowsAVX512), gtx: gtxOrGeneric(gtxRowsAVX512)}))
	}
}

// clearingUpper wraps an archsimd forward kernel so that it clears the upper
// bits of the vector registers after it runs.
func clearingUpper(f func(z, x, wt []float64, d, c, lo, hi int)) func(z, x, wt []float64, d, c, lo, hi int) {
	return func(z, x, wt []float64, d, c, lo, hi int) {
		f(z, x, wt, d, c, lo, hi)
		archsimd.ClearAVXUpperBits()
	}
}

// gtxOrGeneric wraps an archsimd backward kernel: an empty sum (n = 0) runs
// the generic kernel, which writes its +0s where the tiles' block loop would
// not run; it clears the upper bits after.
func gtxOrGeneric(f func(dw, g, x []float64, n, c, d, lo, hi int)) func(dw, g, x []float64, n, c, d, lo, hi int) {
	return func(dw, g, x []float64, n, c, d, lo, hi int) {
		if n == 0 {
			gtxRowsGeneric(dw, g, x, n, c, d, lo, hi)
			return
		}
		f(dw, g, x, n, c, d, lo, hi)
		archsimd.ClearAVXUpperBits()
	}
}
