//go:build amd64

package fmapeak

import "golang.org/x/sys/cpu"

// loop runs iters rounds of 24 independent 8-lane float64 fused
// multiply-adds (VFMADD231PD on ZMM registers, the avx512 kernels'
// instruction): 24 chains are three times what the FMA latency needs on
// current x86 cores, so the loop measures throughput. Each round is
// 24·8·2 = 384 floating-point operations. It needs AVX-512F.
//
//go:noescape
func loop(iters int)

// loop256 runs iters rounds of 12 independent 4-lane fused multiply-adds
// (VFMADD231PD on YMM registers, the avx2 kernels' instruction): two FMA pipes
// of latency 4–5 need 8–10 chains. Each round is 12·4·2 = 96 operations. It
// needs AVX2 and FMA.
//
//go:noescape
func loop256(iters int)

// loopScalar runs iters rounds of 12 independent scalar fused multiply-adds
// (VFMADD231SD, what math.FMA compiles to on a CPU with FMA): the generic
// path's ceiling. Each round is 12·2 = 24 operations. It needs FMA.
//
//go:noescape
func loopScalar(iters int)

// addChain runs iters rounds of 8 dependent 64-bit integer additions: one
// addition per clock cycle, so iterations·8 per second is the core's clock.
//
//go:noescape
func addChain(iters int)

const hasClock = true

// available lists the loops this CPU runs, narrowest first.
var available = func() []Loop {
	var out []Loop
	if cpu.X86.HasFMA && cpu.X86.HasAVX {
		out = append(out, Loop{Name: "scalar", Lanes: 1, FlopsPerRound: 12 * 2, run: loopScalar})
	}
	if cpu.X86.HasFMA && cpu.X86.HasAVX2 {
		out = append(out, Loop{Name: "avx2", Lanes: 4, FlopsPerRound: 12 * 4 * 2, run: loop256})
	}
	if cpu.X86.HasAVX512F {
		out = append(out, Loop{Name: "avx512", Lanes: 8, FlopsPerRound: 24 * 8 * 2, run: loop})
	}
	return out
}()
