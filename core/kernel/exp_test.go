package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

// expInputs returns n arguments that cover the vector kernels' range and its
// edges, and the ones they hand back to math.Exp.
func expInputs(r *rand.Rand, n int) []float64 {
	special := []float64{
		0, math.Copysign(0, -1), -707, 709, math.Nextafter(-707, -800), math.Nextafter(709, 800),
		-708.3964185322641, -708.4, -709.78, -744.44, -745.2, -746, 709.782712893384, 709.79, 710,
		math.Inf(1), math.Inf(-1), math.NaN(), 1e-300, -1e-300, 5e-324, math.MaxFloat64, -math.MaxFloat64,
		0.5 * math.Ln2, -0.5 * math.Ln2, 1.5 * math.Ln2, -1.5 * math.Ln2, math.Ln2, -math.Ln2,
	}
	x := make([]float64, n)
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = special[r.IntN(len(special))]
		case 1:
			x[i] = -r.ExpFloat64() * 5 // softmax arguments: v − max ≤ 0
		case 2:
			x[i] = (r.Float64()*2 - 1) * 760
		default:
			x[i] = r.NormFloat64() * math.Exp2(float64(r.IntN(60)-50))
		}
	}
	return x
}

func TestExpIsMathExpBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 16, 17, 100, 4099} {
		for range 20 {
			src := expInputs(r, n)
			want := make([]float64, n)
			for i, x := range src {
				want[i] = exactmath.Exp(x)
			}
			for _, p := range Paths() {
				k, err := Select(p)
				require.NoError(t, err)
				dst := make([]float64, n+3)
				for i := range dst {
					dst[i] = -7
				}
				k.Exp(dst, src)
				testutil.RequireSameBitsNaN(t, want, dst[:n], "path=%s n=%d", p, n)
				require.Equalf(t, []float64{-7, -7, -7}, dst[n:], "path=%s n=%d wrote past len(src)", p, n)
			}
		}
	}
}

// TestExpAcrossTheRange checks every path against math.Exp on a fine grid of
// the whole range the vector kernels cover, where each reduction step and
// each scale 2^e occurs.
func TestExpAcrossTheRange(t *testing.T) {
	var src []float64
	for x := -710.0; x <= 710; x += 0.0137 {
		src = append(src, x, math.Nextafter(x, 0))
	}
	want := make([]float64, len(src))
	for i, x := range src {
		want[i] = exactmath.Exp(x)
	}
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		dst := make([]float64, len(src))
		k.Exp(dst, src)
		testutil.RequireSameBitsNaN(t, want, dst, "path=%s", p)
	}
}

func TestExpRejectsBadSlices(t *testing.T) {
	s := make([]float64, 4)
	require.Panics(t, func() { Kernels{}.Exp(s[:2], s) })
	require.Panics(t, func() { Kernels{}.Exp(s, s) })
}
