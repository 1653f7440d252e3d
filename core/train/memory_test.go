package train

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
)

// TestMemoryEstimate runs three shapes, each dominated by another part
// (dictionaries, training data and activations, the test set's scoring), the
// standard-training variants, and every training method (Gradient-Blending
// also where its trial's trainers hold the most, many neurons on many
// samples), with the collector running often so that the heap stays near the live
// data, and samples the heap's peak: the estimate must not fall below it,
// and must not exceed it by more than 2.5×.
func TestMemoryEstimate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few hundred MB")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	for _, shape := range []struct {
		d, n, nTest, m int
		variants       bool   // a learned head, Adam and minibatches
		method         string // a training method other than joint
	}{
		{1500, 125, 1000, 10, false, ""},
		{400, 1500, 1000, 10, false, ""},
		{200, 125, 12000, 40, false, ""},
		{400, 1500, 1000, 10, true, ""},
		{400, 1500, 1000, 10, false, param.MethodGBlend},
		{400, 1500, 1000, 10, false, param.MethodOGMGE},
		{400, 1500, 1000, 10, false, param.MethodModDrop},
		{400, 1500, 1000, 10, false, param.MethodPretrain},
		{400, 1500, 1000, 10, false, param.MethodEnsemble},
		{100, 3000, 500, 40, false, param.MethodGBlend},
	} {
		c := param.Default()
		c.D, c.N, c.NTest, c.M, c.Steps = shape.d, shape.n, shape.nTest, shape.m, 2
		if shape.variants {
			c.Head, c.Batch = param.HeadLearned, 500
			c.Optimizer, c.Beta1, c.Beta2, c.Eps = param.OptimizerAdam, 0.9, 0.999, 1e-8
		}
		if shape.method != "" {
			c.Method = shape.method
			if c.Method == param.MethodPretrain {
				c.PreSteps = 2
			}
			require.NoError(t, c.Validate())
		}
		runtime.GC()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(sample)
		base := sample[0].Value.Uint64()
		var peak atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Microsecond):
				}
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > base && v-base > peak.Load() {
					peak.Store(v - base)
				}
			}
		}()
		_, err := Run(context.Background(), c, 1, Options{Workers: 1})
		close(stop)
		<-sampled
		require.NoError(t, err)
		est := MemoryNeeded(c).Total()
		got := float64(peak.Load())
		t.Logf("d=%d n=%d n_test=%d m=%d variants=%v method=%q: estimate %.0f MB, measured peak %.0f MB", shape.d, shape.n, shape.nTest, shape.m, shape.variants, shape.method, est/1e6, got/1e6)
		require.GreaterOrEqual(t, est, 0.95*got, "the estimate covers the peak")
		require.LessOrEqual(t, est, 2.5*got, "the estimate is not wildly high")
	}
}

func TestMemoryEstimateDoesNotOverflow(t *testing.T) {
	c := param.Default()
	c.D, c.N, c.M = 1<<40, 1<<40, 1<<40
	m := MemoryNeeded(c)
	require.Greater(t, m.Total(), 1e20)
}
