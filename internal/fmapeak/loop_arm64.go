//go:build arm64

package fmapeak

// loopScalar runs iters rounds of 24 independent scalar fused multiply-adds
// (FMADDD, what math.FMA compiles to on arm64): the generic path's ceiling.
// 24 chains cover four FMA pipes of latency 4 (Apple's cores; Neoverse has
// two to four) with room to spare. Each round is 24·2 = 48 operations.
//
//go:noescape
func loopScalar(iters int)

// loopNEON runs iters rounds of 24 independent 2-lane fused multiply-adds
// (FMLA on 128-bit vectors, ASIMD): the ceiling of a NEON kernel path.
// Each round is 24·2·2 = 96 operations.
//
//go:noescape
func loopNEON(iters int)

// addChain runs iters rounds of 8 dependent 64-bit integer additions: one
// addition per clock cycle, so iterations·8 per second is the core's clock.
//
//go:noescape
func addChain(iters int)

const hasClock = true

// available lists the loops every arm64 CPU runs (FMADDD and ASIMD's FMLA
// are part of ARMv8-A), narrowest first.
var available = []Loop{
	{Name: "scalar", Lanes: 1, FlopsPerRound: 24 * 2, run: loopScalar},
	{Name: "neon", Lanes: 2, FlopsPerRound: 24 * 2 * 2, run: loopNEON},
}
