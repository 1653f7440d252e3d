package bench

import (
	"fmt"
	"sync"
	"testing"

	"github.com/modcomp/modcomp/internal/fmapeak"
)

// BenchmarkFMAPeak measures the machine's float64 FMA throughput on one and
// on two goroutines with each loop of internal/fmapeak this CPU runs: avx512
// (8-lane, the avx512 paths' ceiling), avx2 (4-lane, the avx2 paths') and
// scalar (1-lane, generic's). A kernel's GFLOP/s are quoted against the loop
// of its path's width (kernel.Kernels.Lanes) measured in the same run; the
// header's "cpu:" line names the CPU.
func BenchmarkFMAPeak(b *testing.B) {
	loops := fmapeak.Loops()
	if len(loops) == 0 {
		b.Skip("no FMA peak loop for this CPU and architecture")
	}
	for _, l := range loops {
		rounds := (1 << 25) / l.FlopsPerRound
		for _, g := range []int{1, 2} {
			b.Run(fmt.Sprintf("loop=%s/goroutines=%d", l.Name, g), func(b *testing.B) {
				for b.Loop() {
					var wg sync.WaitGroup
					for range g {
						wg.Go(func() { l.Run(rounds) })
					}
					wg.Wait()
				}
				reportGFLOPs(b, float64(g)*float64(rounds)*float64(l.FlopsPerRound))
			})
		}
	}
}

// BenchmarkClock measures the core's clock with a chain of dependent integer
// additions (one per cycle): the FMA peak is pipes × lanes × 2 flops per
// cycle at that clock (two 512-bit pipes: 32; two 256-bit pipes: 16).
func BenchmarkClock(b *testing.B) {
	if !fmapeak.HasClock() {
		b.Skip("no clock loop for this architecture")
	}
	const iters = 1 << 20
	for b.Loop() {
		fmapeak.Clock(iters)
	}
	b.ReportMetric(8*iters*float64(b.N)/b.Elapsed().Seconds()/1e9, "GHz")
}
