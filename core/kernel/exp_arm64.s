//go:build arm64

// expNEON (see exp_arm64.go) computes exactmath.Exp two lanes at a time with
// the operations of the amd64 kernels (exp_amd64.s), which are those of the
// Go runtime's amd64 math.Exp in its FMA form, in their order and with their
// constants, written here with the same literals: the reduction by
// round(x·log2(e))·ln 2 in two fused parts (FCVTNS rounds to nearest, ties
// to even, as VCVTPD2DQ does under Go's MXCSR), the Taylor polynomial of
// x/16 in Horner form (FMLA), four squarings of 1 + p, and the scaling by
// 2^round. That path is exact for −707 ≤ x ≤ 709; the kernel reports whether
// any element lay outside (NaN, ±Inf, overflow, a subnormal or zero result),
// and the caller computes those with exactmath.Exp itself. Go's arm64
// assembler has no vector FMUL, FADD, FCMGE, FCVTNS or SCVTF, so they are
// WORDs, each named in its comment (Arm A64 encodings, sz = 1, Q = 1): FMUL
// 0x6E60DC00, FADD 0x4E60D400, FCMGE 0x6E60E400, each | m<<16 | n<<5 | d;
// FCVTNS 0x4E61A800 and SCVTF 0x4E61D800, each | n<<5 | d.

#include "textflag.h"
#include "exp_const.h"

// func expNEON(dst, src *float64, n int) (outside bool)
// n even and > 0.
TEXT ·expNEON(SB), NOSPLIT, $0-25
	MOVD dst+0(FP), R0
	MOVD src+8(FP), R1
	MOVD n+16(FP), R2
	MOVD $expconst<>(SB), R3
	VLD1R.P 8(R3), [V16.D2]  // log2(e)
	VLD1R.P 8(R3), [V17.D2]  // ln 2, upper
	VLD1R.P 8(R3), [V18.D2]  // ln 2, lower
	VLD1R.P 8(R3), [V19.D2]  // 1/16
	VLD1R.P 8(R3), [V20.D2]  // the polynomial's coefficients, highest first
	VLD1R.P 8(R3), [V21.D2]
	VLD1R.P 8(R3), [V22.D2]
	VLD1R.P 8(R3), [V23.D2]
	VLD1R.P 8(R3), [V24.D2]
	VLD1R.P 8(R3), [V25.D2]
	VLD1R.P 8(R3), [V26.D2]  // 0.5
	VLD1R.P 8(R3), [V27.D2]  // 1
	VLD1R.P 8(R3), [V28.D2]  // 2
	VLD1R.P 8(R3), [V29.D2]  // −707
	VLD1R.P 8(R3), [V30.D2]  // 709
	VLD1R (R3), [V31.D2]     // 0x3ff
	MOVD $-1, R4
	VDUP R4, V15.D2          // lanes inside [−707, 709] so far: all

loop:
	VLD1.P 16(R1), [V0.D2]           // x
	WORD $0x6E7DE404 // FCMGE V4.2D, V0.2D, V29.2D: x ≥ −707 (false for NaN)
	WORD $0x6E60E7C5 // FCMGE V5.2D, V30.2D, V0.2D: 709 ≥ x
	VAND V4.B16, V5.B16, V4.B16
	VAND V4.B16, V15.B16, V15.B16
	WORD $0x6E70DC01 // FMUL V1.2D, V0.2D, V16.2D: log2(e)·x
	WORD $0x4E61A822 // FCVTNS V2.2D, V1.2D: e = round(log2(e)·x)
	WORD $0x4E61D841 // SCVTF V1.2D, V2.2D: float(e)
	VFMLS V17.D2, V1.D2, V0.D2       // x − e·ln2u, fused
	VFMLS V18.D2, V1.D2, V0.D2       // − e·ln2l, fused
	WORD $0x6E73DC00 // FMUL V0.2D, V0.2D, V19.2D: r = (…)/16
	VORR V21.B16, V21.B16, V1.B16    // Horner: p = ((c9·r + c8)·r + …), each step fused
	VFMLA V20.D2, V0.D2, V1.D2
	VORR V22.B16, V22.B16, V3.B16
	VFMLA V1.D2, V0.D2, V3.D2
	VORR V23.B16, V23.B16, V1.B16
	VFMLA V3.D2, V0.D2, V1.D2
	VORR V24.B16, V24.B16, V3.B16
	VFMLA V1.D2, V0.D2, V3.D2
	VORR V25.B16, V25.B16, V1.B16
	VFMLA V3.D2, V0.D2, V1.D2
	VORR V26.B16, V26.B16, V3.B16
	VFMLA V1.D2, V0.D2, V3.D2
	VORR V27.B16, V27.B16, V1.B16
	VFMLA V3.D2, V0.D2, V1.D2
	WORD $0x6E61DC00 // FMUL V0.2D, V0.2D, V1.2D: y = r·p
	WORD $0x4E7CD401 // FADD V1.2D, V0.2D, V28.2D: t = y + 2
	WORD $0x6E61DC00 // FMUL V0.2D, V0.2D, V1.2D: y = y·t
	WORD $0x4E7CD401 // FADD V1.2D, V0.2D, V28.2D
	WORD $0x6E61DC00 // FMUL V0.2D, V0.2D, V1.2D
	WORD $0x4E7CD401 // FADD V1.2D, V0.2D, V28.2D
	WORD $0x6E61DC00 // FMUL V0.2D, V0.2D, V1.2D
	WORD $0x4E7CD401 // FADD V1.2D, V0.2D, V28.2D
	VORR V27.B16, V27.B16, V3.B16    // y·t + 1, fused
	VFMLA V1.D2, V0.D2, V3.D2
	VADD V31.D2, V2.D2, V2.D2        // 2^e: (e + 1023) << 52
	VSHL $52, V2.D2, V2.D2
	WORD $0x6E62DC63 // FMUL V3.2D, V3.2D, V2.2D
	VST1.P [V3.D2], 16(R0)
	SUBS $2, R2, R2
	BNE loop

	VMOV V15.D[0], R4
	VMOV V15.D[1], R5
	AND R4, R5, R4
	CMN $1, R4                       // all lanes inside: R4 = −1
	CSET NE, R6
	MOVB R6, outside+24(FP)
	RET
