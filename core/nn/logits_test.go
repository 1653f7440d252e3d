package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClassLogitsSumsEachClassInOrder holds classLogits, which sums up to four
// classes side by side, to the plain definition: each class's σ summed in the
// order of encoder, then neuron, bit for bit (values over many scales, so that
// another order would round differently).
func TestClassLogitsSumsEachClassInOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for c := 1; c <= 11; c++ {
		for _, m := range []int{1, 3, 10} {
			for e := 1; e <= 3; e++ {
				const n, i = 3, 1
				v := make([]float64, e*c*m)
				for q := range v {
					v[q] = r.Float64() * math.Exp2(float64(r.IntN(80)-40))
				}
				want, got := make([]float64, c*n), make([]float64, c*n)
				for j := range c {
					sum := 0.0
					for rr := range e {
						for l := range m {
							sum += v[rr*c*m+j*m+l]
						}
					}
					want[j*n+i] = sum
				}
				classLogits(got[i:], n, v, c, m, e)
				for q := range want {
					require.Equalf(t, math.Float64bits(want[q]), math.Float64bits(got[q]), "c=%d m=%d e=%d entry %d", c, m, e, q)
				}
			}
		}
	}
}
