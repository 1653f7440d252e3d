//go:build amd64

package bench

import "golang.org/x/sys/cpu"

// fmaPeakLoop runs iters rounds of 24 independent 8-lane float64 fused
// multiply-adds (VFMADD231PD on ZMM registers, the kernels' instruction): 24
// chains are three times what the FMA latency needs on current x86 cores, so the
// loop measures throughput. Each round is 24·8·2 = 384 floating-point
// operations. It needs AVX-512F; see hasFMAPeakLoop.
//
//go:noescape
func fmaPeakLoop(iters int)

// addChainLoop runs iters rounds of 8 dependent 64-bit integer additions: one
// addition per clock cycle, so iterations·8 per second is the core's clock.
//
//go:noescape
func addChainLoop(iters int)

// hasFMAPeakLoop reports whether this CPU can run fmaPeakLoop.
var hasFMAPeakLoop = cpu.X86.HasAVX512F
