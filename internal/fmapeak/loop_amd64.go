//go:build amd64

package fmapeak

import "golang.org/x/sys/cpu"

// loop runs iters rounds of 24 independent 8-lane float64 fused
// multiply-adds (VFMADD231PD on ZMM registers, the kernels' instruction): 24
// chains are three times what the FMA latency needs on current x86 cores, so the
// loop measures throughput. Each round is 24·8·2 = 384 floating-point
// operations. It needs AVX-512F; see hasLoop.
//
//go:noescape
func loop(iters int)

// addChain runs iters rounds of 8 dependent 64-bit integer additions: one
// addition per clock cycle, so iterations·8 per second is the core's clock.
//
//go:noescape
func addChain(iters int)

// hasLoop reports whether this CPU can run loop.
var hasLoop = cpu.X86.HasAVX512F
