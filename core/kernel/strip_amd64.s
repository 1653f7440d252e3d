//go:build amd64

// copyStrip16 (see tile_amd64.go) moves one block of a 16-column strip of x
// into a contiguous buffer with the same lane masks as the AVX-512 tiles.

#include "textflag.h"

// func copyStrip16(dst *float64, src *float64, srcStride, rows, m0, m1 int)
TEXT ·copyStrip16(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ srcStride+16(FP), DX
	SHLQ $3, DX
	MOVQ rows+24(FP), CX
	MOVQ m0+32(FP), AX
	KMOVW AX, K1
	MOVQ m1+40(FP), AX
	KMOVW AX, K2
loop:
	TESTQ CX, CX
	JLE done
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD.Z 64(SI), K2, Z1
	VMOVUPD Z0, (DI)
	VMOVUPD Z1, 64(DI)
	ADDQ DX, SI
	ADDQ $128, DI
	DECQ CX
	JMP loop
done:
	VZEROUPPER
	RET
