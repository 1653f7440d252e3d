package gonumla

import (
	"context"
	"math"
)

// The block size and the crossover to unblocked code that gonum's Ilaenv
// (lapack/gonum/ilaenv.go) gives DGEQRF and DORGQR: nb = 32, nx = 128. mat.QR
// always provides the optimal workspace, d·nb, so nb never shrinks.
const (
	blockSize = 32
	crossover = 128
)

// dgeqrf is lapack/gonum's Dgeqrf (dgeqrf.go) with lwork = n·nb: panels of nb
// columns factorised by dgeqr2 and applied to the columns on their right as a
// block reflector (dlarft, dlarfb), the last k − i ≤ nx columns unblocked.
func dgeqrf(ctx context.Context, m, n int, a []float64, lda int, tau, work []float64) error {
	k := min(m, n)
	if k == 0 {
		return nil
	}
	nb, nx := blockSize, 0
	if 1 < nb && nb < k {
		nx = crossover
	}
	var i int
	if 2 <= nb && nb < k && nx < k {
		ldwork := nb
		for i = 0; i < k-nx; i += nb {
			ib := min(k-i, nb)
			if err := dgeqr2(ctx, m-i, ib, a[i*lda+i:], lda, tau[i:i+ib], work); err != nil {
				return err
			}
			if i+ib < n {
				dlarft(m-i, ib, a[i*lda+i:], lda, tau[i:], work, ldwork)
				dlarfb(true, m-i, n-i-ib, ib, a[i*lda+i:], lda, work, ldwork, a[i*lda+i+ib:], lda, work[ib*ldwork:], ldwork)
			}
		}
	}
	if i < k {
		return dgeqr2(ctx, m-i, n-i, a[i*lda+i:], lda, tau[i:], work)
	}
	return nil
}

// dgeqr2 is lapack/gonum's Dgeqr2 (dgeqr2.go): the unblocked Householder QR,
// one reflector a column (dlarfg), applied to the columns on its right
// (dlarf). It checks ctx once a column.
func dgeqr2(ctx context.Context, m, n int, a []float64, lda int, tau, work []float64) error {
	k := min(m, n)
	for i := 0; i < k; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		a[i*lda+i], tau[i] = dlarfg(m-i, a[i*lda+i], a[min(i+1, m-1)*lda+i:], lda)
		if i < n-1 {
			aii := a[i*lda+i]
			a[i*lda+i] = 1
			dlarf(m-i, n-i-1, a[i*lda+i:], lda, tau[i], a[i*lda+i+1:], lda, work)
			a[i*lda+i] = aii
		}
	}
	return nil
}

// dlarfg is lapack/gonum's Dlarfg (dlarfg.go): the reflector H with
// H·(alpha, x) = (beta, 0), x overwritten by v's tail, with the rescaling of
// tiny norms (safmin = dlamchS/dlamchE = 2⁻⁹⁶⁹).
func dlarfg(n int, alpha float64, x []float64, incX int) (beta, tau float64) {
	if n <= 1 {
		return alpha, 0
	}
	xnorm := dnrm2(n-1, x, incX)
	if xnorm == 0 {
		return alpha, 0
	}
	beta = -math.Copysign(hypot(alpha, xnorm), alpha)
	const safmin = 0x1p-1022 / 0x1p-53
	knt := 0
	if math.Abs(beta) < safmin {
		const rsafmn = 1 / safmin
		for {
			knt++
			dscal(n-1, rsafmn, x, incX)
			beta *= rsafmn
			alpha *= rsafmn
			if math.Abs(beta) >= safmin {
				break
			}
		}
		xnorm = dnrm2(n-1, x, incX)
		beta = -math.Copysign(hypot(alpha, xnorm), alpha)
	}
	tau = (beta - alpha) / beta
	dscal(n-1, 1/(alpha-beta), x, incX)
	for range knt {
		beta *= safmin
	}
	return beta, tau
}

// hypot is math.Hypot as Go's amd64 assembly computes it (math/hypot_amd64.s):
// max·√(1 + (min/max)²), the square rounded before the sum. Go's generic
// hypot is the same formula, which a compiler may fuse.
func hypot(p, q float64) float64 {
	p, q = math.Abs(p), math.Abs(q)
	switch {
	case math.IsInf(p, 1) || math.IsInf(q, 1):
		return math.Inf(1)
	case math.IsNaN(p) || math.IsNaN(q):
		return math.NaN()
	}
	if p < q {
		p, q = q, p
	}
	if p == 0 {
		return 0
	}
	q = q / p
	return p * math.Sqrt(1+float64(q*q))
}

