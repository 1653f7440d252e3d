//go:build amd64

// copyStrip16 (see tile_amd64.go) moves one block of a 16-column strip of x
// into a contiguous buffer with the same lane masks as the AVX-512 tiles. It
// also asks for the lines of the next strip of the same rows: rows of x lie
// d·8 bytes apart (4 KiB at d = 512), a stride the hardware prefetchers
// follow poorly, and the next copy comes only after the row tiles have run
// over this one. A prefetch never faults, also past the end of x.

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
	PREFETCHT0 128(SI) // the same row's next strip, which the next call copies
	PREFETCHT0 192(SI)
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
