package gonumla

import "fmt"

// CholeskySolve returns the solution x of S·x = c for the n×n symmetric
// positive definite S, given row-major (its upper triangle is read), by the
// factorisation S = UᵀU. It is gonum v0.17.0's
//
//	var ch mat.Cholesky
//	ok := ch.Factorize(S)
//	ch.SolveVecTo(x, c)
//
// as its amd64 build computes it, bit for bit (the package comment says how):
// Dpotrf on the upper triangle, then Dpotrs (Uᵀy = c, U·x = y). ok is false
// where the factorisation fails (S is not positive definite, or holds a NaN);
// gonum's condition estimate, which SolveVecTo also reports, is not
// computed. It returns an error for sizes that do not match.
func CholeskySolve(s []float64, n int, c []float64) (x []float64, ok bool, err error) {
	if n < 1 || len(s) != n*n || len(c) != n {
		return nil, false, fmt.Errorf("gonumla: want a %d×%d matrix and %d right-hand sides, got %d entries and %d", n, n, n, len(s), len(c))
	}
	// mat.Cholesky.Factorize copies the upper triangle into a triangular
	// matrix whose lower part is zero.
	u := make([]float64, n*n)
	for i := range n {
		copy(u[i*n+i:i*n+n], s[i*n+i:i*n+n])
	}
	if !dpotrf(n, u, n) {
		return nil, false, nil
	}
	x = append([]float64(nil), c...)
	dpotrs(n, u, n, x)
	return x, true, nil
}