// dlarf is lapack/gonum's Dlarf (dlarf.go) for side = Left: C = H·C with
// H = I − tau·v·vᵀ, over v's last non-zero entry and C's last non-zero
// column (iladlc).
func dlarf(m, n int, v []float64, incv int, tau float64, c []float64, ldc int, work []float64) {
	if m == 0 || n == 0 {
		return
	}
	lastv, lastc := -1, -1
	if tau != 0 {
		lastv = m - 1
		var i int
		if incv > 0 {
			i = lastv * incv
		}
		for lastv >= 0 && v[i] == 0 {
			lastv--
			i -= incv
		}
		lastc = iladlc(lastv+1, n, c, ldc)
	}
	if lastv == -1 || lastc == -1 {
		return
	}
	dgemvT(lastv+1, lastc+1, 1, c, ldc, v, incv, 0, work, 1)
	dger(lastv+1, lastc+1, -tau, v, incv, work, 1, c, ldc)
}

// iladlc is lapack/gonum's Iladlc (iladlc.go): the index of the last
// non-zero column of the m×n matrix a, or −1.
func iladlc(m, n int, a []float64, lda int) int {
	if n == 0 || m == 0 {
		return -1
	}
	if a[n-1] != 0 || a[(m-1)*lda+(n-1)] != 0 {
		return n - 1
	}
	highest := -1
	for i := 0; i < m; i++ {
		for j := n - 1; j >= 0; j-- {
			if a[i*lda+j] != 0 {
				highest = max(highest, j)
				break
			}
		}
	}
	return highest
}

// dlarft is lapack/gonum's Dlarft (dlarft.go) for direct = Forward and
// store = ColumnWise: the upper triangular factor T of the block reflector
// H_0 H_1 … H_{k−1} = I − V·T·Vᵀ.
//
// It keeps gonum's off-by-one: gonum tests i > 1 where LAPACK's dlarft, with
// 1-based indices, tests I > 1 (that is, i > 0), so the second reflector's
// last non-zero row replaces prevlastv instead of raising it. Where a later
// reflector ends in exact zeros, T then misses terms and Q is not orthogonal
// (a 170×170 matrix of repeated columns: |QᵀQ − I| up to 1e-3, 2e-15 with
// i > 0). A Gaussian matrix's reflectors end in exact zeros with probability
// zero, so the dictionaries never meet it; the reproduction keeps it because
// the golden files are gonum's bits.
func dlarft(n, k int, v []float64, ldv int, tau, t []float64, ldt int) {
	if n == 0 {
		return
	}
	prevlastv := n - 1
	for i := 0; i < k; i++ {
		prevlastv = max(i, prevlastv)
		if tau[i] == 0 {
			for j := 0; j <= i; j++ {
				t[j*ldt+i] = 0
			}
			continue
		}
		var lastv int
		for lastv = n - 1; lastv >= i+1; lastv-- {
			if v[lastv*ldv+i] != 0 {
				break
			}
		}
		for j := 0; j < i; j++ {
			t[j*ldt+i] = -tau[i] * v[i*ldv+j]
		}
		j := min(lastv, prevlastv)
		dgemvT(j-i, i, -tau[i], v[(i+1)*ldv:], ldv, v[(i+1)*ldv+i:], ldv, 1, t[i:], ldt)
		dtrmvUpperNonUnit(i, t, ldt, t[i:], ldt)
		t[i*ldt+i] = tau[i]
		if i > 1 {
			prevlastv = max(prevlastv, lastv)
		} else {
			prevlastv = lastv
		}
	}
}

// dlarfb is lapack/gonum's Dlarfb (dlarfb.go) for side = Left, direct =
// Forward and store = ColumnWise: C = Hᵀ·C (trans) or H·C with
// H = I − V·T·Vᵀ, through work = Cᵀ·V.
func dlarfb(trans bool, m, n, k int, v []float64, ldv int, t []float64, ldt int, c []float64, ldc int, work []float64, ldwork int) {
	if m == 0 || n == 0 {
		return
	}
	for j := 0; j < k; j++ {
		dcopy(n, c[j*ldc:], 1, work[j:], ldwork)
	}
	dtrmmRight(false, false, true, n, k, 1, v, ldv, work, ldwork)
	if m > k {
		dgemmTN(n, k, m-k, 1, c[k*ldc:], ldc, v[k*ldv:], ldv, work, ldwork)
	}
	dtrmmRight(true, !trans, false, n, k, 1, t, ldt, work, ldwork)
	if m > k {
		dgemmNT(m-k, n, k, -1, v[k*ldv:], ldv, work, ldwork, c[k*ldc:], ldc)
	}
	dtrmmRight(false, true, true, n, k, 1, v, ldv, work, ldwork)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			c[j*ldc+i] -= work[i*ldwork+j]
		}
	}
}

