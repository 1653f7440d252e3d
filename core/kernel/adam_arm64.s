//go:build arm64

// adamNEON (see adam_arm64.go) applies RefAdamUpdate's arithmetic two lanes
// at a time, operation by operation in its order, as the amd64 kernels'
// ADAM_STEP does, each correctly rounded (the vector FSQRT and FDIV round as
// their scalar forms). Go's arm64 assembler has no vector FMUL, FADD, FSUB,
// FSQRT or FDIV, so they are WORDs, each named in its comment (Arm A64
// encodings, sz = 1, Q = 1): FMUL 0x6E60DC00, FADD 0x4E60D400, FSUB
// 0x4EE0D400, FDIV 0x6E60FC00, each | m<<16 | n<<5 | d; FSQRT 0x6EE1F800 |
// n<<5 | d.
//
// a points at an AdamStep: Beta1, Beta2, Rest1, Rest2, Corr1, Corr2, Eta, Eps
// at offsets 0, 8, …, 56.

#include "textflag.h"

// func adamNEON(w, grad, m, v *float64, n int, a *AdamStep)
// n even and > 0.
TEXT ·adamNEON(SB), NOSPLIT, $0-48
	MOVD w+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD m+16(FP), R2
	MOVD v+24(FP), R3
	MOVD n+32(FP), R4
	MOVD a+40(FP), R5
	VLD1R.P 8(R5), [V16.D2] // β1
	VLD1R.P 8(R5), [V17.D2] // β2
	VLD1R.P 8(R5), [V18.D2] // 1 − β1
	VLD1R.P 8(R5), [V19.D2] // 1 − β2
	VLD1R.P 8(R5), [V20.D2] // corr1
	VLD1R.P 8(R5), [V21.D2] // corr2
	VLD1R.P 8(R5), [V22.D2] // η
	VLD1R (R5), [V23.D2]    // ε

loop:
	VLD1.P 16(R1), [V0.D2] // g
	VLD1 (R2), [V1.D2]     // m
	VLD1 (R3), [V2.D2]     // v
	VLD1 (R0), [V7.D2]     // w
	WORD $0x6E70DC21 // FMUL V1.2D, V1.2D, V16.2D: β1·m
	WORD $0x6E72DC05 // FMUL V5.2D, V0.2D, V18.2D: (1 − β1)·g
	WORD $0x4E65D421 // FADD V1.2D, V1.2D, V5.2D: m
	WORD $0x6E71DC42 // FMUL V2.2D, V2.2D, V17.2D: β2·v
	WORD $0x6E73DC06 // FMUL V6.2D, V0.2D, V19.2D: (1 − β2)·g
	WORD $0x6E60DCC6 // FMUL V6.2D, V6.2D, V0.2D: ((1 − β2)·g)·g
	WORD $0x4E66D442 // FADD V2.2D, V2.2D, V6.2D: v
	WORD $0x6E74DC25 // FMUL V5.2D, V1.2D, V20.2D: m·corr1
	WORD $0x6E75DC46 // FMUL V6.2D, V2.2D, V21.2D: v·corr2
	WORD $0x6EE1F8C6 // FSQRT V6.2D, V6.2D: √(v·corr2)
	WORD $0x4E77D4C6 // FADD V6.2D, V6.2D, V23.2D: + ε
	WORD $0x6E66FCA5 // FDIV V5.2D, V5.2D, V6.2D: q
	WORD $0x6E76DCA5 // FMUL V5.2D, V5.2D, V22.2D: η·q
	WORD $0x4EE5D4E7 // FSUB V7.2D, V7.2D, V5.2D: w − η·q
	VST1.P [V1.D2], 16(R2)
	VST1.P [V2.D2], 16(R3)
	VST1.P [V7.D2], 16(R0)
	SUBS $2, R4, R4
	BNE loop
	RET
