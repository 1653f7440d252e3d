//go:build amd64

package kernel

import (
	"slices"
	"testing"
)

// BenchmarkTileFromL1 runs the 12×16 AVX-512 tile over 128 reduction steps
// whose operands sit in L1: the tile's own speed, to set against the FMA peak
// (BenchmarkFMAPeak in ./bench).
func BenchmarkTileFromL1(b *testing.B) {
	if !slices.Contains(Paths(), asmPath) {
		b.Skip("no AVX-512F")
	}
	const k, calls = 128, 100
	a := make([]float64, 12*k)
	bb := make([]float64, 16*k)
	for i := range a {
		a[i] = 1e-3
	}
	for i := range bb {
		bb[i] = 1e-3
	}
	out := make([]float64, 12*16)
	for b.Loop() {
		for range calls {
			tiles16[12](&out[0], 16, &a[0], 12, 1, &bb[0], 16, k, 0, 0xff, 0xff)
		}
	}
	b.ReportMetric(2*12*16*k*calls*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// TestGtXRowsDescentWithTheStripCopy runs checkGtXRowsDescent with the
// backward kernel copying each block's strips of x on every shape.
func TestGtXRowsDescentWithTheStripCopy(t *testing.T) {
	defer func(v int) { gtxCopyAbove = v }(gtxCopyAbove)
	gtxCopyAbove = 0
	checkGtXRowsDescent(t, " with the strip copy")
}
