// Package fmapeak measures the machine's float64 fused multiply-add peak: the
// throughput of independent 8-lane FMAs (VFMADD231PD on ZMM registers, the
// kernels' instruction), the ceiling the kernels' and the suite's GFLOP/s are
// quoted against. BenchmarkFMAPeak in ./bench and `modcomp suite -stats`
// measure it in the same run as what they compare with it.
package fmapeak

import (
	"sync"
	"time"
)

// FlopsPerRound is the floating-point work of one round of the peak loop: 24
// independent FMAs of 8 lanes, 2 operations each.
const FlopsPerRound = 24 * 8 * 2

// Available reports whether this CPU can run the peak loop (AVX-512F).
func Available() bool { return hasLoop }

// Run runs rounds rounds of the peak loop on the calling goroutine.
func Run(rounds int) {
	if hasLoop {
		loop(rounds)
	}
}

// Clock runs rounds rounds of 8 dependent integer additions (one per clock
// cycle): rounds·8 per second is the core's clock.
func Clock(rounds int) {
	if hasLoop {
		addChain(rounds)
	}
}

// Measure returns the FMA peak in GFLOP/s of goroutines goroutines running the
// loop at once for about d, the best of a few repetitions (ok false without
// AVX-512F).
func Measure(goroutines int, d time.Duration) (gflops float64, ok bool) {
	if !hasLoop || goroutines < 1 {
		return 0, false
	}
	const rounds = 1 << 16
	best := 0.0
	for end := time.Now().Add(d); time.Now().Before(end) || best == 0; {
		start := time.Now()
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() { loop(rounds) })
		}
		wg.Wait()
		best = max(best, float64(goroutines)*rounds*FlopsPerRound/time.Since(start).Seconds()/1e9)
	}
	return best, true
}
