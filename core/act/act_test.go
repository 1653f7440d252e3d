package act

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
)

func TestKnownPoints(t *testing.T) {
	tests := []struct {
		name      string
		q         int
		rho, u    float64
		value     float64
		slope     float64
		tolerance float64
	}{
		{"negative", 3, 0.1, -1, 0, 0, 0},
		{"zero", 3, 0.1, 0, 0, 0, 0},
		{"half threshold q3", 3, 0.1, 0.05, 0.05 * 0.05 * 0.05 / (3 * 0.01), 0.25, 1e-15},
		{"at threshold q3", 3, 0.1, 0.1, 0.1 / 3, 1, 1e-15},
		{"linear q3", 3, 0.1, 1, 1 - (2.0/3)*0.1, 1, 1e-15},
		{"half threshold q4", 4, 1, 0.5, 0.0625 / 4, 0.125, 1e-15},
		{"linear q5", 5, 2, 3, 3 - 0.8*2, 1, 1e-15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := New(tc.q, tc.rho)
			assert.InDelta(t, tc.value, a.Value(tc.u), tc.tolerance)
			assert.InDelta(t, tc.slope, a.Slope(tc.u), tc.tolerance)
			v, s := a.ValueSlope(tc.u)
			assert.Equal(t, a.Value(tc.u), v, "ValueSlope value must equal Value bit for bit")
			assert.Equal(t, a.Slope(tc.u), s, "ValueSlope slope must equal Slope bit for bit")
		})
	}
}

func TestContinuityAtKinks(t *testing.T) {
	for _, q := range []int{3, 4, 7} {
		for _, rho := range []float64{0.01, 0.1, 1, 3} {
			a := New(q, rho)
			for _, at := range []float64{0, rho} {
				// Across a gap of 2h the value may move by at most 2h (slope ≤ 1) and
				// the slope by at most 2h·(q−1)/ϱ (its Lipschitz constant); a jump
				// would exceed both bounds.
				h := 1e-9 * rho
				below, above := at-h, at+h
				require.LessOrEqualf(t, math.Abs(a.Value(above)-a.Value(below)), 2*h*(1+1e-6), "value jumps at %v (q=%d ϱ=%v)", at, q, rho)
				require.LessOrEqualf(t, math.Abs(a.Slope(above)-a.Slope(below)), 2*h*float64(q-1)/rho*(1+1e-6), "slope jumps at %v (q=%d ϱ=%v)", at, q, rho)
			}
		}
	}
}

func TestSlopeIsDerivative(t *testing.T) {
	a := New(3, 0.1)
	for _, u := range []float64{-0.2, 0.01, 0.05, 0.0999, 0.1001, 0.7} {
		const h = 1e-7
		fd := (a.Value(u+h) - a.Value(u-h)) / (2 * h)
		assert.InDeltaf(t, fd, a.Slope(u), 1e-6, "u=%v", u)
	}
}

// TestValueSlopeMatchesValueAndSlope: the branch-free ValueSlope returns the
// bits of the piecewise Value and Slope, for every q, at random points on all
// three pieces and at the special values.
func TestValueSlopeMatchesValueAndSlope(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, q := range []int{3, 4, 5, 7} {
		for _, rho := range []float64{1e-3, 0.01, 0.1, 1} {
			a := New(q, rho)
			us := []float64{0, math.Copysign(0, -1), rho, math.Nextafter(rho, 1), math.Nextafter(rho, 0),
				math.NaN(), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1e300}
			for range 2000 {
				us = append(us, r.NormFloat64()*rho*2)
			}
			for _, u := range us {
				v, s := a.ValueSlope(u)
				require.Equalf(t, math.Float64bits(a.Value(u)), math.Float64bits(v), "σ(%v), q=%d ϱ=%v", u, q, rho)
				require.Equalf(t, math.Float64bits(a.Slope(u)), math.Float64bits(s), "σ'(%v), q=%d ϱ=%v", u, q, rho)
			}
		}
	}
}

// TestCubicKernelIsValueSlope checks that the kernels' vectorised smoothed
// ReLU (kernel.CubicValueSlope, on every path) returns ValueSlope's bits for
// q = 3, on every piece and edge, and for the plain ReLU from its constants
// (all zero).
func TestCubicKernelIsValueSlope(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, a := range []Func{New(3, 0.01), New(3, 0.1), New(3, 1), New(3, 3), ReLU()} {
		rho, coef, shift, inv := a.Constants()
		c := kernel.Cubic{Rho: rho, Coef: coef, Shift: shift, Inv: inv}
		z := []float64{0, math.Copysign(0, -1), rho, math.Nextafter(rho, 0), math.Nextafter(rho, 1), -rho,
			5e-324, -5e-324, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64}
		for range 300 {
			z = append(z, (2*r.Float64()-0.5)*rho, r.NormFloat64()*math.Exp2(float64(r.IntN(40)-30)))
		}
		for _, path := range kernel.Paths() {
			k, err := kernel.Select(path)
			require.NoError(t, err)
			v, s := make([]float64, len(z)), append([]float64(nil), z...)
			k.CubicValueSlope(v, s, c)
			for i, u := range z {
				wv, ws := a.ValueSlope(u)
				if math.IsNaN(u) {
					require.Truef(t, math.IsNaN(v[i]) && math.IsNaN(s[i]) == math.IsNaN(ws), "path=%s NaN", path)
					continue
				}
				require.Equalf(t, math.Float64bits(wv), math.Float64bits(v[i]), "value path=%s ϱ=%v u=%v", path, rho, u)
				require.Equalf(t, math.Float64bits(ws), math.Float64bits(s[i]), "slope path=%s ϱ=%v u=%v", path, rho, u)
			}
		}
	}
}
