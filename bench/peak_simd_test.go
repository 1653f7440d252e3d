//go:build goexperiment.simd && amd64 && !go1.27

package bench

import (
	"fmt"
	"simd/archsimd"
	"sync"
	"testing"
)

// fmaLoop runs iters rounds of 12 independent 8-lane fused multiply-adds: enough
// independent chains to hide the FMA latency, so it measures throughput.
func fmaLoop(iters int) float64 {
	a := archsimd.BroadcastFloat64x8(0.999999)
	c := archsimd.BroadcastFloat64x8(1e-9)
	var x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11 archsimd.Float64x8
	for i := 0; i < iters; i++ {
		x0, x1, x2, x3 = x0.MulAdd(a, c), x1.MulAdd(a, c), x2.MulAdd(a, c), x3.MulAdd(a, c)
		x4, x5, x6, x7 = x4.MulAdd(a, c), x5.MulAdd(a, c), x6.MulAdd(a, c), x7.MulAdd(a, c)
		x8, x9, x10, x11 = x8.MulAdd(a, c), x9.MulAdd(a, c), x10.MulAdd(a, c), x11.MulAdd(a, c)
	}
	s := x0.Add(x1).Add(x2).Add(x3).Add(x4).Add(x5).Add(x6).Add(x7).Add(x8).Add(x9).Add(x10).Add(x11)
	var out [8]float64
	s.Store(&out)
	archsimd.ClearAVXUpperBits()
	return out[0]
}

var sink float64

// BenchmarkFMAPeak measures the machine's float64 AVX-512 FMA throughput on one
// and on two goroutines: the peak the kernels' GFLOP/s are quoted against.
func BenchmarkFMAPeak(b *testing.B) {
	if !archsimd.X86.AVX512() {
		b.Skip("no AVX-512")
	}
	const iters = 1 << 20
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				results := make([]float64, g)
				for k := 0; k < g; k++ {
					wg.Add(1)
					go func() { defer wg.Done(); results[k] = fmaLoop(iters) }()
				}
				wg.Wait()
				sink += results[0]
			}
			reportGFLOPs(b, float64(g)*iters*12*8*2)
		})
	}
}
