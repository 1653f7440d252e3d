package data

import (
	"context"
	"hash/fnv"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// gaussianColumns draws a d×d standard Gaussian matrix by columns.
func gaussianColumns(seed uint64, d int) []float64 {
	src := rng.New(seed, "householder-test")
	col := make([]float64, d*d)
	for i := range col {
		col[i] = rng.Normal(src)
	}
	return col
}

// TestOrthogonalFactorIsTheQRFactor checks Q against its definition and
// against gonum's QR: QᵀQ = I, R = QᵀG upper triangular with a positive
// diagonal, and Q equal to gonum's Q (signs fixed the same way) to rounding.
func TestOrthogonalFactorIsTheQRFactor(t *testing.T) {
	for _, d := range []int{1, 2, 3, 17, 64, 150} {
		col := gaussianColumns(uint64(d), d)
		g := mat.NewDense(d, d, nil)
		for j := range d {
			for i := range d {
				g.Set(i, j, col[j*d+i])
			}
		}
		qc, err := orthogonalFactor(context.Background(), append([]float64(nil), col...), d)
		require.NoError(t, err)
		q := mat.NewDense(d, d, nil)
		for j := range d {
			for i := range d {
				q.Set(i, j, qc[j*d+i])
			}
		}
		var qtq, r mat.Dense
		qtq.Mul(q.T(), q)
		r.Mul(q.T(), g)
		tol := 1e-13 * float64(d)
		for i := range d {
			for j := range d {
				want := 0.0
				if i == j {
					want = 1
				}
				require.InDelta(t, want, qtq.At(i, j), tol, "d=%d: (QᵀQ)_%d%d", d, i, j)
				if i > j {
					require.InDelta(t, 0, r.At(i, j), tol*mat.Norm(g, 2), "d=%d: R_%d%d below the diagonal", d, i, j)
				}
			}
			require.Greater(t, r.At(i, i), 0.0, "d=%d: R_%d%d", d, i, i)
		}
		var qr mat.QR
		qr.Factorize(g)
		var gq, gr mat.Dense
		qr.QTo(&gq)
		qr.RTo(&gr)
		for j := range d {
			sign := 1.0
			if gr.At(j, j) < 0 {
				sign = -1
			}
			for i := range d {
				require.InDelta(t, sign*gq.At(i, j), q.At(i, j), tol, "d=%d: Q_%d%d against gonum's", d, i, j)
			}
		}
	}
}

// TestOrthogonalFactorEdges covers the reflector's identity case: a column
// already zero below its diagonal, with either sign on it.
func TestOrthogonalFactorEdges(t *testing.T) {
	col := []float64{-2, 0, 0, 3} // columns (−2, 0) and (0, 3): R = diag(2, 3) with Q = diag(−1, 1)
	q, err := orthogonalFactor(context.Background(), col, 2)
	require.NoError(t, err)
	require.Equal(t, []float64{-1, 0, 0, 1}, q)
}

// TestOrthogonalFactorStoredBits hashes the Q of a 96×96 Gaussian matrix and
// compares it with the digest of an amd64 build: the construction gives the
// same bits on every architecture and GOAMD64 level.
func TestOrthogonalFactorStoredBits(t *testing.T) {
	const want = 0x3de9b4865cc833c2
	q, err := orthogonalFactor(context.Background(), gaussianColumns(96, 96), 96)
	require.NoError(t, err)
	h := fnv.New64a()
	var b [8]byte
	for _, v := range q {
		u := math.Float64bits(v)
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		h.Write(b[:])
	}
	require.Equal(t, uint64(want), h.Sum64(), "on %s/%s", runtime.GOOS, runtime.GOARCH)
}

// TestOrthogonalFactorStops returns ctx.Err() for a cancelled context.
func TestOrthogonalFactorStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := orthogonalFactor(ctx, gaussianColumns(1, 8), 8)
	require.ErrorIs(t, err, context.Canceled)
}

// TestDictionaryChoosesTheQR draws one seed's dictionaries with each QR:
// equal to rounding (the same Q of the same Gaussian matrix), and each
// orthogonal with the class features where Feature says.
func TestDictionaryChoosesTheQR(t *testing.T) {
	c := param.Default()
	c.D = 40
	gonum, err := New(context.Background(), c, 3)
	require.NoError(t, err)
	c.Dictionary = param.DictionaryHouseholder
	own, err := New(context.Background(), c, 3)
	require.NoError(t, err)
	differ := 0
	for r := range c.R {
		require.True(t, mat.EqualApprox(gonum.Dict[r], own.Dict[r], 1e-13), "modality %d", r)
		for j := range c.D {
			for i, v := range own.Feature(r, j) {
				require.Equal(t, own.Dict[r].At(i, j), v)
				if v != gonum.Dict[r].At(i, j) {
					differ++
				}
			}
		}
	}
	t.Logf("%d of %d entries differ from gonum's in the last bits", differ, c.R*c.D*c.D)
}
