package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

func TestDescentUpdateMatchesReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9, 17, 31, 32, 33, 63, 100, 1003} {
		for _, eta := range []float64{12, 1e-3, 0.3} {
			w, g := randSlice(r, n, 0), randSlice(r, n, 0.2)
			want := append([]float64(nil), w...)
			RefDescentUpdate(want, g, eta)
			for _, p := range Paths() {
				k, err := Select(p)
				require.NoError(t, err)
				// A longer w with a marker shows a write past len(g).
				got := append(append([]float64(nil), w...), -7, -7, -7)
				k.DescentUpdate(got, g, eta)
				testutil.RequireSameBits(t, want, got[:n], "path=%s n=%d eta=%g", p, n, eta)
				require.Equalf(t, []float64{-7, -7, -7}, got[n:], "path=%s n=%d wrote past len(g)", p, n)
			}
		}
	}
}

// TestDescentUpdateIsUnfused pins the rounding: with w = η·g exactly
// representable only after rounding, a fused w − η·g would keep the product's
// rounding error, the reference gives zero.
func TestDescentUpdateIsUnfused(t *testing.T) {
	g := []float64{1 + 0x1p-52}
	eta := 1 + 0x1p-52
	w0 := eta * g[0] // rounded
	require.NotZero(t, math.FMA(-eta, g[0], w0), "the case must tell a fused update apart")
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		w := []float64{w0}
		k.DescentUpdate(w, g, eta)
		require.Zerof(t, w[0], "path=%s", p)
	}
}

func TestScaleByClassMatchesReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 2, 7} {
		for _, m := range []int{1, 3, 4, 8, 10, 16, 20} {
			for _, k := range []int{1, 3, 10} {
				for first := 0; first < k*m; first += max(1, m/3) {
					for _, cols := range []int{1, m - 1, m, m + 1, k*m - first} {
						if cols < 1 || first+cols > k*m {
							continue
						}
						stride := k + 2 // rows of s longer than the classes
						z, s := randSlice(r, n*cols, 0.2), randSlice(r, n*stride, 0)
						want := append([]float64(nil), z...)
						RefScaleByClass(want, s, n, cols, first, m, stride)
						for _, p := range Paths() {
							kern, err := Select(p)
							require.NoError(t, err)
							got := append(append([]float64(nil), z...), -7, -7)
							kern.ScaleByClass(got, s, n, cols, first, m, stride)
							testutil.RequireSameBits(t, want, got[:n*cols], "path=%s n=%d m=%d first=%d cols=%d", p, n, m, first, cols)
							require.Equalf(t, []float64{-7, -7}, got[n*cols:], "path=%s wrote past n·cols", p)
						}
					}
				}
			}
		}
	}
}

// TestScaleByClassScalesByTheRightClass checks the reference itself on a
// hand-worked case: neurons 4–9 with m = 3, of classes 1, 1, 2, 2, 2, 3.
func TestScaleByClassScalesByTheRightClass(t *testing.T) {
	z := []float64{1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}
	s := []float64{10, 20, 30, 40, 0, -1, -2, -3, -4, 0}
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		got := append([]float64(nil), z...)
		k.ScaleByClass(got, s, 2, 6, 4, 3, 5)
		require.Equalf(t, []float64{20, 20, 30, 30, 30, 40, -4, -4, -6, -6, -6, -8}, got, "path=%s", p)
	}
}

func TestScaleByClassRejectsShortSlices(t *testing.T) {
	require.Panics(t, func() { Kernels{}.ScaleByClass(make([]float64, 5), make([]float64, 3), 1, 6, 0, 2, 3) })
	require.Panics(t, func() { Kernels{}.ScaleByClass(make([]float64, 6), make([]float64, 2), 1, 6, 0, 2, 3) })
	require.Panics(t, func() { Kernels{}.ScaleByClass(make([]float64, 6), make([]float64, 3), 1, 6, 0, 0, 3) })
}

