package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

func TestAdamUpdateMatchesReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9, 17, 100, 1003} {
		for _, step := range []int{1, 2, 50} {
			a := AdamStep{Beta1: 0.9, Beta2: 0.999, Rest1: 1 - 0.9, Rest2: 1 - 0.999, Eta: 1e-3, Eps: 1e-8,
				Corr1: 1 / (1 - math.Pow(0.9, float64(step))), Corr2: 1 / (1 - math.Pow(0.999, float64(step)))}
			// Gradients and moments over many scales, with exact zeros (a
			// zero second moment makes the denominator ε alone).
			w, g := randSlice(r, n, 0), randSlice(r, n, 0.2)
			m, v := randSlice(r, n, 0.2), randSlice(r, n, 0.2)
			for i := range v {
				v[i] = math.Abs(v[i]) * math.Exp2(float64(r.IntN(60)-50))
			}
			ww, wm, wv := append([]float64(nil), w...), append([]float64(nil), m...), append([]float64(nil), v...)
			RefAdamUpdate(ww, g, wm, wv, a)
			for _, p := range Paths() {
				k, err := Select(p)
				require.NoError(t, err)
				// Longer w, m, v with a marker show a write past len(g).
				gw := append(append([]float64(nil), w...), -7, -7, -7)
				gm := append(append([]float64(nil), m...), -7, -7, -7)
				gv := append(append([]float64(nil), v...), -7, -7, -7)
				k.AdamUpdate(gw, g, gm, gv, a)
				testutil.RequireSameBits(t, ww, gw[:n], "w path=%s n=%d t=%d", p, n, step)
				testutil.RequireSameBits(t, wm, gm[:n], "m path=%s n=%d t=%d", p, n, step)
				testutil.RequireSameBits(t, wv, gv[:n], "v path=%s n=%d t=%d", p, n, step)
				for _, s := range [][]float64{gw, gm, gv} {
					require.Equalf(t, []float64{-7, -7, -7}, s[n:], "path=%s n=%d wrote past len(g)", p, n)
				}
			}
		}
	}
}

func TestAdamUpdateRejectsShortSlices(t *testing.T) {
	require.Panics(t, func() {
		Kernels{}.AdamUpdate(make([]float64, 3), make([]float64, 3), make([]float64, 2), make([]float64, 3), AdamStep{})
	})
}
