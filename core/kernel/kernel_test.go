package kernel

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modcomp/modcomp/internal/testutil"
	"github.com/stretchr/testify/require"
)

func randSlice(r *rand.Rand, n int, zeroFrac float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		if r.Float64() < zeroFrac {
			continue
		}
		s[i] = r.NormFloat64() * math.Exp2(float64(r.IntN(20)-10))
	}
	return s
}

// shapes include sizes that are not multiples of any tile or vector width.
var shapes = []struct{ n, d, c int }{
	{1, 1, 1}, {3, 5, 7}, {4, 8, 2}, {5, 17, 9}, {13, 31, 23}, {16, 64, 40},
	{33, 129, 21}, {64, 100, 100}, {7, 250, 3}, {100, 9, 65},
	// more samples than one block of the SIMD backward kernels (256)
	{600, 33, 9}, {1100, 20, 6},
	// whole and partial 12-row × 16-column assembly tiles
	{12, 16, 12}, {24, 48, 36}, {25, 40, 30}, {37, 16, 17}, {530, 50, 25},
	// rows of w in several blocks of the plain Go forward kernel, and samples
	// in several blocks of its backward kernel
	{9, 700, 50}, {70, 1000, 45},
	// empty dimensions
	{0, 5, 3}, {4, 0, 3}, {4, 5, 0},
}

func TestKernelsMatchReferenceBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	t.Logf("paths: %v", Paths())
	for _, p := range Paths() {
		k, err := Select(p)
		require.NoError(t, err)
		for _, s := range shapes {
			x := randSlice(r, s.n*s.d, 0)
			w := randSlice(r, s.c*s.d, 0)
			g := randSlice(r, s.n*s.c, 0.4)
			wantZ := make([]float64, s.n*s.c)
			wantW := make([]float64, s.c*s.d)
			RefXWt(wantZ, x, w, s.n, s.d, s.c)
			RefGtX(wantW, g, x, s.n, s.c, s.d)
			for _, workers := range []int{1, 2, 4} {
				pool := NewPool(workers).Use(k)
				z := make([]float64, s.n*s.c)
				dw := make([]float64, s.c*s.d)
				for i := range z { // every output must be written, an empty sum's +0 too
					z[i] = -7
				}
				for i := range dw {
					dw[i] = -7
				}
				XWt(pool, z, x, w, s.n, s.d, s.c)
				GtX(pool, dw, g, x, s.n, s.c, s.d)
				pool.Close()
				testutil.RequireSameBits(t, wantZ, z, "XWt path=%s shape=%v workers=%d", p, s, workers)
				testutil.RequireSameBits(t, wantW, dw, "GtX path=%s shape=%v workers=%d", p, s, workers)
			}
		}
	}
}

func TestPoolCoversRangeOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 3, runtime.NumCPU() + 1} {
		p := NewPool(workers)
		for _, n := range []int{0, 1, 3, 4, 5, 17, 100, 101} {
			for _, grain := range []int{1, 4, 7} {
				hits := make([]int, n)
				var mu sync.Mutex
				var got [][2]int
				p.Run(n, grain, func(lo, hi int) {
					mu.Lock()
					got = append(got, [2]int{lo, hi})
					mu.Unlock()
					for i := lo; i < hi; i++ {
						hits[i]++
					}
				})
				for i, h := range hits {
					require.Equalf(t, 1, h, "workers=%d n=%d grain=%d index %d", workers, n, grain, i)
				}
				if n > 0 {
					require.ElementsMatchf(t, p.Ranges(n, grain), got, "workers=%d n=%d grain=%d", workers, n, grain)
				}
			}
		}
		p.Close()
	}
}

// TestPoolParksAndWakes runs ranges across the pool's spinning and blocking
// paths: workers that have parked between calls, a caller that parks while a
// worker is slow, and more workers than GOMAXPROCS.
func TestPoolParksAndWakes(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		p := NewPool(4)
		for round := 0; round < 6; round++ {
			var pause time.Duration
			if round%2 == 1 {
				pause = 2 * spinFor // long enough for every side to park
			}
			time.Sleep(pause)
			hits := make([]int, 40)
			p.Run(len(hits), 1, func(lo, hi int) {
				if lo == 0 {
					time.Sleep(pause) // the caller runs the last range and waits
				}
				for i := lo; i < hi; i++ {
					hits[i]++
				}
			})
			for i, h := range hits {
				require.Equalf(t, 1, h, "GOMAXPROCS=%d round %d index %d", procs, round, i)
			}
		}
		p.Close()
	}
}

// TestAwaitIgnoresStaleToken: a token left over from an earlier wait (its
// sender's flag swap delayed past the counter it stored) must not end a wait
// whose counter has not been reached.
func TestAwaitIgnoresStaleToken(t *testing.T) {
	var counter atomic.Uint64
	var sleeping atomic.Bool
	token := make(chan struct{}, 1)
	token <- struct{}{} // the stale token
	done := make(chan struct{})
	go func() {
		await(&counter, 1, &sleeping, token)
		close(done)
	}()
	time.Sleep(5 * spinFor)
	select {
	case <-done:
		require.Fail(t, "await returned before its counter was reached")
	default:
	}
	counter.Store(1)
	notify(&sleeping, token)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		require.Fail(t, "await did not return after its counter was reached and notified")
	}
}

func TestSelectRejectsUnknown(t *testing.T) {
	_, err := Select("no-such-path")
	require.ErrorContains(t, err, `kernel path "no-such-path": not one of`)
	require.Contains(t, Paths(), Path())
	require.Equal(t, Path(), Kernels{}.Name(), "the zero Kernels is the default")
	require.Equal(t, Path(), (*Pool)(nil).Kernels().Name())
}

// TestLanesFollowThePathsWidth: the AVX-512 paths compute 8 lanes at a time,
// the AVX2 ones 4, neon 2, generic 1; the peak loop of that width is the
// path's ceiling.
func TestLanesFollowThePathsWidth(t *testing.T) {
	want := map[string]int{"generic": 1, "avx2": 4, "avx2asm": 4, "avx512": 8, "avx512asm": 8, "neon": 2}
	for _, path := range Paths() {
		k, err := Select(path)
		require.NoError(t, err)
		lanes, known := want[path]
		require.True(t, known, "a new path %s needs its width here", path)
		require.Equal(t, lanes, k.Lanes(), path)
	}
}
