//go:build amd64

package kernel

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

// TestCopiedStripsMatchReference runs the AVX-512 backward product with and
// without copying strips of x (gtxCopyAbove 0 forces the copy on every shape),
// on the shared shapes and on one whose x is above the default threshold.
func TestCopiedStripsMatchReference(t *testing.T) {
	if !slices.Contains(Paths(), asmPath) {
		t.Skip("no AVX-512F")
	}
	k, err := Select(asmPath)
	require.NoError(t, err)
	defer func(v int) { gtxCopyAbove = v }(gtxCopyAbove)
	r := rand.New(rand.NewPCG(4, 4))
	all := append(slices.Clone(shapes), struct{ n, d, c int }{600, 500, 13})
	for _, above := range []int{gtxCopyAbove, 0} {
		gtxCopyAbove = above
		for _, s := range all {
			x := randSlice(r, s.n*s.d, 0)
			g := randSlice(r, s.n*s.c, 0.4)
			want := make([]float64, s.c*s.d)
			RefGtX(want, g, x, s.n, s.c, s.d)
			pool := NewPool(2).Use(k)
			dw := make([]float64, s.c*s.d)
			GtX(pool, dw, g, x, s.n, s.c, s.d)
			pool.Close()
			testutil.RequireSameBits(t, want, dw, "GtX copy above %d, shape %v", above, s)
		}
	}
}

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
