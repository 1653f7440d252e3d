package gonumla

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/digestfile"
	"github.com/modcomp/modcomp/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/digests.json from this build (amd64 only, where it is gonum's)")

// matrix is one input of the tests: its name and its d×d entries.
type matrix struct {
	name string
	d    int
	a    []float64
}

// inputs returns Gaussian matrices of every size class of the blocked code
// (below, at and above the block size 32, the crossover 128 and Dgemm's
// 64-blocks; the dictionaries' sizes 250, 392, 500 and 784, the last three
// and 257 left out by -short), and matrices
// that take dlarfg's and dlarf's other branches: a zero column (τ = 0), zero
// rows at the bottom (dlarf's shortened reflectors) and entries near the
// smallest normal number (dlarfg's rescaling).
func inputs(short bool) []matrix {
	sizes := []int{1, 2, 3, 4, 5, 7, 31, 32, 33, 63, 64, 65, 127, 128, 129, 160, 161, 193, 250, 257, 392, 500, 784}
	large := map[string]bool{"gauss-257": true, "gauss-392": true, "gauss-500": true, "gauss-784": true}
	r := rand.New(rand.NewPCG(5, 6)) // every matrix is drawn, so that a name means one matrix in -short too
	gauss := func(d int) []float64 {
		a := make([]float64, d*d)
		for i := range a {
			a[i] = rng.Normal(r) // not NormFloat64, which a compiler may compute differently
		}
		return a
	}
	var ms []matrix
	for _, d := range sizes {
		ms = append(ms, matrix{fmt.Sprintf("gauss-%d", d), d, gauss(d)})
	}
	zeroCol := gauss(150)
	for i := range 150 {
		zeroCol[i*150+40] = 0
	}
	zeroRows := gauss(140)
	for i := 120; i < 140; i++ {
		for j := range 140 {
			zeroRows[i*140+j] = 0
		}
	}
	tiny := gauss(40)
	for i := range tiny {
		tiny[i] *= 0x1p-1000
	}
	// Exact zeros, small integers (exact cancellations, signed zeros),
	// repeated columns (rank deficiency) and the zero and identity matrices.
	sparse := gauss(200)
	for i := range sparse {
		if r.IntN(10) < 7 {
			sparse[i] = 0
		}
	}
	integers := make([]float64, 150*150)
	for i := range integers {
		integers[i] = float64(r.IntN(5) - 2)
	}
	repeated := gauss(170)
	for i := range 170 {
		for j := 1; j < 170; j += 2 {
			repeated[i*170+j] = repeated[i*170+j-1]
		}
	}
	negZeros := gauss(60)
	for i := range 60 {
		for j := range i {
			negZeros[i*60+j] = math.Copysign(0, -1)
		}
	}
	identity := make([]float64, 140*140)
	for i := range 140 {
		identity[i*140+i] = 1
	}
	ms = append(ms,
		matrix{"zero-column-150", 150, zeroCol}, matrix{"zero-rows-140", 140, zeroRows}, matrix{"tiny-40", 40, tiny},
		matrix{"sparse-200", 200, sparse}, matrix{"integers-150", 150, integers}, matrix{"repeated-columns-170", 170, repeated},
		matrix{"negative-zeros-60", 60, negZeros}, matrix{"zero-130", 130, make([]float64, 130*130)}, matrix{"identity-140", 140, identity})
	if short {
		kept := ms[:0]
		for _, m := range ms {
			if !large[m.name] {
				kept = append(kept, m)
			}
		}
		ms = kept
	}
	return ms
}

// gonumQR is what QR reproduces: gonum's mat.QR, its Q and R's
// diagonal.
func gonumQR(a []float64, d int) (q, rDiag []float64) {
	var qr mat.QR
	qr.Factorize(mat.NewDense(d, d, append([]float64(nil), a...)))
	var qm, rm mat.Dense
	qr.QTo(&qm)
	qr.RTo(&rm)
	rDiag = make([]float64, d)
	for i := range d {
		rDiag[i] = rm.At(i, i)
	}
	return qm.RawMatrix().Data, rDiag
}

// TestQRIsGonums compares QR with gonum's mat.QR bit for bit where
// gonum runs the amd64 assembly QR reproduces.
func TestQRIsGonums(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skipf("gonum's kernels on %s are not its amd64 assembly; TestStoredDigests checks the bits here", runtime.GOARCH)
	}
	for _, m := range inputs(testing.Short()) {
		q, rd, err := QR(context.Background(), m.a, m.d)
		if err != nil {
			t.Fatal(err)
		}
		wq, wr := gonumQR(m.a, m.d)
		testutil.RequireSameBits(t, wq, q, "%s: Q (row-major) against gonum's", m.name)
		testutil.RequireSameBits(t, wr, rd, "%s: R's diagonal against gonum's", m.name)
	}
}

