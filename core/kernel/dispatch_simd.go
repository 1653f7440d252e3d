//go:build goexperiment.simd && amd64 && !go1.27

package kernel

import "simd/archsimd"

// The SIMD paths use Go 1.26's experimental simd/archsimd. Its API changes
// between releases, so a newer Go builds the generic path instead (see the
// build constraint) rather than failing to build.

func simdPaths() []string {
	var paths []string
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		paths = append(paths, "avx2")
	}
	if archsimd.X86.AVX512() {
		paths = append(paths, "avx512")
	}
	return paths
}

func simdPanelWidth(path string) int {
	switch path {
	case "avx512":
		return 16
	case "avx2":
		return 8
	}
	return 0
}

// simdXWtRows runs the forward kernel of an archsimd path on wt, w packed with
// the path's panel width.
func simdXWtRows(path string, z, x, wt []float64, d, c, lo, hi int) bool {
	switch path {
	case "avx512":
		xwtRowsAVX512(z, x, wt, d, c, lo, hi)
	case "avx2":
		xwtRowsAVX2(z, x, wt, d, c, lo, hi)
	default:
		return false
	}
	archsimd.ClearAVXUpperBits()
	return true
}

func simdGtXRows(path string, dw, g, x []float64, n, c, d, lo, hi int) bool {
	if n == 0 { // an empty sum: the generic path writes its +0s, the tiles' block loop would not run
		return false
	}
	switch path {
	case "avx512":
		gtxRowsAVX512(dw, g, x, n, c, d, lo, hi)
	case "avx2":
		gtxRowsAVX2(dw, g, x, n, c, d, lo, hi)
	default:
		return false
	}
	archsimd.ClearAVXUpperBits()
	return true
}
