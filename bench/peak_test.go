//go:build amd64

package bench

import (
	"fmt"
	"sync"
	"testing"
)

// BenchmarkFMAPeak measures the machine's float64 AVX-512 FMA throughput on one
// and on two goroutines, with fmaPeakLoop: the peak the kernels' GFLOP/s are
// quoted against.
func BenchmarkFMAPeak(b *testing.B) {
	if !hasFMAPeakLoop {
		b.Skip("no AVX-512F")
	}
	const iters = 1 << 18
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				for range g {
					wg.Go(func() { fmaPeakLoop(iters) })
				}
				wg.Wait()
			}
			reportGFLOPs(b, float64(g)*iters*24*8*2)
		})
	}
}

// BenchmarkClock measures the core's clock with a chain of dependent integer
// additions (one per cycle): the FMA peak is 2 pipes × 8 lanes × 2 flops per
// cycle at that clock on a CPU with two 512-bit FMA pipes.
func BenchmarkClock(b *testing.B) {
	const iters = 1 << 20
	for b.Loop() {
		addChainLoop(iters)
	}
	b.ReportMetric(8*iters*float64(b.N)/b.Elapsed().Seconds()/1e9, "GHz")
}

// TestFMAPeakLoopRuns checks that the peak loop assembles, runs and returns.
func TestFMAPeakLoopRuns(t *testing.T) {
	if !hasFMAPeakLoop {
		t.Skip("no AVX-512F")
	}
	fmaPeakLoop(0)
	fmaPeakLoop(3)
	addChainLoop(0)
	addChainLoop(3)
}