// dorgqr is lapack/gonum's Dorgqr (dorgqr.go) with lwork = n·nb: Q from the
// reflectors dgeqrf left in a and tau, the last block unblocked (dorg2r),
// then the earlier blocks from the right to the left (dlarft, dlarfb,
// dorg2r). It checks ctx once a column (in dorg2r).
func dorgqr(ctx context.Context, m, n, k int, a []float64, lda int, tau, work []float64) error {
	if n == 0 {
		return nil
	}
	nb, nx := blockSize, 0
	ldwork := 0
	if 1 < nb && nb < k {
		nx = crossover
		if nx < k {
			ldwork = nb
		}
	}
	var ki, kk int
	if 2 <= nb && nb < k && nx < k {
		ki = ((k - nx - 1) / nb) * nb
		kk = min(k, ki+nb)
		for i := 0; i < kk; i++ {
			for j := kk; j < n; j++ {
				a[i*lda+j] = 0
			}
		}
	}
	if kk < n {
		if err := dorg2r(ctx, m-kk, n-kk, k-kk, a[kk*lda+kk:], lda, tau[kk:], work); err != nil {
			return err
		}
	}
	if kk > 0 {
		for i := ki; i >= 0; i -= nb {
			ib := min(nb, k-i)
			if i+ib < n {
				dlarft(m-i, ib, a[i*lda+i:], lda, tau[i:], work, ldwork)
				dlarfb(false, m-i, n-i-ib, ib, a[i*lda+i:], lda, work, ldwork, a[i*lda+i+ib:], lda, work[ib*ldwork:], ldwork)
			}
			if err := dorg2r(ctx, m-i, ib, ib, a[i*lda+i:], lda, tau[i:i+ib], work); err != nil {
				return err
			}
			for j := i; j < i+ib; j++ {
				for l := 0; l < i; l++ {
					a[l*lda+j] = 0
				}
			}
		}
	}
	return nil
}

// dorg2r is lapack/gonum's Dorg2r (dorg2r.go): Q from k reflectors,
// unblocked, from the last reflector to the first. It checks ctx once a
// column.
func dorg2r(ctx context.Context, m, n, k int, a []float64, lda int, tau, work []float64) error {
	if n == 0 {
		return nil
	}
	for l := 0; l < m; l++ {
		for j := k; j < n; j++ {
			a[l*lda+j] = 0
		}
	}
	for j := k; j < n; j++ {
		a[j*lda+j] = 1
	}
	for i := k - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return err
		}
		clear(work) // all of it, as Dorg2r does
		if i < n-1 {
			a[i*lda+i] = 1
			dlarf(m-i, n-i-1, a[i*lda+i:], lda, tau[i], a[i*lda+i+1:], lda, work)
		}
		if i < m-1 {
			dscal(m-i-1, -tau[i], a[(i+1)*lda+i:], lda)
		}
		a[i*lda+i] = 1 - tau[i]
		for l := 0; l < i; l++ {
			a[l*lda+i] = 0
		}
	}
	return nil
}

// potrfBlock is gonum's Ilaenv(1, "DPOTRF"): the block size of Dpotrf.
const potrfBlock = 64

// dpotrf is lapack/gonum's Dpotrf (dpotrf.go) for uplo = Upper: S = UᵀU in
// place, unblocked (dpotf2) up to 64 rows, else in blocks of 64 (dsyrk,
// dpotf2, dgemmTN, dtrsmLeftUpper). It reports whether S is positive
// definite.
func dpotrf(n int, a []float64, lda int) bool {
	if n <= potrfBlock {
		return dpotf2(n, a, lda)
	}
	for j := 0; j < n; j += potrfBlock {
		jb := min(potrfBlock, n-j)
		dsyrkUpperTrans(jb, j, -1, a[j:], lda, a[j*lda+j:], lda)
		if !dpotf2(jb, a[j*lda+j:], lda) {
			return false
		}
		if j+jb < n {
			dgemmTN(jb, n-j-jb, j, -1, a[j:], lda, a[j+jb:], lda, a[j*lda+j+jb:], lda)
			dtrsmLeftUpper(true, jb, n-j-jb, a[j*lda+j:], lda, a[j*lda+j+jb:], lda)
		}
	}
	return true
}

// dpotf2 is lapack/gonum's Dpotf2 (dpotf2.go) for uplo = Upper: the
// unblocked Cholesky factorisation, a row of U at a time.
func dpotf2(n int, a []float64, lda int) bool {
	for j := 0; j < n; j++ {
		ajj := a[j*lda+j]
		if j != 0 {
			ajj -= ddot(j, a[j:], lda, a[j:], lda)
		}
		if ajj <= 0 || math.IsNaN(ajj) {
			a[j*lda+j] = ajj
			return false
		}
		ajj = math.Sqrt(ajj)
		a[j*lda+j] = ajj
		if j < n-1 {
			dgemvT(j, n-j-1, -1, a[j+1:], lda, a[j:], lda, 1, a[j*lda+j+1:], 1)
			dscal(n-j-1, 1/ajj, a[j*lda+j+1:], 1)
		}
	}
	return true
}

// dpotrs is lapack/gonum's Dpotrs (dpotrs.go) for uplo = Upper and one
// right-hand side b (overwritten by the solution): Uᵀy = b, then U·x = y.
func dpotrs(n int, a []float64, lda int, b []float64) {
	dtrsmLeftUpper(true, n, 1, a, lda, b, 1)
	dtrsmLeftUpper(false, n, 1, a, lda, b, 1)
}
