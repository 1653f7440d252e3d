package linear

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGradient compares every layer's gradient with central differences of
// the loss, for linear and ReLU networks of every fusion layer.
func TestGradient(t *testing.T) {
	for _, tc := range []struct {
		act       string
		depth, lf int
		dim       int
	}{{Linear, 2, 2, 0}, {Linear, 3, 1, 0}, {Linear, 3, 2, 0}, {Linear, 4, 3, 0}, {Linear, 4, 4, 0}, {ReLU, 2, 2, 0}, {ReLU, 3, 3, 0},
		{Linear, 2, 2, 3}, {Linear, 2, 1, 3}} {
		t.Run(fmt.Sprintf("%s-L%d-Lf%d-dim%d", tc.act, tc.depth, tc.lf, tc.dim), func(t *testing.T) {
			p := Default()
			p.N, p.Width, p.Depth, p.FuseDepth, p.Activation, p.Init = 64, 3, tc.depth, tc.lf, tc.act, 0.5
			if tc.dim > 1 {
				p.Dim, p.Rho, p.Weight = tc.dim, 0, 0.1
			}
			require.NoError(t, p.Validate())
			d := Sample(p, 7)
			n := NewNet(p, 7)
			ps := newPass(n, d.XA, d.XB, d.Y)
			n.backward(ps, n.forward(ps))
			const h = 1e-6
			for li, l := range n.layers {
				for i := range l.w {
					w0 := l.w[i]
					l.w[i] = w0 + h
					up := ps.loss(n.forward(ps))
					l.w[i] = w0 - h
					down := ps.loss(n.forward(ps))
					l.w[i] = w0
					fd := (up - down) / (2 * h)
					require.InDelta(t, fd, l.grad[i], 1e-6*(1+abs(fd)), "layer %d weight %d", li, i)
				}
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestTrainReproducible: the same parameters and seed give the same run,
// whatever GOMAXPROCS.
func TestTrainReproducible(t *testing.T) {
	p := Default()
	p.N, p.Steps, p.Depth, p.FuseDepth, p.Width, p.Init = 256, 3000, 3, 2, 2, 0.05
	a, err := Train(context.Background(), p, 1)
	require.NoError(t, err)
	prev := runtime.GOMAXPROCS(1)
	b, err := Train(context.Background(), p, 1)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	require.Equal(t, a, b)
	c, err := Train(context.Background(), p, 2)
	require.NoError(t, err)
	require.NotEqual(t, a.FinalLoss, c.FinalLoss, "seeds must differ")
}

// TestTrainStops: a cancelled context stops a run with its error.
func TestTrainStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Train(ctx, Default(), 1)
	require.ErrorIs(t, err, context.Canceled)
}

func TestValidate(t *testing.T) {
	require.NoError(t, Default().Validate())
	for name, f := range map[string]func(*Params){
		"ratio":                      func(p *Params) { p.Ratio = 0.5 },
		"rho":                        func(p *Params) { p.Rho = 1 },
		"depth":                      func(p *Params) { p.Depth = 1 },
		"fuse_depth":                 func(p *Params) { p.FuseDepth = 3 },
		"activation":                 func(p *Params) { p.Activation = "tanh" },
		"relu":                       func(p *Params) { p.Activation, p.Depth = ReLU, 3 },
		"init":                       func(p *Params) { p.Init = 0 },
		"init_scheme":                func(p *Params) { p.InitScheme = "uniform" },
		"eta":                        func(p *Params) { p.Eta = 2 },
		"stop_at":                    func(p *Params) { p.StopAt = 1 },
		"points":                     func(p *Params) { p.Points = 1 },
		"n":                          func(p *Params) { p.N = MaxN + 1 },
		"GB":                         func(p *Params) { p.N, p.Width, p.Depth, p.FuseDepth, p.Steps = MaxN, MaxWidth, 12, 12, 1 },
		"multiply-adds":              func(p *Params) { p.N, p.Steps = MaxN, MaxSteps },
		"dim":                        func(p *Params) { p.Dim = MaxDim + 1 },
		"weight":                     func(p *Params) { p.Dim, p.Rho = 3, 0 },
		"multi-dimensional data has": func(p *Params) { p.Dim, p.Weight = 3, 0.1 },
	} {
		p := Default()
		f(&p)
		err := p.Validate()
		require.Error(t, err, name)
		require.Contains(t, err.Error(), name)
	}
}

// TestStepAllocatesNothing: a gradient step and the weight probe reuse
// their buffers.
func TestStepAllocatesNothing(t *testing.T) {
	p := Default()
	p.N, p.Depth, p.FuseDepth, p.Width = 64, 4, 2, 3
	d := Sample(p, 1)
	n := NewNet(p, 1)
	ps := newPass(n, d.XA, d.XB, d.Y)
	pr := newProbe(n, d, toyTargets(p, d))
	allocs := testing.AllocsPerRun(20, func() {
		out := n.forward(ps)
		_ = ps.loss(out)
		pr.weights()
		n.backward(ps, out)
		n.step()
	})
	require.Zero(t, allocs)
}
