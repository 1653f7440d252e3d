package gonumla

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/internal/testutil"
)

// spdMatrix is one input of the Cholesky tests: S (n×n) and c.
type spdMatrix struct {
	name string
	d    int
	a, c []float64
}

// spdInputs returns second-moment matrices of Gaussian samples, the kind the
// linear theory solves (S = XᵀX/N for N = 3n samples, c = Xᵀy/N), at sizes
// around Dpotrf's block of 64 (the linear theory's 2·Dim reaches 128; -short
// leaves out those above 64), an ill-conditioned one, and one that is not
// positive definite.
func spdInputs(short bool) []spdMatrix {
	r := rand.New(rand.NewPCG(11, 12))
	var ms []spdMatrix
	for _, n := range []int{1, 2, 3, 5, 10, 31, 63, 64, 65, 100, 128, 129} {
		N := 3 * n
		x := make([]float64, N*n)
		y := make([]float64, N)
		for i := range x {
			x[i] = rng.Normal(r)
		}
		for i := range y {
			y[i] = rng.Normal(r)
		}
		s, c := make([]float64, n*n), make([]float64, n)
		for k := range N {
			row := x[k*n : k*n+n]
			for a := range n {
				for b := range n {
					s[a*n+b] = math.FMA(row[a], row[b], s[a*n+b])
				}
				c[a] = math.FMA(row[a], y[k], c[a])
			}
		}
		for i := range s {
			s[i] /= float64(N)
		}
		for i := range c {
			c[i] /= float64(N)
		}
		if short && n > 64 {
			continue
		}
		ms = append(ms, spdMatrix{fmt.Sprintf("moments-%d", n), n, s, c})
	}
	hilbert := make([]float64, 8*8)
	for i := range 8 {
		for j := range 8 {
			hilbert[i*8+j] = 1 / float64(i+j+1)
		}
	}
	indefinite := []float64{1, 2, 0, 2, 1, 0, 0, 0, 1}
	return append(ms,
		spdMatrix{"hilbert-8", 8, hilbert, []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		spdMatrix{"indefinite-3", 3, indefinite, []float64{1, 1, 1}})
}

// gonumCholeskySolve is what CholeskySolve reproduces: mat.Cholesky's
// Factorize and SolveVecTo (its condition error aside).
func gonumCholeskySolve(s []float64, n int, c []float64) ([]float64, bool) {
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, s[i*n+j])
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return nil, false
	}
	var x mat.VecDense
	_ = ch.SolveVecTo(&x, mat.NewVecDense(n, append([]float64(nil), c...))) // a Condition error still solves
	return x.RawVector().Data, true
}

// TestCholeskyIsGonums compares CholeskySolve with gonum's mat.Cholesky bit
// for bit where gonum runs the amd64 assembly CholeskySolve reproduces.
func TestCholeskyIsGonums(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skipf("gonum's kernels on %s are not its amd64 assembly; TestStoredDigests checks the bits here", runtime.GOARCH)
	}
	for _, m := range spdInputs(testing.Short()) {
		x, ok, err := CholeskySolve(m.a, m.d, m.c)
		if err != nil {
			t.Fatal(err)
		}
		wx, wok := gonumCholeskySolve(m.a, m.d, m.c)
		if ok != wok {
			t.Fatalf("%s: positive definite %v, gonum's %v", m.name, ok, wok)
		}
		testutil.RequireSameBits(t, wx, x, "%s: the solution against gonum's", m.name)
	}
}

// TestCholeskySolves checks what CholeskySolve is for, whatever gonum does:
// S·x = c to rounding on the well-conditioned inputs, and bad sizes are
// errors.
func TestCholeskySolves(t *testing.T) {
	for _, m := range spdInputs(true) {
		x, ok, err := CholeskySolve(m.a, m.d, m.c)
		if err != nil {
			t.Fatal(err)
		}
		if m.name == "indefinite-3" {
			if ok {
				t.Errorf("%s: factorised an indefinite matrix", m.name)
			}
			continue
		}
		if !ok {
			t.Fatalf("%s: not positive definite", m.name)
		}
		if m.name == "hilbert-8" {
			continue // condition number 1.5e10: the residual says little
		}
		for i := range m.d {
			s := 0.0
			for j := range m.d {
				s += m.a[i*m.d+j] * x[j]
			}
			if math.Abs(s-m.c[i]) > 1e-12 {
				t.Fatalf("%s: (S·x − c)[%d] = %g", m.name, i, s-m.c[i])
			}
		}
	}
	if _, _, err := CholeskySolve(make([]float64, 4), 2, []float64{1}); err == nil {
		t.Error("one right-hand side for 2×2: no error")
	}
}
