//go:build amd64

// pack16AVX512 (see pack_amd64.go) copies columns [0, t8) of 1 ≤ rows ≤ 16
// rows of w (row stride d) into a panel of width 16: panel[t*16+j] =
// w[j*d+t], zero for j ≥ rows. It transposes 8×8 blocks in registers: loads
// of 8 columns of each row, three rounds of shuffles (VUNPCKLPD/VUNPCKHPD,
// then VSHUFF64X2 twice), and stores of 8 panel rows. t8 is a multiple of 8.
// A pure copy: no arithmetic.

#include "textflag.h"

// TRANSPOSE8 stores the 8×8 block whose rows are r0–r7 (8 columns of 8 rows
// of w) as 8 rows of the panel, at byte offset off (0: columns 0–7 of the
// panel, 64: columns 8–15). Z16–Z31 are its scratch. Round 1 pairs rows
// (t = r0[0] r1[0] r0[2] r1[2] … and r0[1] r1[1] …), round 2 pairs 128-bit
// lanes of row pairs, round 3 of row quadruples.
#define TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7, off) \
	VUNPCKLPD r1, r0, Z16; \
	VUNPCKHPD r1, r0, Z17; \
	VUNPCKLPD r3, r2, Z18; \
	VUNPCKHPD r3, r2, Z19; \
	VUNPCKLPD r5, r4, Z20; \
	VUNPCKHPD r5, r4, Z21; \
	VUNPCKLPD r7, r6, Z22; \
	VUNPCKHPD r7, r6, Z23; \
	VSHUFF64X2 $0x88, Z18, Z16, Z24; \
	VSHUFF64X2 $0x88, Z19, Z17, Z25; \
	VSHUFF64X2 $0xdd, Z18, Z16, Z26; \
	VSHUFF64X2 $0xdd, Z19, Z17, Z27; \
	VSHUFF64X2 $0x88, Z22, Z20, Z28; \
	VSHUFF64X2 $0x88, Z23, Z21, Z29; \
	VSHUFF64X2 $0xdd, Z22, Z20, Z30; \
	VSHUFF64X2 $0xdd, Z23, Z21, Z31; \
	VSHUFF64X2 $0x88, Z28, Z24, Z16; \
	VSHUFF64X2 $0xdd, Z28, Z24, Z20; \
	VSHUFF64X2 $0x88, Z29, Z25, Z17; \
	VSHUFF64X2 $0xdd, Z29, Z25, Z21; \
	VSHUFF64X2 $0x88, Z30, Z26, Z18; \
	VSHUFF64X2 $0xdd, Z30, Z26, Z22; \
	VSHUFF64X2 $0x88, Z31, Z27, Z19; \
	VSHUFF64X2 $0xdd, Z31, Z27, Z23; \
	VMOVUPD Z16, (0*128+off)(DI); \
	VMOVUPD Z17, (1*128+off)(DI); \
	VMOVUPD Z18, (2*128+off)(DI); \
	VMOVUPD Z19, (3*128+off)(DI); \
	VMOVUPD Z20, (4*128+off)(DI); \
	VMOVUPD Z21, (5*128+off)(DI); \
	VMOVUPD Z22, (6*128+off)(DI); \
	VMOVUPD Z23, (7*128+off)(DI)

// LOADNEXT steps AX to the next row and loads its 8 columns into r, unless
// the panel has fewer than n rows of w (BX), in which case it jumps to
// transpose with r and the registers after it still zero.
#define LOADNEXT(r, n) \
	CMPQ BX, $n; \
	JLT transpose; \
	ADDQ DX, AX; \
	VMOVUPD (AX), r

// func pack16AVX512(panel *float64, w *float64, d, t8, rows int)
//
// The registers of rows past rows are zeroed once and never loaded; the row
// count's branches go the same way on every 8 columns.
TEXT ·pack16AVX512(SB), NOSPLIT, $0-40
	MOVQ panel+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ d+16(FP), DX
	SHLQ $3, DX
	MOVQ t8+24(FP), CX
	MOVQ rows+32(FP), BX
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

loop:
	CMPQ CX, $8
	JLT done
	MOVQ SI, AX
	VMOVUPD (AX), Z0
	LOADNEXT(Z1, 2)
	LOADNEXT(Z2, 3)
	LOADNEXT(Z3, 4)
	LOADNEXT(Z4, 5)
	LOADNEXT(Z5, 6)
	LOADNEXT(Z6, 7)
	LOADNEXT(Z7, 8)
	LOADNEXT(Z8, 9)
	LOADNEXT(Z9, 10)
	LOADNEXT(Z10, 11)
	LOADNEXT(Z11, 12)
	LOADNEXT(Z12, 13)
	LOADNEXT(Z13, 14)
	LOADNEXT(Z14, 15)
	LOADNEXT(Z15, 16)

transpose:
	TRANSPOSE8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, 0)
	TRANSPOSE8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64)
	ADDQ $64, SI
	ADDQ $1024, DI
	SUBQ $8, CX
	JMP loop

done:
	VZEROUPPER
	RET
