package mnist

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/rng"
)

// TestViewsMatchTheirDigests pins, bit for bit, the preprocessed views and
// class features that the suite's real-data cases train on (seed 1, N = 500,
// NTest = 2 000): the default tier of go test ./... checks the real data
// here, without training, and go test ./cases -quick checks the runs
// against the golden files. A digest that moves means every real-data
// golden file moves with it. The digests hold on arm64 too (the degraded
// view's Gaussian noise comes from rng.Normal, the same bits everywhere).
func TestViewsMatchTheirDigests(t *testing.T) {
	for _, tc := range []struct {
		source string
		d      int
		noise  float64
		digest string
	}{
		{Halves, Side * Side / 2, 0, "4b7e39eda678dfcc"},
		{Noisy, Side * Side, 0, "2b15bca53718a5d1"},
		{Halves, Side * Side / 2, 1, "4243cebb6fcc6603"},
	} {
		if tc.noise > 0 && runtime.GOARCH != "amd64" {
			continue
		}
		c := small(tc.source, tc.d)
		c.N, c.NTest, c.ViewNoise = 500, 2000, tc.noise
		src, sets := sets(t, c, 1)
		h := sha256.New()
		write := func(xs []float64) {
			for _, v := range xs {
				require.NoError(t, binary.Write(h, binary.LittleEndian, math.Float64bits(v)))
			}
		}
		for _, concern := range []string{rng.Train, rng.Test} {
			for r := range 2 {
				write(sets[concern].X[r])
			}
		}
		for r := range 2 {
			for j := range Classes {
				write(src.Feature(r, j))
			}
		}
		require.Equal(t, tc.digest, hex.EncodeToString(h.Sum(nil)[:8]), "%s view_noise=%v", tc.source, tc.noise)
	}
}
