package data

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/testutil"
)

func smallCase() param.Case { return testutil.SmallCase(testutil.Shape{D: 40, K: 6, N: 4000}) }

func TestDictionariesAreOrthogonal(t *testing.T) {
	dist, err := New(context.Background(), smallCase(), 3)
	require.NoError(t, err)
	for r, m := range dist.Dict {
		var mtm mat.Dense
		mtm.Mul(m.T(), m)
		d, _ := mtm.Dims()
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				want := 0.0
				if i == j {
					want = 1
				}
				require.InDeltaf(t, want, mtm.At(i, j), 1e-12, "M_%d^T M_%d at (%d,%d)", r, r, i, j)
			}
		}
		for j := 0; j < dist.Case.K; j++ {
			f := dist.Feature(r, j)
			for t2 := range f {
				require.Equal(t, m.At(t2, j), f[t2])
			}
		}
	}
	require.False(t, mat.EqualApprox(dist.Dict[0], dist.Dict[1], 1e-3), "modalities get different dictionaries")
}

// binomialInterval is a 99.9% normal-approximation interval for a proportion p over n trials.
func binomialInterval(p float64, n int) (lo, hi float64) {
	z := distuv.UnitNormal.Quantile(1 - 0.0005)
	half := z * math.Sqrt(p*(1-p)/float64(n))
	return p - half, p + half
}

// TestCodesFollowTheCase recovers every sparse code as Mᵀx (with σ_g = 0) and
// checks labels, patterns, supports and value ranges against the case.
func TestCodesFollowTheCase(t *testing.T) {
	for _, pattern := range []string{param.Exclusive, param.Independent} {
		t.Run(pattern, func(t *testing.T) {
			c := smallCase()
			c.SigmaG = 0
			c.Pattern = pattern
			c.Mu = []float64{0.2, 0.35}
			dist, err := New(context.Background(), c, 11)
			require.NoError(t, err)
			s := dist.mustSample(t, c.N, 11, rng.Train)
			insufficient := make([]int, c.R)
			both := 0
			labels := make([]int, c.K)
			for i := 0; i < s.N; i++ {
				labels[s.Y[i]]++
				if s.Insufficient[0][i] && s.Insufficient[1][i] {
					both++
				}
				for r := 0; r < c.R; r++ {
					x := mat.NewVecDense(c.D, s.X[r][i*c.D:(i+1)*c.D])
					var z mat.VecDense
					z.MulVec(dist.Dict[r].T(), x)
					insuff := s.Insufficient[r][i]
					if insuff {
						insufficient[r]++
					}
					support := 0
					for j := 0; j < c.D; j++ {
						v := z.AtVec(j)
						if math.Abs(v) < 1e-9 {
							continue
						}
						support++
						require.Lessf(t, j, c.K, "sample %d modality %d: non-class coordinate %d is %v", i, r, j, v)
						lo, hi := c.A[r], c.B[r]
						if j != s.Y[i] {
							lo, hi = 0, c.Gamma
						}
						if insuff {
							lo, hi = c.OffLo, c.OffHi
							if j == s.Y[i] {
								lo, hi = c.InsuffLo, c.InsuffHi
							}
						}
						require.GreaterOrEqualf(t, v, lo-1e-9, "sample %d modality %d coordinate %d", i, r, j)
						require.LessOrEqualf(t, v, hi+1e-9, "sample %d modality %d coordinate %d", i, r, j)
					}
					require.LessOrEqual(t, support, 1+c.S)
					require.InDelta(t, s.Target[r][i], z.AtVec(s.Y[i]), 1e-9)
				}
			}
			for r := 0; r < c.R; r++ {
				frac := float64(insufficient[r]) / float64(s.N)
				lo, hi := binomialInterval(c.Mu[r], s.N)
				require.Truef(t, frac >= lo && frac <= hi, "modality %d insufficient fraction %v outside [%v, %v] around μ=%v", r, frac, lo, hi, c.Mu[r])
			}
			if pattern == param.Exclusive {
				require.Zero(t, both, "exclusive pattern: never both insufficient")
			} else {
				lo, hi := binomialInterval(c.Mu[0]*c.Mu[1], s.N)
				frac := float64(both) / float64(s.N)
				require.Truef(t, frac >= lo && frac <= hi, "both insufficient %v outside [%v, %v]", frac, lo, hi)
			}
			for j, n := range labels {
				lo, hi := binomialInterval(1/float64(c.K), s.N)
				frac := float64(n) / float64(s.N)
				require.Truef(t, frac >= lo && frac <= hi, "class %d frequency %v outside [%v, %v]", j, frac, lo, hi)
			}
		})
	}
}

