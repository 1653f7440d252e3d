package kernel

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPackPanelsIsTheTranspose checks packPanels (and, where the CPU has
// AVX-512F, its vector transposes of whole and partial panels: every count of
// rows 1–15) against the definition: panel p holds
// columns [p·width, (p+1)·width) of wᵀ, zero past column c.
func TestPackPanelsIsTheTranspose(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, width := range []int{8, 16} {
		for _, d := range []int{1, 7, 8, 9, 16, 31, 250, 257} {
			for _, c := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 32, 50, 100} {
				w := randSlice(r, c*d, 0)
				buf := new([]float64)
				*buf = make([]float64, packedLen(d, c, width))
				for i := range *buf {
					(*buf)[i] = -7 // padding must be written as zero
				}
				got := packPanels(buf, w, d, c, width)
				for p := 0; p < (c+width-1)/width; p++ {
					for tt := 0; tt < d; tt++ {
						for v := 0; v < width; v++ {
							want := 0.0
							if j := p*width + v; j < c {
								want = w[j*d+tt]
							}
							require.Equalf(t, want, got[p*d*width+tt*width+v], "width=%d d=%d c=%d panel %d row %d lane %d", width, d, c, p, tt, v)
						}
					}
				}
			}
		}
	}
}
