package gonumla

import "math"

// The BLAS routines a square QR calls, as blas/gonum computes them on amd64.
// Every product that the amd64 code rounds before an addition is wrapped in
// float64(), which forbids a compiler to fuse it (the Go specification,
// "Arithmetic operators"); .ci/fused-audit checks it.

// dnrm2 is blas/gonum's Dnrm2 (level1float64.go) for incX ≥ 1: the scaled
// sum of squares of internal/asm/f64's L2NormInc (l2norminc_amd64.s), whose
// steps are those of its Go twin (l2norm_noasm.go): scale the running sum by
// (scale/|x|)² when |x| exceeds the scale, else add (|x|/scale)².
func dnrm2(n int, x []float64, incX int) float64 {
	if n < 2 {
		if n == 1 {
			return math.Abs(x[0])
		}
		return 0
	}
	var scale float64
	sumSquares := 1.0
	for ix := 0; ix < n*incX; ix += incX {
		v := x[ix]
		if v == 0 {
			continue
		}
		absxi := math.Abs(v)
		if math.IsNaN(absxi) {
			return math.NaN()
		}
		if scale < absxi {
			s := scale / absxi
			sumSquares = 1 + float64(float64(sumSquares*s)*s)
			scale = absxi
		} else {
			s := absxi / scale
			sumSquares += float64(s * s)
		}
	}
	if math.IsInf(scale, 1) {
		return math.Inf(1)
	}
	return scale * math.Sqrt(sumSquares)
}

// dscal is blas/gonum's Dscal for incX ≥ 1: x_i = alpha·x_i, and +0 when
// alpha is zero (of either sign), as Dscal special-cases it.
func dscal(n int, alpha float64, x []float64, incX int) {
	if alpha == 0 {
		for ix := 0; ix < n*incX; ix += incX {
			x[ix] = 0
		}
		return
	}
	for ix := 0; ix < n*incX; ix += incX {
		x[ix] *= alpha
	}
}

// dcopy is blas/gonum's Dcopy for incX, incY ≥ 1.
func dcopy(n int, x []float64, incX int, y []float64, incY int) {
	for i := range n {
		y[i*incY] = x[i*incX]
	}
}

// dotUnitary is internal/asm/f64's DotUnitary as dot_amd64.s computes it:
// four partial sums from +0, s_r over the indices ≡ r (mod 4) of the full
// groups of four, the last len mod 4 products added to s_0, then
// (s_0 + s_2) + (s_1 + s_3).
func dotUnitary(x, y []float64) float64 {
	var s0, s1, s2, s3 float64
	n := len(x)
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += float64(x[i] * y[i])
		s1 += float64(x[i+1] * y[i+1])
		s2 += float64(x[i+2] * y[i+2])
		s3 += float64(x[i+3] * y[i+3])
	}
	for ; i < n; i++ {
		s0 += float64(x[i] * y[i])
	}
	return (s0 + s2) + (s1 + s3)
}

// dotInc is internal/asm/f64's DotInc as dot_amd64.s computes it: two partial
// sums from +0, s_even over the elements 0, 2, 4, … of the full pairs and
// s_odd over 1, 3, 5, …, the last element of an odd n added to s_odd, then
// s_even + s_odd.
func dotInc(x, y []float64, n, incX, incY, ix, iy int) float64 {
	var even, odd float64
	i := 0
	for ; i+2 <= n; i += 2 {
		even += float64(x[ix] * y[iy])
		odd += float64(x[ix+incX] * y[iy+incY])
		ix += 2 * incX
		iy += 2 * incY
	}
	if i < n {
		odd += float64(x[ix] * y[iy])
	}
	return even + odd
}

// axpyUnitary is internal/asm/f64's AxpyUnitary: y_i += alpha·x_i, the
// product rounded (axpyunitary_amd64.s: MULPD, then ADDPD).
func axpyUnitary(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float64(alpha * v)
	}
}

// dgemvT is blas/gonum's Dgemv for tA = Trans (level2float64.go), y = alpha·Aᵀx
// + beta·y with A m×n, for incX, incY ≥ 1: internal/asm/f64's GemvT
// (gemvT_amd64.s) scales y by beta (clears it for beta = 0, leaves it for
// beta = 1), then adds the rows in order, y_j += (alpha·x_i)·a_ij, each
// product rounded.
func dgemvT(m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 && beta == 1 {
		return
	}
	if alpha == 0 {
		dscal(n, beta, y, incY)
		return
	}
	switch beta {
	case 1:
	case 0:
		for j := range n {
			y[j*incY] = 0
		}
	default:
		for j := range n {
			y[j*incY] *= beta
		}
	}
	for i := range m {
		t := float64(alpha * x[i*incX])
		row := a[i*lda : i*lda+n]
		for j, v := range row {
			y[j*incY] += float64(t * v)
		}
	}
}

