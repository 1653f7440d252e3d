//go:build amd64

// adamAVX512 and adamAVX2 (see adam_amd64.go) apply RefAdamUpdate's
// arithmetic a vector at a time, operation by operation in its order
// (ADAM_STEP), each correctly rounded (VSQRTPD and VDIVPD round as SQRTSD and
// DIVSD do).
//
// a points at an AdamStep: Beta1, Beta2, Rest1, Rest2, Corr1, Corr2, Eta, Eps
// at offsets 0, 8, …, 56.

#include "textflag.h"
#include "lanes_amd64.h"

// func adamAVX512(w, grad, m, v *float64, n int, a *AdamStep)
// All n elements; a last partial vector is loaded and stored under a lane mask.
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ a+40(FP), AX
	BROADCAST4(AX, 0, Z16, Z17, Z18, Z19)  // β1, β2, 1 − β1, 1 − β2
	BROADCAST4(AX, 32, Z20, Z21, Z22, Z23) // corr1, corr2, η, ε
	ALL_LANES(K1)

loop:
	NEXT_LANES(K1)

body:
	VMOVUPD.Z (SI), K1, Z0 // g
	VMOVUPD.Z (R8), K1, Z1 // m
	VMOVUPD.Z (R9), K1, Z2 // v
	VMOVUPD.Z (DI), K1, Z7 // w
	ADAM_STEP(Z0, Z1, Z2, Z7, Z5, Z6, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	VMOVUPD Z1, K1, (R8)
	VMOVUPD Z2, K1, (R9)
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
	BROADCAST4(AX, 0, Y8, Y9, Y10, Y11)   // β1, β2, 1 − β1, 1 − β2
	BROADCAST4(AX, 32, Y12, Y13, Y14, Y15) // corr1, corr2, η, ε

loop:
	CMPQ CX, $4
	JLT done
	VMOVUPD (SI), Y0 // g
	VMOVUPD (R8), Y1 // m
	VMOVUPD (R9), Y2 // v
	VMOVUPD (DI), Y7 // w
	ADAM_STEP(Y0, Y1, Y2, Y7, Y5, Y6, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15)
	VMOVUPD Y1, (R8)
	VMOVUPD Y2, (R9)
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
