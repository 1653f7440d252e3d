//go:build amd64

// adamAVX512 and adamAVX2 (see adam_amd64.go) apply RefAdamUpdate's
// arithmetic a vector at a time, operation by operation in its order, each
// correctly rounded (VSQRTPD and VDIVPD round as SQRTSD and DIVSD do).
//
// a points at an AdamStep: Beta1, Beta2, Rest1, Rest2, Corr1, Corr2, Eta, Eps
// at offsets 0, 8, …, 56.

#include "textflag.h"

// func adamAVX512(w, grad, m, v *float64, n int, a *AdamStep)
// All n elements; a last partial vector is loaded and stored under a lane mask.
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ a+40(FP), AX
	VBROADCASTSD 0(AX), Z16  // β1
	VBROADCASTSD 8(AX), Z17  // β2
	VBROADCASTSD 16(AX), Z18 // 1 − β1
	VBROADCASTSD 24(AX), Z19 // 1 − β2
	VBROADCASTSD 32(AX), Z20 // corr1
	VBROADCASTSD 40(AX), Z21 // corr2
	VBROADCASTSD 48(AX), Z22 // η
	VBROADCASTSD 56(AX), Z23 // ε
	MOVQ $0xff, AX
	KMOVW AX, K1             // all eight lanes

loop:
	CMPQ CX, $8
	JGE body
	TESTQ CX, CX
	JLE done
	MOVQ $1, AX              // the last n < 8 lanes
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1
	MOVQ $8, CX

body:
	VMOVUPD.Z (SI), K1, Z0   // g
	VMOVUPD.Z (R8), K1, Z1   // m
	VMOVUPD.Z (R9), K1, Z2   // v
	VMULPD Z16, Z1, Z1       // β1·m
	VMULPD Z18, Z0, Z3       // (1 − β1)·g
	VADDPD Z3, Z1, Z1        // m
	VMULPD Z17, Z2, Z2       // β2·v
	VMULPD Z19, Z0, Z4       // (1 − β2)·g
	VMULPD Z0, Z4, Z4        // ((1 − β2)·g)·g
	VADDPD Z4, Z2, Z2        // v
	VMOVUPD Z1, K1, (R8)
	VMOVUPD Z2, K1, (R9)
	VMULPD Z20, Z1, Z5       // m·corr1
	VMULPD Z21, Z2, Z6       // v·corr2
	VSQRTPD Z6, Z6           // √(v·corr2)
	VADDPD Z23, Z6, Z6       // + ε
	VDIVPD Z6, Z5, Z5        // (m·corr1) / (√(v·corr2) + ε)
	VMULPD Z22, Z5, Z5       // η·(…)
	VMOVUPD.Z (DI), K1, Z7   // w
	VSUBPD Z5, Z7, Z7        // w − η·(…)
	VMOVUPD Z7, K1, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $8, CX
	JMP loop

done:
	VZEROUPPER
	RET

// func adamAVX2(w, grad, m, v *float64, n int, a *AdamStep)
// The first n&^3 elements; the caller updates the rest.
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ a+40(FP), AX
	VBROADCASTSD 0(AX), Y8   // β1
	VBROADCASTSD 8(AX), Y9   // β2
	VBROADCASTSD 16(AX), Y10 // 1 − β1
	VBROADCASTSD 24(AX), Y11 // 1 − β2
	VBROADCASTSD 32(AX), Y12 // corr1
	VBROADCASTSD 40(AX), Y13 // corr2
	VBROADCASTSD 48(AX), Y14 // η
	VBROADCASTSD 56(AX), Y15 // ε

loop:
	CMPQ CX, $4
	JLT done
	VMOVUPD (SI), Y0         // g
	VMOVUPD (R8), Y1         // m
	VMOVUPD (R9), Y2         // v
	VMULPD Y8, Y1, Y1        // β1·m
	VMULPD Y10, Y0, Y3       // (1 − β1)·g
	VADDPD Y3, Y1, Y1        // m
	VMULPD Y9, Y2, Y2        // β2·v
	VMULPD Y11, Y0, Y4       // (1 − β2)·g
	VMULPD Y0, Y4, Y4        // ((1 − β2)·g)·g
	VADDPD Y4, Y2, Y2        // v
	VMOVUPD Y1, (R8)
	VMOVUPD Y2, (R9)
	VMULPD Y12, Y1, Y5       // m·corr1
	VMULPD Y13, Y2, Y6       // v·corr2
	VSQRTPD Y6, Y6           // √(v·corr2)
	VADDPD Y15, Y6, Y6       // + ε
	VDIVPD Y6, Y5, Y5        // (m·corr1) / (√(v·corr2) + ε)
	VMULPD Y14, Y5, Y5       // η·(…)
	VMOVUPD (DI), Y7         // w
	VSUBPD Y5, Y7, Y7        // w − η·(…)
	VMOVUPD Y7, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $4, CX
	JMP loop

done:
	VZEROUPPER
	RET
