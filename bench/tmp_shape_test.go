package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/modcomp/modcomp/core/kernel"
)

func BenchmarkTmpShapes(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range []struct{ n, d, c int }{{25, 250, 100}, {125, 250, 100}, {500, 500, 50}} {
		x, w, g := randomSlice(r, s.n*s.d), randomSlice(r, s.c*s.d), randomSlice(r, s.n*s.c)
		z, dw := make([]float64, s.n*s.c), make([]float64, s.c*s.d)
		flops := 2 * float64(s.n*s.d*s.c)
		b.Run(fmt.Sprintf("fwd/%v", s), func(b *testing.B) {
			for b.Loop() {
				kernel.XWtRows(z, x, w, s.d, s.c, 0, s.n)
			}
			reportGFLOPs(b, flops)
		})
		b.Run(fmt.Sprintf("bwd/%v", s), func(b *testing.B) {
			for b.Loop() {
				kernel.GtXRows(dw, g, x, s.n, s.c, s.d, 0, s.c)
			}
			reportGFLOPs(b, flops)
		})
	}
}