// digest hashes Q's and R's diagonal's bits.
func digest(q, rDiag []float64) string {
	h := fnv.New64a()
	var b [8]byte
	for _, xs := range [][]float64{q, rDiag} {
		for _, x := range xs {
			u := math.Float64bits(x)
			for i := range b {
				b[i] = byte(u >> (8 * i))
			}
			h.Write(b[:])
		}
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// TestStoredDigests checks QR and CholeskySolve on every input against
// digests stored from an amd64 build, where TestQRIsGonums and
// TestCholeskyIsGonums tie them to gonum: on any other architecture or
// GOAMD64 level it shows that they compute gonum's amd64 bits there.
func TestStoredDigests(t *testing.T) {
	got := map[string]string{}
	short := testing.Short() && !*update
	for _, m := range inputs(short) {
		q, rd, err := QR(context.Background(), m.a, m.d)
		if err != nil {
			t.Fatal(err)
		}
		got["qr/"+m.name] = digest(q, rd)
	}
	for _, m := range spdInputs(short) {
		x, ok, err := CholeskySolve(m.a, m.d, m.c)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			got["cholesky/"+m.name] = digest(x, nil)
		} else {
			got["cholesky/"+m.name] = "not positive definite"
		}
	}
	if *update && runtime.GOARCH != "amd64" {
		t.Fatal("-update: the digests are gonum's amd64 bits; write them on amd64")
	}
	digestfile.Check(t, "testdata/digests.json", got, *update)
}

// TestQRIsOrthogonal checks what QR is for on Gaussian matrices, the
// dictionaries' kind, whatever gonum does: QᵀQ = I and QᵀA upper triangular,
// to rounding. (On the degenerate inputs QR is gonum's bits and no more:
// for repeated-columns-170, gonum's blocked QR, and so QR, returns a Q
// with |QᵀQ − I| up to 1e-3, from the off-by-one dlarft keeps.)
func TestQRIsOrthogonal(t *testing.T) {
	for _, m := range inputs(true) {
		if !strings.HasPrefix(m.name, "gauss-") {
			continue
		}
		q, _, err := QR(context.Background(), m.a, m.d)
		if err != nil {
			t.Fatal(err)
		}
		qm := mat.NewDense(m.d, m.d, q)
		var qtq mat.Dense
		qtq.Mul(qm.T(), qm)
		for i := range m.d {
			for j := range m.d {
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(qtq.At(i, j)-want) > 1e-13*float64(m.d) {
					t.Fatalf("%s: (QᵀQ)[%d][%d] = %v", m.name, i, j, qtq.At(i, j))
				}
			}
		}
		// R = QᵀA is upper triangular.
		var r mat.Dense
		r.Mul(qm.T(), mat.NewDense(m.d, m.d, m.a))
		for i := range m.d {
			for j := range i {
				if math.Abs(r.At(i, j)) > 1e-12*float64(m.d) {
					t.Fatalf("%s: (QᵀA)[%d][%d] = %v below the diagonal", m.name, i, j, r.At(i, j))
				}
			}
		}
	}
}

// TestQRStops checks that a cancelled context stops QR with its
// error, and that bad sizes are errors.
func TestQRStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := QR(ctx, make([]float64, 200*200), 200); err != context.Canceled {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	if _, _, err := QR(context.Background(), make([]float64, 5), 2); err == nil {
		t.Error("5 entries for 2×2: no error")
	}
	if _, _, err := QR(context.Background(), nil, 0); err == nil {
		t.Error("d = 0: no error")
	}
}

// BenchmarkQR times QR and gonum's mat.QR on a Gaussian matrix of the
// paper's size, d = 250 (gonum's Dgemm may use several goroutines; QR
// uses one).
func BenchmarkQR(b *testing.B) {
	const d = 250
	r := rand.New(rand.NewPCG(7, 8))
	a := make([]float64, d*d)
	for i := range a {
		a[i] = rng.Normal(r)
	}
	b.Run("gonumla", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := QR(context.Background(), a, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gonum", func(b *testing.B) {
		for b.Loop() {
			gonumQR(a, d)
		}
	})
}
