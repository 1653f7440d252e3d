package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

// cubicInputs returns n pre-activations that visit every piece of the
// smoothed ReLU and its edges: signed zeros, ϱ and its neighbours, the
// smallest normal and subnormal numbers, ±Inf, NaN, and values on the scales
// of ϱ and of training.
func cubicInputs(r *rand.Rand, rho float64, n int) []float64 {
	special := []float64{
		0, math.Copysign(0, -1), rho, math.Nextafter(rho, 0), math.Nextafter(rho, 1),
		-rho, 5e-324, -5e-324, math.SmallestNonzeroFloat64 * 3, 2.2250738585072014e-308,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64, 1, -1,
	}
	z := make([]float64, n)
	for i := range z {
		switch r.IntN(3) {
		case 0:
			z[i] = special[r.IntN(len(special))]
		case 1:
			z[i] = (2*r.Float64() - 0.5) * rho // around the middle piece
		default:
			z[i] = r.NormFloat64() * math.Exp2(float64(r.IntN(40)-30))
		}
	}
	return z
}

func TestCubicValueSlopeMatchesReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, rho := range []float64{0.01, 0.1, 1, 3, 0} {
		c := Cubic{Rho: rho, Coef: 1 / (3 * rho * rho), Shift: (1 - 1.0/3) * rho, Inv: 1 / rho}
		if rho == 0 {
			c = Cubic{} // the plain ReLU
		}
		for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 50, 100, 1001} {
			z := cubicInputs(r, rho, n)
			wantV, wantS := make([]float64, n), append([]float64(nil), z...)
			RefCubicValueSlope(wantV, wantS, c)
			for _, p := range Paths() {
				k, err := Select(p)
				require.NoError(t, err)
				// A longer v, filled with a marker, shows a write past len(z).
				v, s := make([]float64, n+9), append([]float64(nil), z...)
				for i := range v {
					v[i] = -7
				}
				k.CubicValueSlope(v, s, c)
				testutil.RequireSameBitsNaN(t, wantV, v[:n], "value path=%s ϱ=%v n=%d", p, rho, n)
				testutil.RequireSameBitsNaN(t, wantS, s, "slope path=%s ϱ=%v n=%d", p, rho, n)
				for i := n; i < len(v); i++ {
					require.Equalf(t, -7.0, v[i], "path=%s n=%d wrote v[%d] past len(z)", p, n, i)
				}
			}
		}
	}
}

func TestCubicValueSlopeRejectsShortV(t *testing.T) {
	require.Panics(t, func() { Kernels{}.CubicValueSlope(make([]float64, 2), make([]float64, 3), Cubic{Rho: 1}) })
}
