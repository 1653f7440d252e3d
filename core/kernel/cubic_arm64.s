//go:build arm64

// cubicNEON (see cubic_arm64.go) computes RefCubicValueSlope two lanes at a
// time: every piece's rounded products (FMUL) and difference (FSUB), then the
// pieces selected by the lane masks of u ≤ 0 and u ≤ ϱ (FCMLE, FCMGE, BSL), as
// the amd64 kernels do; NaN fails both tests and takes the top piece, as in the
// reference. Go's arm64 assembler has no vector FMUL, FSUB, FCMGE or FCMLE yet,
// so they are WORDs, each named in its comment (Arm A64 encodings, sz = 1,
// Q = 1): FMUL 0x6E60DC00, FSUB 0x4EE0D400, FCMGE 0x6E60E400, each | m<<16 |
// n<<5 | d; FCMLE #0.0 0x6EE0D800 | n<<5 | d.

#include "textflag.h"

// func cubicNEON(v, z *float64, n int, c *Cubic)
// n even and > 0; Cubic is Rho, Coef, Shift, Inv.
TEXT ·cubicNEON(SB), NOSPLIT, $0-32
	MOVD v+0(FP), R0
	MOVD z+8(FP), R1
	MOVD n+16(FP), R2
	MOVD c+24(FP), R3
	VLD1R.P 8(R3), [V16.D2]            // ϱ
	VLD1R.P 8(R3), [V17.D2]            // coef
	VLD1R.P 8(R3), [V18.D2]            // shift
	VLD1R (R3), [V19.D2]               // inv
	VEOR V20.B16, V20.B16, V20.B16     // +0
	MOVD $0x3ff0000000000000, R4
	VDUP R4, V21.D2                    // 1
loop:
	VLD1 (R1), [V0.D2]                // u
	WORD $0x6EE0D801 // FCMLE V1.2D, V0.2D, #0.0: u ≤ 0 (false for NaN)
	WORD $0x6E60E602 // FCMGE V2.2D, V16.2D, V0.2D: ϱ ≥ u, that is u ≤ ϱ
	WORD $0x6E73DC03 // FMUL V3.2D, V0.2D, V19.2D: w = u·inv
	WORD $0x6E63DC63 // FMUL V3.2D, V3.2D, V3.2D: ms = w·w
	WORD $0x6E60DC04 // FMUL V4.2D, V0.2D, V0.2D: u·u
	WORD $0x6E60DC84 // FMUL V4.2D, V4.2D, V0.2D: (u·u)·u
	WORD $0x6E71DC84 // FMUL V4.2D, V4.2D, V17.2D: mv = ((u·u)·u)·coef
	WORD $0x4EF2D405 // FSUB V5.2D, V0.2D, V18.2D: u − shift
	VORR V2.B16, V2.B16, V8.B16      // a copy of u ≤ ϱ for σ'
	VORR V1.B16, V1.B16, V7.B16      // copies of u ≤ 0
	VORR V1.B16, V1.B16, V9.B16
	VBSL V5.B16, V4.B16, V2.B16      // σ: u ≤ ϱ ? mv : u − shift
	VBSL V2.B16, V20.B16, V7.B16     //    u ≤ 0 ? +0 : that
	VBSL V21.B16, V3.B16, V8.B16     // σ': u ≤ ϱ ? ms : 1
	VBSL V8.B16, V20.B16, V9.B16     //     u ≤ 0 ? +0 : that
	VST1.P [V7.D2], 16(R0)
	VST1.P [V9.D2], 16(R1)
	SUBS $2, R2, R2
	BNE loop
	RET
