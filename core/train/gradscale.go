package train

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// InitialGradientScale is the root mean square, over every encoder weight,
// of the fused net's gradient of the fused loss at W(0) on seed's training
// set: the scale against which Adam's ε is read. Adam's first update is
// η·g/(|g| + ε) per weight (its bias-corrected moments are g and g²), so
// where |g| ≪ ε its first steps are gradient descent with step η/ε, and
// where |g| ≫ ε they are sign descent of step η.
func InitialGradientScale(ctx context.Context, c param.Case, seed uint64, k kernel.Kernels) (float64, error) {
	x, err := Prepare(ctx, c, seed, Options{})
	if err != nil {
		return 0, err
	}
	pool := kernel.NewPool(1).Use(k)
	defer pool.Close()
	env := x.env
	net := env.NewFused(env.W0)
	tr := nn.NewTrainer(net, pool, env.TrainSet.X, env.TrainSet.Y)
	tr.LossGrad()
	sum, n := 0.0, 0
	for e := range net.Mods {
		for _, g := range tr.Grad(e) {
			sum += float64(g * g) // float64(): no fused multiply-add (see core/kernel's package comment)
			n++
		}
	}
	return math.Sqrt(sum / float64(n)), nil
}
