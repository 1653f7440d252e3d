//go:build amd64 || arm64

package kernel

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
)

// TestCopiedStripsMatchReference runs every path's backward product with and
// without copying strips of x (gtxCopyAbove 0 forces the copy on every shape:
// avx512asm's 16-column strips, the 8-column ones of avx2asm and neon), on the
// shared shapes and on one whose x is above the default threshold.
func TestCopiedStripsMatchReference(t *testing.T) {
	defer func(v int) { gtxCopyAbove = v }(gtxCopyAbove)
	r := rand.New(rand.NewPCG(4, 4))
	all := append(slices.Clone(shapes), struct{ n, d, c int }{600, 500, 13})
	for _, path := range Paths() {
		k, err := Select(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, above := range []int{1 << 18, 0} {
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
				testutil.RequireSameBits(t, want, dw, "GtX path %s, copy above %d, shape %v", path, above, s)
			}
		}
	}
}
