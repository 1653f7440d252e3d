// Package gonumla computes what modcomp asks of gonum's dense linear algebra —
// the orthogonal factor of a square matrix's QR decomposition (gonum
// v0.17.0's mat.QR) and the solution of a symmetric positive definite system
// by its Cholesky factorisation (mat.Cholesky) — exactly as gonum's amd64
// build does: the same operations in the same order, rounded the same way, on
// every architecture.
//
// modcomp draws the paper's dictionaries as the Q of a Gaussian matrix's QR
// (core/data), and the linear theory's multi-dimensional targets solve
// moment equations by Cholesky (core/linear). gonum computes them with LAPACK
// (lapack/gonum: Dgeqrf and Dorgqr; Dpotrf and Dpotrs) over its BLAS
// (blas/gonum), whose inner kernels are SSE2 assembly on amd64
// (internal/asm/f64: DotUnitary with four partial sums, DotInc with two,
// GemvT, Ger, L2NormInc) and Go loops elsewhere: other architectures sum the
// dot products in another order, and their compilers may fuse x*y + z into
// one FMA in gonum's Go code and in math.Hypot. The golden files hold gonum's
// amd64 results, so this package is that computation written out: the LAPACK
// routines ported from lapack/gonum (only the branches these two take), the
// BLAS routines from blas/gonum, each kernel in the summation order of its
// amd64 assembly, and every product that the amd64 code rounds before adding
// wrapped in float64() so that no compiler fuses it. Its tests compare it with
// gonum, bit for bit, on amd64, and with stored digests everywhere.
//
// The code is adapted from gonum (gonum.org/v1/gonum v0.17.0,
// Copyright ©2015 The Gonum Authors, BSD-3-Clause licence): lapack/gonum's
// dgeqrf.go, dgeqr2.go, dlarfg.go, dlarf.go, dlarft.go, dlarfb.go, dorgqr.go,
// dorg2r.go, dpotrf.go, dpotf2.go, dpotrs.go, iladlc.go and ilaenv.go;
// blas/gonum's level1float64.go (Dnrm2, Dscal), level1float64_ddot.go,
// level2float64.go (Dgemv, Dger, Dtrmv), level3float64.go (Dtrmm, Dtrsm,
// Dsyrk) and dgemm.go; internal/asm/f64's dot_amd64.s, gemvT_amd64.s,
// ger_amd64.s, l2norminc_amd64.s and axpyunitary_amd64.s; and Go's
// math/hypot_amd64.s. Each function names the routine it ports.
package gonumla
