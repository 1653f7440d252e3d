//go:build amd64

// cubicAVX512 and cubicAVX2 (see cubic_amd64.go) compute the smoothed ReLU of
// power 3 and its slope over a span, with the products of RefCubicValueSlope in
// its order and the pieces selected by lane masks:
//
//	mid = (u ≤ ϱ) ∧ ¬(u ≤ 0), top = ¬(u ≤ ϱ) ∧ ¬(u ≤ 0)   (ordered compares: NaN is top)
//	v = mid ? ((u·u)·u)·coef : top ? u − shift : +0
//	s = mid ? (u·inv)·(u·inv) : top ? 1 : +0
//
// c points at a Cubic: Rho, Coef, Shift, Inv at offsets 0, 8, 16, 24.

#include "textflag.h"
#include "lanes_amd64.h"

// func cubicAVX512(v, z *float64, n int, c *Cubic)
// All n elements; a last partial vector is loaded and stored under a lane mask.
TEXT ·cubicAVX512(SB), NOSPLIT, $0-32
	MOVQ v+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), AX
	BROADCAST4(AX, 0, Z16, Z17, Z18, Z19) // ϱ, coef, shift, inv
	VPXORQ Z20, Z20, Z20     // +0
	MOVQ $0x3ff0000000000000, BX
	VPBROADCASTQ BX, Z21     // 1
	ALL_LANES(K5)

loop:
	NEXT_LANES(K5)

body:
	VMOVUPD.Z (SI), K5, Z0       // u
	CUBIC_PIECES(Z0, Z1, Z2, Z3, Z17, Z18, Z19) // ms in Z1, mv in Z2, u − shift in Z3
	VCMPPD $0x12, Z20, Z0, K1    // u ≤ 0 (LE_OQ)
	VCMPPD $0x12, Z16, Z0, K2    // u ≤ ϱ
	KANDNW K2, K1, K3            // mid = ¬(u ≤ 0) ∧ (u ≤ ϱ)
	KORW K1, K2, K4
	KNOTW K4, K4                 // top = ¬((u ≤ 0) ∨ (u ≤ ϱ))
	VMOVAPD.Z Z2, K3, Z5         // v: mid piece, +0 elsewhere
	VMOVAPD Z3, K4, Z5           //    top piece
	VMOVAPD.Z Z1, K3, Z6         // s: mid piece, +0 elsewhere
	VMOVAPD Z21, K4, Z6          //    top piece
	VMOVUPD Z5, K5, (DI)
	VMOVUPD Z6, K5, (SI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP loop

done:
	VZEROUPPER
	RET

// func cubicAVX2(v, z *float64, n int, c *Cubic)
// The first n&^3 elements; the caller computes the rest.
TEXT ·cubicAVX2(SB), NOSPLIT, $0-32
	MOVQ v+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), AX
	BROADCAST4(AX, 0, Y8, Y9, Y10, Y11) // ϱ, coef, shift, inv
	VXORPD Y12, Y12, Y12     // +0
	MOVQ $0x3ff0000000000000, BX
	MOVQ BX, X13
	VBROADCASTSD X13, Y13    // 1

loop:
	CMPQ CX, $4
	JLT done
	VMOVUPD (SI), Y0             // u
	CUBIC_PIECES(Y0, Y1, Y2, Y3, Y9, Y10, Y11) // ms in Y1, mv in Y2, u − shift in Y3
	VCMPPD $0x12, Y12, Y0, Y4    // u ≤ 0 (LE_OQ)
	VCMPPD $0x12, Y8, Y0, Y5     // u ≤ ϱ
	VANDNPD Y5, Y4, Y6           // mid = ¬(u ≤ 0) ∧ (u ≤ ϱ)
	VORPD Y4, Y5, Y7             // (u ≤ 0) ∨ (u ≤ ϱ): top is its complement
	VANDPD Y6, Y2, Y2            // mv ∧ mid
	VANDNPD Y3, Y7, Y3           // (u − shift) ∧ top
	VORPD Y3, Y2, Y2             // v
	VANDPD Y6, Y1, Y1            // ms ∧ mid
	VANDNPD Y13, Y7, Y7          // 1 ∧ top
	VORPD Y7, Y1, Y1             // s
	VMOVUPD Y2, (DI)
	VMOVUPD Y1, (SI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP loop

done:
	VZEROUPPER
	RET
