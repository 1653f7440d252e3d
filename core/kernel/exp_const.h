// exp_const.h holds the constants of math.Exp's amd64 FMA form that the
// vector Exp kernels use (exp_amd64.s, exp_arm64.s), with the runtime's
// literals (math/exp_amd64.s), at the offsets the kernels load: log2(e), ln 2
// in two parts, 1/16, the Taylor coefficients 1/8! … 1/2!, 1, 2, the kernels'
// exact range [−707, 709], and the exponent bias as an integer.

DATA expconst<>+0(SB)/8, $1.4426950408889634073599246810018920   // log2(e)
DATA expconst<>+8(SB)/8, $0.69314718055966295651160180568695068359375 // ln 2, upper part
DATA expconst<>+16(SB)/8, $0.28235290563031577122588448175013436025525412068e-12 // ln 2, lower part
DATA expconst<>+24(SB)/8, $0.0625
DATA expconst<>+32(SB)/8, $2.4801587301587301587e-5
DATA expconst<>+40(SB)/8, $1.9841269841269841270e-4
DATA expconst<>+48(SB)/8, $1.3888888888888888889e-3
DATA expconst<>+56(SB)/8, $8.3333333333333333333e-3
DATA expconst<>+64(SB)/8, $4.1666666666666666667e-2
DATA expconst<>+72(SB)/8, $1.6666666666666666667e-1
DATA expconst<>+80(SB)/8, $0.5
DATA expconst<>+88(SB)/8, $1.0
DATA expconst<>+96(SB)/8, $2.0
DATA expconst<>+104(SB)/8, $-707.0
DATA expconst<>+112(SB)/8, $709.0
DATA expconst<>+120(SB)/8, $0x3ff // the exponent bias, an integer
GLOBL expconst<>(SB), RODATA|NOPTR, $128
