// Package fmapeak measures the machine's float64 fused multiply-add peak: the
// throughput of independent FMAs at one vector width, the ceiling the
// kernels' and the suite's GFLOP/s are quoted against. There is one loop per
// width the kernel paths compute with: 8 lanes (VFMADD231PD on ZMM
// registers, AVX-512F: the avx512asm and avx512 paths), 4 lanes (on YMM
// registers, AVX2+FMA: avx2asm and avx2) and 1 lane (VFMADD231SD, the
// instruction math.FMA compiles to: the generic path); on arm64, 2 lanes
// (ASIMD's FMLA on 128-bit vectors, a NEON path's) and 1 lane (FMADDD,
// math.FMA there: the generic path, which every arm64 machine runs today).
// A kernel path's peak is the loop of its width (ForLanes), so that "% of
// peak" means the same on an AVX-512 CPU, an AVX2 CPU and a path forced
// narrower than the CPU allows.
// BenchmarkFMAPeak in ./bench and `modcomp suite -stats` measure it in the
// same run as what they compare with it.
package fmapeak

import (
	"fmt"
	"sync"
	"time"
)

// Loop is the peak loop of one vector width. The zero Loop runs nothing.
type Loop struct {
	// Name names the instruction set: "avx512", "avx2" or "scalar".
	Name string
	// Lanes is the float64 lanes of one FMA.
	Lanes int
	// FlopsPerRound is the floating-point work of one round: independent
	// FMAs × lanes × 2 operations.
	FlopsPerRound int
	run           func(rounds int)
}

// String names the loop and its width, as reports print it.
func (l Loop) String() string {
	return fmt.Sprintf("%s (%d-lane FMA)", l.Name, l.Lanes)
}

// Run runs rounds rounds of the loop on the calling goroutine.
func (l Loop) Run(rounds int) {
	if l.run != nil {
		l.run(rounds)
	}
}

// Measure returns the loop's throughput in GFLOP/s with goroutines goroutines
// running it at once for about d, the best of a few repetitions (0 for the
// zero Loop or goroutines < 1).
func (l Loop) Measure(goroutines int, d time.Duration) float64 {
	if l.run == nil || goroutines < 1 {
		return 0
	}
	const flops = 1 << 23 // a few milliseconds a repetition at any width
	rounds := flops / l.FlopsPerRound
	best := 0.0
	for end := time.Now().Add(d); time.Now().Before(end) || best == 0; {
		start := time.Now()
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() { l.run(rounds) })
		}
		wg.Wait()
		best = max(best, float64(goroutines)*float64(rounds)*float64(l.FlopsPerRound)/time.Since(start).Seconds()/1e9)
	}
	return best
}

// Loops lists the loops this CPU can run, narrowest first (none on
// architectures other than amd64 and arm64, or on an amd64 CPU without FMA).
func Loops() []Loop { return available }

// ForLanes returns the loop of a kernel path that computes with lanes float64
// lanes per FMA (kernel.Kernels.Lanes); ok is false when this CPU cannot run
// one of that width.
func ForLanes(lanes int) (Loop, bool) {
	for _, l := range available {
		if l.Lanes == lanes {
			return l, true
		}
	}
	return Loop{}, false
}

// Clock runs rounds rounds of 8 dependent integer additions (one per clock
// cycle): rounds·8 per second is the core's clock. It runs nothing off amd64
// and arm64.
func Clock(rounds int) { addChain(rounds) }

// HasClock reports whether Clock measures anything on this build.
func HasClock() bool { return hasClock }
