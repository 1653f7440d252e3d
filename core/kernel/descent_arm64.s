//go:build arm64

// descentNEON (see descent_arm64.go) applies RefDescentUpdate two lanes at a
// time, eight elements a round: FMUL rounds η·g, FSUB takes it from w, each
// correctly rounded as the reference's two operations are. Go's arm64
// assembler has no vector FMUL or FSUB yet, so they are WORDs, each named in
// its comment: FMUL Vd.2D, Vn.2D, Vm.2D is 0x6E60DC00 | m<<16 | n<<5 | d and
// FSUB Vd.2D, Vn.2D, Vm.2D (Vd = Vn − Vm) is 0x4EE0D400 | m<<16 | n<<5 | d
// (Arm A64 encodings of the advanced SIMD three-same group, sz = 1, Q = 1).

#include "textflag.h"

// func descentNEON(w, grad *float64, n int, eta float64)
TEXT ·descentNEON(SB), NOSPLIT, $0-32
	MOVD w+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD n+16(FP), R2
	MOVD eta+24(FP), R3
	VDUP R3, V16.D2
	CBZ R2, done
loop:
	VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1 (R0), [V4.D2, V5.D2, V6.D2, V7.D2]
	WORD $0x6E70DC00 // FMUL V0.2D, V0.2D, V16.2D: η·g, rounded
	WORD $0x6E70DC21 // FMUL V1.2D, V1.2D, V16.2D: η·g, rounded
	WORD $0x6E70DC42 // FMUL V2.2D, V2.2D, V16.2D: η·g, rounded
	WORD $0x6E70DC63 // FMUL V3.2D, V3.2D, V16.2D: η·g, rounded
	WORD $0x4EE0D484 // FSUB V4.2D, V4.2D, V0.2D: w − η·g, rounded
	WORD $0x4EE1D4A5 // FSUB V5.2D, V5.2D, V1.2D: w − η·g, rounded
	WORD $0x4EE2D4C6 // FSUB V6.2D, V6.2D, V2.2D: w − η·g, rounded
	WORD $0x4EE3D4E7 // FSUB V7.2D, V7.2D, V3.2D: w − η·g, rounded
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUBS $8, R2, R2
	BNE loop
done:
	RET
