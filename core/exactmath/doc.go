// Package exactmath holds the elementary functions modcomp's results depend
// on, written so that every build computes the same bits: every amd64 CPU and
// GOAMD64 level, arm64, and any other architecture Go supports.
//
// The standard library's math functions are not that. math.Exp on amd64 is
// assembly with two forms, chosen by the CPU (with FMA or without); on arm64
// it is other assembly; math.Log is assembly on amd64 and Go elsewhere; and
// Go code such as math.Tanh and math.Expm1 may be compiled with fused
// multiply-adds (arm64 always, amd64 at GOAMD64=v3 and above), which round
// once where the source rounds twice. Each function here follows one of
// those implementations operation for operation, with every product that
// must round written float64(x*y) and every fused operation written
// math.FMA, so the compiler has nothing left to choose:
//
//	Exp:    the Go runtime's amd64 math.Exp in its FMA form
//	        (src/math/exp_amd64.s, label avxfma; Shibata's method)
//	Log:    the Go runtime's amd64 math.Log (src/math/log_amd64.s)
//	Pow:    src/math/pow.go, with this package's Exp and Log
//	Tanh:   src/math/tanh.go (Cephes), with this package's Exp
//	Expm1:  src/math/expm1.go (FreeBSD's s_expm1.c)
//
// On an amd64 CPU with AVX and FMA (every x86 CPU since 2013), built at
// GOAMD64=v1, each returns exactly what the math function returns; the tests
// check that on many arguments, and check fixed arguments against stored bits
// on every architecture. Results computed by earlier releases of modcomp on
// such machines are therefore unchanged.
package exactmath
