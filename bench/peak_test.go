//go:build amd64

package bench

import (
	"time"

	"fmt"
	"github.com/modcomp/modcomp/internal/fmapeak"
	"sync"
	"testing"
)

// BenchmarkFMAPeak measures the machine's float64 AVX-512 FMA throughput on one
// and on two goroutines, with the loop of internal/fmapeak: the peak the kernels' GFLOP/s are
// quoted against.
func BenchmarkFMAPeak(b *testing.B) {
	if !fmapeak.Available() {
		b.Skip("no AVX-512F")
	}
	const iters = 1 << 18
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				for range g {
					wg.Go(func() { fmapeak.Run(iters) })
				}
				wg.Wait()
			}
			reportGFLOPs(b, float64(g)*iters*fmapeak.FlopsPerRound)
		})
	}
}

// BenchmarkClock measures the core's clock with a chain of dependent integer
// additions (one per cycle): the FMA peak is 2 pipes × 8 lanes × 2 flops per
// cycle at that clock on a CPU with two 512-bit FMA pipes.
func BenchmarkClock(b *testing.B) {
	const iters = 1 << 20
	for b.Loop() {
		fmapeak.Clock(iters)
	}
	b.ReportMetric(8*iters*float64(b.N)/b.Elapsed().Seconds()/1e9, "GHz")
}

// TestFMAPeakLoopRuns checks that the peak loop assembles, runs and returns,
// and that Measure gives a positive rate.
func TestFMAPeakLoopRuns(t *testing.T) {
	if !fmapeak.Available() {
		t.Skip("no AVX-512F")
	}
	fmapeak.Run(0)
	fmapeak.Run(3)
	fmapeak.Clock(0)
	fmapeak.Clock(3)
	if g, ok := fmapeak.Measure(1, time.Millisecond); !ok || g <= 0 {
		t.Fatalf("Measure: %v GFLOP/s, ok %v", g, ok)
	}
}
