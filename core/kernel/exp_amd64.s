//go:build amd64

// expAVX512 and expAVX2 (see exp_amd64.go) compute math.Exp a vector at a
// time with the operations of the Go runtime's amd64 math.Exp (math/exp_amd64.s,
// the FMA form it takes on CPUs with AVX and FMA), lane by lane in its order
// and with its constants, written here with the same literals: the reduction
// by round(x·log2(e))·ln 2 in two fused parts, the Taylor polynomial of
// x/16 in Horner form, four squarings of 1 + p, and the scaling by 2^round.
// That path is exact for −707 ≤ x ≤ 709; the kernels report whether any
// element lay outside (NaN, ±Inf, overflow, a subnormal or zero result), and
// the caller computes those with math.Exp itself.

#include "textflag.h"
#include "lanes_amd64.h"
#include "exp_const.h"

// func expAVX512(dst, src *float64, n int) (outside bool)
// All n elements; a last partial vector is loaded and stored under a lane mask.
TEXT ·expAVX512(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD expconst<>+0(SB), Z16
	VBROADCASTSD expconst<>+8(SB), Z17
	VBROADCASTSD expconst<>+16(SB), Z18
	VBROADCASTSD expconst<>+24(SB), Z19
	VBROADCASTSD expconst<>+32(SB), Z20
	VBROADCASTSD expconst<>+40(SB), Z21
	VBROADCASTSD expconst<>+48(SB), Z22
	VBROADCASTSD expconst<>+56(SB), Z23
	VBROADCASTSD expconst<>+64(SB), Z24
	VBROADCASTSD expconst<>+72(SB), Z25
	VBROADCASTSD expconst<>+80(SB), Z26
	VBROADCASTSD expconst<>+88(SB), Z27
	VBROADCASTSD expconst<>+96(SB), Z28
	VBROADCASTSD expconst<>+104(SB), Z29
	VBROADCASTSD expconst<>+112(SB), Z30
	VPBROADCASTQ expconst<>+120(SB), Z31
	KXORW K6, K6, K6         // lanes outside [−707, 709] so far
	ALL_LANES(K1)

loop:
	NEXT_LANES(K1)

body:
	VMOVUPD.Z (SI), K1, Z0       // x
	VCMPPD $0x1d, Z29, Z0, K2    // x ≥ −707 (GE_OQ: false for NaN)
	VCMPPD $0x12, Z30, Z0, K3    // x ≤ 709
	KANDW K2, K3, K2
	KANDNW K1, K2, K2            // active lanes outside
	KORW K2, K6, K6
	VMULPD Z0, Z16, Z1           // log2(e)·x
	VCVTPD2DQ Z1, Y2             // e = round(log2(e)·x)
	VCVTDQ2PD Y2, Z1             // float(e)
	VFNMADD231PD Z17, Z1, Z0     // x − e·ln2u, fused
	VFNMADD231PD Z18, Z1, Z0     // − e·ln2l, fused
	VMULPD Z19, Z0, Z0           // r = (…)/16
	VMOVAPD Z20, Z1              // Horner: p = ((c9·r + c8)·r + …)
	VFMADD213PD Z21, Z0, Z1
	VFMADD213PD Z22, Z0, Z1
	VFMADD213PD Z23, Z0, Z1
	VFMADD213PD Z24, Z0, Z1
	VFMADD213PD Z25, Z0, Z1
	VFMADD213PD Z26, Z0, Z1
	VFMADD213PD Z27, Z0, Z1
	VMULPD Z1, Z0, Z0            // y = r·p
	EXP_SQUARINGS(Z0, Z1, Z28, Z27)
	VPMOVSXDQ Y2, Z3             // 2^e: (e + 1023) << 52
	VPADDQ Z31, Z3, Z3
	VPSLLQ $52, Z3, Z3
	VMULPD Z3, Z0, Z0
	VMOVUPD Z0, K1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP loop

done:
	KMOVW K6, AX
	TESTQ AX, AX
	SETNE outside+24(FP)
	VZEROUPPER
	RET

// func expAVX2(dst, src *float64, n int) (outside bool)
// The first n&^3 elements; the caller computes the rest.
TEXT ·expAVX2(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ DX, DX                  // lanes outside [−707, 709] so far
	VBROADCASTSD expconst<>+104(SB), Y14
	VBROADCASTSD expconst<>+112(SB), Y15

loop:
	CMPQ CX, $4
	JLT done
	VMOVUPD (SI), Y0             // x
	VCMPPD $0x1d, Y14, Y0, Y4    // x ≥ −707
	VCMPPD $0x12, Y15, Y0, Y5    // x ≤ 709
	VANDPD Y4, Y5, Y4
	VMOVMSKPD Y4, AX
	XORQ $0xf, AX                // lanes outside
	ORQ AX, DX
	VBROADCASTSD expconst<>+0(SB), Y1
	VMULPD Y0, Y1, Y1            // log2(e)·x
	VCVTPD2DQY Y1, X2            // e = round(log2(e)·x)
	VCVTDQ2PD X2, Y1             // float(e)
	VBROADCASTSD expconst<>+8(SB), Y6
	VFNMADD231PD Y6, Y1, Y0      // x − e·ln2u, fused
	VBROADCASTSD expconst<>+16(SB), Y6
	VFNMADD231PD Y6, Y1, Y0      // − e·ln2l, fused
	VBROADCASTSD expconst<>+24(SB), Y6
	VMULPD Y6, Y0, Y0            // r = (…)/16
	VBROADCASTSD expconst<>+32(SB), Y1
	VBROADCASTSD expconst<>+40(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+48(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+56(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+64(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+72(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+80(SB), Y6
	VFMADD213PD Y6, Y0, Y1
	VBROADCASTSD expconst<>+88(SB), Y7 // 1
	VFMADD213PD Y7, Y0, Y1
	VMULPD Y1, Y0, Y0            // y = r·p
	VBROADCASTSD expconst<>+96(SB), Y6 // 2
	EXP_SQUARINGS(Y0, Y1, Y6, Y7)
	VPMOVSXDQ X2, Y3             // 2^e: (e + 1023) << 52
	VPBROADCASTQ expconst<>+120(SB), Y6
	VPADDQ Y6, Y3, Y3
	VPSLLQ $52, Y3, Y3
	VMULPD Y3, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP loop

done:
	TESTQ DX, DX
	SETNE outside+24(FP)
	VZEROUPPER
	RET