func TestGaussianNoiseLevel(t *testing.T) {
	c := smallCase()
	c.SigmaG = 0.3
	c.Mu = []float64{0, 0}
	c.A, c.B, c.Gamma, c.S = []float64{1, 1}, []float64{1, 1}, 0, 0
	dist, err := New(context.Background(), c, 5)
	require.NoError(t, err)
	s := dist.mustSample(t, 2000, 5, rng.Test)
	// With the code fixed at e_y, x − M e_y is pure noise.
	sum, sumSq, count := 0.0, 0.0, 0
	for i := 0; i < s.N; i++ {
		f := dist.Feature(0, s.Y[i])
		for t2 := 0; t2 < c.D; t2++ {
			v := s.X[0][i*c.D+t2] - f[t2]
			sum += v
			sumSq += v * v
			count++
		}
	}
	mean := sum / float64(count)
	sd := math.Sqrt(sumSq/float64(count) - mean*mean)
	require.InDelta(t, 0, mean, 4*0.3/math.Sqrt(float64(count)))
	require.InDelta(t, 0.3, sd, 0.01)
}

func TestStreamsAreSeparateAndReproducible(t *testing.T) {
	c := smallCase()
	c.N = 50
	d1, _ := New(context.Background(), c, 9)
	d2, _ := New(context.Background(), c, 9)
	a, b := d1.mustSample(t, 50, 9, rng.Train), d2.mustSample(t, 50, 9, rng.Train)
	require.Equal(t, a.X, b.X)
	test := d1.mustSample(t, 50, 9, rng.Test)
	require.NotEqual(t, a.X[0][:10], test.X[0][:10], "train and test sets use different streams")
	d3, _ := New(context.Background(), c, 10)
	require.False(t, mat.Equal(d1.Dict[0], d3.Dict[0]), "seeds give different dictionaries")
}

func TestSpikeNoise(t *testing.T) {
	c := smallCase()
	c.SigmaG, c.SpikeProb, c.SpikeScale = 0, 0.1, 0.05
	dist, err := New(context.Background(), c, 2)
	require.NoError(t, err)
	s := dist.mustSample(t, 500, 2, rng.Train)
	spikes := 0
	for i := 0; i < s.N; i++ {
		x := mat.NewVecDense(c.D, s.X[0][i*c.D:(i+1)*c.D])
		var z mat.VecDense
		z.MulVec(dist.Dict[0].T(), x)
		for j := c.K; j < c.D; j++ {
			if v := z.AtVec(j); v != 0 && math.Abs(v) > 1e-9 {
				require.InDelta(t, c.SpikeScale, v, 1e-9)
				spikes++
			}
		}
	}
	frac := float64(spikes) / float64(s.N*(c.D-c.K))
	lo, hi := binomialInterval(c.SpikeProb, s.N*(c.D-c.K))
	require.Truef(t, frac >= lo && frac <= hi, "spike fraction %v outside [%v, %v]", frac, lo, hi)
}

func TestNewRejectsInvalidCase(t *testing.T) {
	c := smallCase()
	c.K = 0
	_, err := New(context.Background(), c, 1)
	require.ErrorContains(t, err, "k:")
}

func (dist *Distribution) mustSample(t testing.TB, n int, seed uint64, concern string) *Set {
	t.Helper()
	s, err := dist.Sample(context.Background(), n, seed, concern)
	require.NoError(t, err)
	return s
}

// cancelAtCheck is a context that cancels itself right after its n-th Err
// check has answered nil, as if a signal arrived just then: a test can stop
// work at a known point without a timer.
type cancelAtCheck struct {
	context.Context
	cancel context.CancelFunc
	n      int
}

func (c *cancelAtCheck) Err() error {
	err := c.Context.Err()
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return err
}

// TestCancelStopsDataGeneration cancels the dictionaries' draw at a d whose
// QR factorisation alone takes seconds, once as the rows are drawn and once
// as the factorisation starts (right after the last row's check), and the
// sampling of a large set: each returns the context's error.
func TestCancelStopsDataGeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("factorises a large matrix")
	}
	c := smallCase()
	c.D, c.N = 2500, 20
	for _, at := range []int{100, c.D} {
		ctx, cancel := context.WithCancel(context.Background())
		check := &cancelAtCheck{Context: ctx, cancel: cancel, n: at}
		_, err := New(check, c, 1)
		require.ErrorIs(t, err, context.Canceled, "cancelled at check %d", at)
		require.LessOrEqual(t, check.n, 0, "New stopped after the cancellation, not before it")
		require.Greater(t, check.n, -2, "check %d: New went on checking after the cancellation", at)
	}

	c = smallCase()
	dist, err := New(context.Background(), c, 1)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = dist.Sample(ctx, 1_000_000, 1, rng.Train)
	require.ErrorIs(t, err, context.Canceled)
}