// dger is blas/gonum's Dger (level2float64.go) for incX, incY ≥ 1,
// A += alpha·x·yᵀ: internal/asm/f64's Ger (ger_amd64.s) adds (alpha·x_i)·y_j,
// each product rounded.
func dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	if m == 0 || n == 0 || alpha == 0 {
		return
	}
	for i := range m {
		t := float64(alpha * x[i*incX])
		row := a[i*lda : i*lda+n]
		for j := range row {
			row[j] += float64(t * y[j*incY])
		}
	}
}

// dtrmvUpperNonUnit is blas/gonum's Dtrmv (level2float64.go) for an upper,
// non-unit, untransposed A and incX ≥ 1: x_i = a_ii·x_i + Σ_{j>i} a_ij·x_j
// from the first row down, the sum by dotUnitary (incX = 1) or dotInc.
func dtrmvUpperNonUnit(n int, a []float64, lda int, x []float64, incX int) {
	if n == 0 {
		return
	}
	if n == 1 {
		x[0] *= a[0]
		return
	}
	if incX == 1 {
		for i := 0; i < n; i++ {
			ilda := i * lda
			x[i] = float64(a[ilda+i]*x[i]) + dotUnitary(a[ilda+i+1:ilda+n], x[i+1:n])
		}
		return
	}
	ix := 0
	for i := 0; i < n; i++ {
		ilda := i * lda
		x[ix] = float64(a[ilda+i]*x[ix]) + dotInc(x, a[ilda+i+1:ilda+n], n-i-1, incX, 1, ix+incX, 0)
		ix += incX
	}
}

// dtrmmRight is blas/gonum's Dtrmm (level3float64.go) for side = Right,
// B = alpha·B·op(A) with A n×n triangular (upper or lower, transposed or
// not, unit diagonal or not) and B m×n, row by row as gonum orders it.
func dtrmmRight(upper, trans, unit bool, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 {
		for i := range m {
			clear(b[i*ldb : i*ldb+n])
		}
		return
	}
	nonUnit := !unit
	for i := range m {
		row := b[i*ldb : i*ldb+n]
		switch {
		case !trans && upper:
			for k := n - 1; k >= 0; k-- {
				tmp := alpha * row[k]
				if tmp == 0 {
					continue
				}
				row[k] = tmp
				if nonUnit {
					row[k] *= a[k*lda+k]
				}
				axpyUnitary(tmp, a[k*lda+k+1:k*lda+n], row[k+1:n])
			}
		case !trans:
			for k := 0; k < n; k++ {
				tmp := alpha * row[k]
				if tmp == 0 {
					continue
				}
				row[k] = tmp
				if nonUnit {
					row[k] *= a[k*lda+k]
				}
				axpyUnitary(tmp, a[k*lda:k*lda+k], row[:k])
			}
		case upper:
			for j, vb := range row {
				tmp := vb
				if nonUnit {
					tmp = float64(tmp * a[j*lda+j])
				}
				tmp += dotUnitary(a[j*lda+j+1:j*lda+n], row[j+1:n])
				row[j] = alpha * tmp
			}
		default:
			for j := n - 1; j >= 0; j-- {
				tmp := row[j]
				if nonUnit {
					tmp = float64(tmp * a[j*lda+j])
				}
				tmp += dotUnitary(a[j*lda:j*lda+j], row[:j])
				row[j] = alpha * tmp
			}
		}
	}
}

// gemmBlock and gemmMinParallel are blas/gonum's blockSize and minParBlock
// (gonum.go): Dgemm splits C into 64×64 blocks, and its k into blocks of 64,
// when C has at least four blocks (its goroutines each own a block of C, so
// the order of the sums does not depend on their schedule).
const (
	gemmBlock       = 64
	gemmMinParallel = 4
)

