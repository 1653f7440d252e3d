//go:build amd64

// descentAVX512 and descentAVX2 (see descent_amd64.go) apply RefDescentUpdate
// a vector at a time: VMULPD rounds η·g, VSUBPD takes it from w.
// scaleClassAVX512 and scaleClassAVX2 apply RefScaleByClass: each class's run
// of columns in a row is multiplied by that class's number, broadcast.

#include "textflag.h"
#include "lanes_amd64.h"

// The row and run walk both scale kernels share. Registers: DI the next entry
// of z, SI this row's number for its first run's class, BX the current run's,
// R8 the rows left, R9 cols, R10 m, R11 lead, R12 s's row length in bytes,
// R13 the columns left in the row, R14 the next run's length, CX the current
// run's entries left.

// SCALE_CLASS_ROWS loads the arguments and opens the walk: labels row (the
// next row, or done) and run (the next run of the row, or nextrow), which
// leaves the run's number broadcast in num (Z8 or Y8) and its length in CX.
#define SCALE_CLASS_ROWS(num) \
	MOVQ z+0(FP), DI; \
	MOVQ s+8(FP), SI; \
	MOVQ n+16(FP), R8; \
	MOVQ cols+24(FP), R9; \
	MOVQ m+32(FP), R10; \
	MOVQ lead+40(FP), R11; \
	MOVQ stride+48(FP), R12; \
	SHLQ $3, R12; \
row: \
	TESTQ R8, R8; \
	JLE   done; \
	MOVQ  SI, BX; \
	MOVQ  R9, R13; \
	MOVQ  R11, R14; \
run: \
	TESTQ        R13, R13; \
	JLE          nextrow; \
	CMPQ         R14, R13; \
	CMOVQGT      R13, R14; \
	SUBQ         R14, R13; \
	VBROADCASTSD (BX), num; \
	MOVQ         R14, CX

// SCALE_CLASS_END closes the walk: label tail scales the run's last entries
// one at a time (the number in X8, the low lane of num), rundone moves to the
// next class (whose run is m long), nextrow to the next row; done returns.
#define SCALE_CLASS_END \
tail: \
	TESTQ  CX, CX; \
	JLE    rundone; \
	VMULSD (DI), X8, X0; \
	VMOVSD X0, (DI); \
	ADDQ   $8, DI; \
	DECQ   CX; \
	JMP    tail; \
rundone: \
	ADDQ $8, BX; \
	MOVQ R10, R14; \
	JMP  run; \
nextrow: \
	ADDQ R12, SI; \
	DECQ R8; \
	JMP  row; \
done: \
	VZEROUPPER; \
	RET

// func descentAVX512(w, grad *float64, n int, eta float64)
// All n elements, 32 a pass while that many are left, then 8 at a time; a
// last partial vector is loaded and stored under a lane mask.
TEXT ·descentAVX512(SB), NOSPLIT, $0-32
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD eta+24(FP), Z16
	ALL_LANES(K1)

wide:
	CMPQ    CX, $32
	JLT     loop
	VMULPD  (SI), Z16, Z0
	VMULPD  64(SI), Z16, Z1
	VMULPD  128(SI), Z16, Z2
	VMULPD  192(SI), Z16, Z3
	VMOVUPD (DI), Z4
	VMOVUPD 64(DI), Z5
	VMOVUPD 128(DI), Z6
	VMOVUPD 192(DI), Z7
	VSUBPD  Z0, Z4, Z4
	VSUBPD  Z1, Z5, Z5
	VSUBPD  Z2, Z6, Z6
	VSUBPD  Z3, Z7, Z7
	VMOVUPD Z4, (DI)
	VMOVUPD Z5, 64(DI)
	VMOVUPD Z6, 128(DI)
	VMOVUPD Z7, 192(DI)
	ADDQ    $256, DI
	ADDQ    $256, SI
	SUBQ    $32, CX
	JMP     wide

loop:
	NEXT_LANES(K1)

body:
	VMOVUPD.Z (SI), K1, Z0 // g
	VMOVUPD.Z (DI), K1, Z1 // w
	VMULPD    Z16, Z0, Z0
	VSUBPD    Z0, Z1, Z1
	VMOVUPD   Z1, K1, (DI)
	ADDQ      $64, DI
	ADDQ      $64, SI
	SUBQ      $8, CX
	JMP       loop

done:
	VZEROUPPER
	RET

// func descentAVX2(w, grad *float64, n int, eta float64)
// The first n&^3 elements; the caller updates the rest.
TEXT ·descentAVX2(SB), NOSPLIT, $0-32
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD eta+24(FP), Y8

loop:
	CMPQ    CX, $4
	JLT     done
	VMULPD  (SI), Y8, Y0
	VMOVUPD (DI), Y1
	VSUBPD  Y0, Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	SUBQ    $4, CX
	JMP     loop

done:
	VZEROUPPER
	RET

// func scaleClassAVX512(z, s *float64, n, cols, m, lead, stride int)
// Row by row (z's rows follow each other); a row's runs are lead columns, then
// m, …, the last cut at cols. A run goes 8 entries at a time, then 4, then one:
// masked stores of a few lanes were found to cost more than the entries they
// store (with m = 10, the run's last two), so the number stays in Z8, whose
// low halves are Y8 and X8.
TEXT ·scaleClassAVX512(SB), NOSPLIT, $0-56
	SCALE_CLASS_ROWS(Z8)

vec:
	CMPQ    CX, $8
	JLT     half
	VMULPD  (DI), Z8, Z0
	VMOVUPD Z0, (DI)
	ADDQ    $64, DI
	SUBQ    $8, CX
	JMP     vec

half:
	CMPQ    CX, $4
	JLT     tail
	VMULPD  (DI), Y8, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $4, CX

	SCALE_CLASS_END

// func scaleClassAVX2(z, s *float64, n, cols, m, lead, stride int)
// scaleClassAVX512 with 4 entries at a time, then one.
TEXT ·scaleClassAVX2(SB), NOSPLIT, $0-56
	SCALE_CLASS_ROWS(Y8)

vec:
	CMPQ    CX, $4
	JLT     tail
	VMULPD  (DI), Y8, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     vec

	SCALE_CLASS_END
