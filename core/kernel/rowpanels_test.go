package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

// TestXWtRowsPanelsMatchesReferenceBitForBit checks the forward product with
// row panels on every path against RefXWt: every width that reads them (1–15
// but 8), and wider ones that do not, row counts around the 32-row panel, and
// row ranges that start and end inside a panel. Outputs outside the range must
// stay untouched.
func TestXWtRowsPanelsMatchesReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type rng struct{ lo, hi int }
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		for _, n := range []int{1, 7, 31, 32, 33, 70, 100} {
			for _, d := range []int{1, 9, 40} {
				x := randSlice(r, n*d, 0.1)
				buf := make([]float64, RowPanelsLen(n, d))
				xp := k.PackRows(buf, x, n, d)
				require.Equal(t, k.UsesRowPanels(1), xp.p != nil, "path %s", p)
				for _, c := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 50} {
					w := randSlice(r, c*d, 0)
					want := make([]float64, n*c)
					RefXWt(want, x, w, n, d, c)
					for _, rg := range []rng{{0, n}, {n / 3, n}, {0, (2 * n) / 3}, {n / 4, n/4 + 1}, {n / 2, n / 2}} {
						z := make([]float64, n*c)
						for i := range z {
							z[i] = -7
						}
						k.XWtRowsPanels(z, x, xp, w, nil, d, c, rg.lo, rg.hi)
						expect := make([]float64, n*c)
						for i := range expect {
							expect[i] = -7
						}
						copy(expect[rg.lo*c:rg.hi*c], want[rg.lo*c:rg.hi*c])
						testutil.RequireSameBits(t, expect, z, "path=%s n=%d d=%d c=%d rows=%v", p, n, d, c, rg)
					}
				}
			}
		}
	}
}

// TestXWtRowsPanelsIgnoresMismatchedPanels checks that row panels of another
// shape, or too few rows, are not read: the product falls back to XWtRows.
func TestXWtRowsPanelsIgnoresMismatchedPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n, d, c := 40, 12, 5
	x := randSlice(r, n*d, 0)
	w := randSlice(r, c*d, 0)
	want := make([]float64, n*c)
	RefXWt(want, x, w, n, d, c)
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		for _, other := range []struct{ n, d int }{{n, d + 1}, {n - 1, d}} {
			xp := k.PackRows(make([]float64, RowPanelsLen(other.n, other.d)), randSlice(r, other.n*other.d, 0), other.n, other.d)
			z := make([]float64, n*c)
			k.XWtRowsPanels(z, x, xp, w, new(PanelBuffer), d, c, 0, n)
			testutil.RequireSameBits(t, want, z, "path=%s panels of %v", p, other)
		}
	}
}

func ExampleKernels_XWtRowsPanels() {
	x := []float64{1, 2, 3, 4, 5, 6} // 3 rows of 2
	w := []float64{1, 0, 0, 1, 1, 1} // 3 rows of 2
	var k Kernels
	xp := k.PackRows(make([]float64, RowPanelsLen(3, 2)), x, 3, 2)
	z := make([]float64, 9)
	k.XWtRowsPanels(z, x, xp, w, nil, 2, 3, 0, 3)
	fmt.Println(z)
	// Output: [1 2 3 3 4 7 5 6 11]
}

func TestUsesRowPanelsOnlyForNarrowProducts(t *testing.T) {
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		for c := 0; c <= 40; c++ {
			want := p == "avx512asm" && c > 0 && c < 16 && c != 8
			require.Equal(t, want, k.UsesRowPanels(c), "path %s, %d columns", p, c)
		}
	}
}