// dgemmTN is blas/gonum's Dgemm (dgemm.go) for tA = Trans, tB = NoTrans and
// beta = 1, C += alpha·Aᵀ·B with A k×m and B k×n: for each l in order, C's
// rows gain (alpha·a_li)·b_l (dgemmSerialTransNot, AxpyUnitary), skipped
// where alpha·a_li = 0. Splitting k into blocks keeps that order.
func dgemmTN(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || alpha == 0 || k == 0 {
		return
	}
	for l := range k {
		brow := b[l*ldb : l*ldb+n]
		for i, v := range a[l*lda : l*lda+m] {
			if tmp := alpha * v; tmp != 0 {
				axpyUnitary(tmp, brow, c[i*ldc:i*ldc+n])
			}
		}
	}
}

// dgemmNT is blas/gonum's Dgemm (dgemm.go) for tA = NoTrans, tB = Trans and
// beta = 1, C += alpha·A·Bᵀ with A m×k and B n×k: c_ij += alpha·(a_i·b_j),
// the product rounded, once a k-block (dgemmSerialNotTrans, DotUnitary) — one
// block when Dgemm runs serially, blocks of 64 when it splits C.
func dgemmNT(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || alpha == 0 || k == 0 {
		return
	}
	kBlock := k
	if blocks(m)*blocks(n) >= gemmMinParallel {
		kBlock = gemmBlock
	}
	for l0 := 0; l0 < k; l0 += kBlock {
		l1 := min(k, l0+kBlock)
		for i := range m {
			arow := a[i*lda+l0 : i*lda+l1]
			crow := c[i*ldc : i*ldc+n]
			for j := range crow {
				crow[j] += float64(alpha * dotUnitary(arow, b[j*ldb+l0:j*ldb+l1]))
			}
		}
	}
}

// blocks is blas/gonum's blocks: how many gemmBlock-sized pieces dim has.
func blocks(dim int) int {
	return (dim + gemmBlock - 1) / gemmBlock
}

// ddot is blas/gonum's Ddot (level1float64_ddot.go) for incX, incY ≥ 1:
// dotUnitary when both are 1, else dotInc.
func ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	if n <= 0 {
		return 0
	}
	if incX == 1 && incY == 1 {
		return dotUnitary(x[:n], y[:n])
	}
	return dotInc(x, y, n, incX, incY, 0, 0)
}

// dsyrkUpperTrans is blas/gonum's Dsyrk (level3float64.go) for uplo = Upper,
// tA = Trans and beta = 1: C += alpha·AᵀA on C's upper triangle, A k×n, each
// row of C gaining (alpha·a_li)·a_l in the order of l (AxpyUnitary), skipped
// where alpha·a_li = 0.
func dsyrkUpperTrans(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if n == 0 || alpha == 0 {
		return
	}
	for i := 0; i < n; i++ {
		ctmp := c[i*ldc+i : i*ldc+n]
		for l := 0; l < k; l++ {
			if tmp := alpha * a[l*lda+i]; tmp != 0 {
				axpyUnitary(tmp, a[l*lda+i:l*lda+n], ctmp)
			}
		}
	}
}

// dtrsmLeftUpper is blas/gonum's Dtrsm (level3float64.go) for side = Left,
// uplo = Upper, diag = NonUnit and alpha = 1: B = op(A)⁻¹·B with A m×m upper
// triangular and B m×n, op(A) = Aᵀ (trans, forward substitution) or A (back
// substitution), each row of B scaled by 1/a_kk (ScalUnitary) and updated by
// −a·b_k (AxpyUnitary), skipped where a is zero.
func dtrsmLeftUpper(trans bool, m, n int, a []float64, lda int, b []float64, ldb int) {
	if m == 0 || n == 0 {
		return
	}
	if trans {
		for k := 0; k < m; k++ {
			bk := b[k*ldb : k*ldb+n]
			scalUnitary(1/a[k*lda+k], bk)
			for ia, va := range a[k*lda+k+1 : k*lda+m] {
				if va != 0 {
					i := ia + k + 1
					axpyUnitary(-va, bk, b[i*ldb:i*ldb+n])
				}
			}
		}
		return
	}
	for i := m - 1; i >= 0; i-- {
		bi := b[i*ldb : i*ldb+n]
		for ka, va := range a[i*lda+i+1 : i*lda+m] {
			if va != 0 {
				k := ka + i + 1
				axpyUnitary(-va, b[k*ldb:k*ldb+n], bi)
			}
		}
		scalUnitary(1/a[i*lda+i], bi)
	}
}

// scalUnitary is internal/asm/f64's ScalUnitary: x_i = alpha·x_i (no zero
// special case: that is blas/gonum's Dscal's, not the kernel's).
func scalUnitary(alpha float64, x []float64) {
	for i := range x {
		x[i] *= alpha
	}
}
