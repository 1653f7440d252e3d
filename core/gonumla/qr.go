package gonumla

import (
	"context"
	"fmt"
)

// QR returns the orthogonal factor Q of the QR decomposition a = QR of the
// d×d row-major matrix a (a[i*d+j] = a_ij), as the row-major d×d q, and R's
// diagonal; a is not modified. It is gonum v0.17.0's
//
//	var qr mat.QR
//	qr.Factorize(a)
//	qr.QTo(q)   // and R's diagonal from qr.RTo
//
// as its amd64 build computes it, bit for bit (the package comment says how).
// It returns ctx.Err() soon after ctx is cancelled (checked once a column),
// and an error for d < 1 or a of another length.
func QR(ctx context.Context, a []float64, d int) (q, rDiag []float64, err error) {
	if d < 1 || len(a) != d*d {
		return nil, nil, fmt.Errorf("gonumla: want a %d×%d matrix of %d entries, got %d entries", d, d, d*d, len(a))
	}
	f := make([]float64, d*d)
	copy(f, a)
	tau := make([]float64, d)
	work := make([]float64, d*blockSize) // mat.QR's optimal workspace, d·nb, for both steps
	if err := dgeqrf(ctx, d, d, f, d, tau, work); err != nil {
		return nil, nil, err
	}
	rDiag = make([]float64, d)
	for i := range d {
		rDiag[i] = f[i*d+i]
	}
	// mat.QR.QTo: Q starts as a copy of the factorisation and Dorgqr
	// overwrites it with H_0 H_1 … H_{d−1}.
	if err := dorgqr(ctx, d, d, d, f, d, tau, work); err != nil {
		return nil, nil, err
	}
	return f, rDiag, nil
}