func TestDescentUpdateRejectsShortWeights(t *testing.T) {
	require.Panics(t, func() { Kernels{}.DescentUpdate(make([]float64, 2), make([]float64, 3), 1) })
}

func ExampleKernels_DescentUpdate() {
	w := []float64{1, 2, 3}
	g := []float64{10, -10, 0.5}
	var k Kernels
	k.DescentUpdate(w, g, 0.1) // w − 0.1·g
	fmt.Println(w)
	// Output: [0 3 2.95]
}

func ExampleKernels_ScaleByClass() {
	// σ'(Z) of neurons 2–5 of a net with m = 2 neurons a class (classes 1, 1,
	// 2, 2), for two samples; Δ has a row of 3 classes a sample.
	z := []float64{
		1, 1, 1, 1,
		1, 2, 3, 4,
	}
	delta := []float64{
		0.5, -1, 2,
		0, 10, -1,
	}
	var k Kernels
	k.ScaleByClass(z, delta, 2, 4, 2, 2, 3) // G = Δ Sᵀ ⊙ σ'(Z)
	fmt.Println(z)
	// Output: [-1 -1 2 2 10 20 -3 -4]
}

// TestGtXRowsDescentIsGtXRowsThenDescentUpdate checks the backward product
// fused with gradient descent's update against the reference product and
// update, on every path and every test shape (whole and masked strips, several
// blocks of samples, partial tiles), for row ranges that start and end inside
// a tile: dw and w's rows in the range are the reference's bits, and the other
// rows of both stay untouched. One η is the value that tells a fused
// multiply-subtract apart (see TestDescentUpdateIsUnfused). On amd64 the same
// check runs with the backward kernel's strip copy on every shape
// (TestGtXRowsDescentWithTheStripCopy).
func TestGtXRowsDescentIsGtXRowsThenDescentUpdate(t *testing.T) {
	checkGtXRowsDescent(t, "")
}

func checkGtXRowsDescent(t *testing.T, label string) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		for _, s := range shapes {
			x := randSlice(r, s.n*s.d, 0)
			g := randSlice(r, s.n*s.c, 0.4)
			w0 := randSlice(r, s.c*s.d, 0.1)
			for _, eta := range []float64{12, 1 + 0x1p-52} {
				for _, rg := range [][2]int{{0, s.c}, {s.c / 3, s.c}, {0, (2 * s.c) / 3}, {s.c / 2, s.c/2 + 1}} {
					lo, hi := rg[0], min(rg[1], s.c)
					full := make([]float64, s.c*s.d)
					RefGtX(full, g, x, s.n, s.c, s.d)
					wantDW := make([]float64, s.c*s.d)
					for i := range wantDW {
						wantDW[i] = -7
					}
					copy(wantDW[lo*s.d:hi*s.d], full[lo*s.d:hi*s.d])
					wantW := append([]float64(nil), w0...)
					RefDescentUpdate(wantW[lo*s.d:hi*s.d], full[lo*s.d:hi*s.d], eta)

					dw := make([]float64, s.c*s.d)
					for i := range dw {
						dw[i] = -7
					}
					w := append([]float64(nil), w0...)
					k.GtXRowsDescent(dw, g, x, s.n, s.c, s.d, lo, hi, w, eta)
					what := fmt.Sprintf("path=%s shape=%v rows=[%d,%d) eta=%g%s", p, s, lo, hi, eta, label)
					testutil.RequireSameBits(t, wantDW, dw, "dw %s", what)
					testutil.RequireSameBits(t, wantW, w, "w %s", what)
				}
			}
		}
	}
}

func TestGtXRowsDescentRejectsShortWeights(t *testing.T) {
	var k Kernels
	require.PanicsWithValue(t, "kernel: GtXRowsDescent needs w as large as dw", func() {
		k.GtXRowsDescent(make([]float64, 6), make([]float64, 4), make([]float64, 6), 2, 2, 3, 0, 2, make([]float64, 5), 1)
	})
}
