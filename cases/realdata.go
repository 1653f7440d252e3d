package cases

import (
	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/datasets/mnist"
)

// realData returns the suite's real-data cases: MNIST's digits as two views
// (datasets/mnist), trained by the paper's net and gradient descent with the
// suite's scaled regime (base: ϱ = 0.01, σ0 = 1e-7, η = 12, T = 1000), on
// N = 500 training images (50 of each digit) and 2 000 test images. The
// theory's distribution and p_r do not exist here: their claims are R1–R3
// (claims.CheckRealData), and their expectations are what 20 seeds
// measured (docs/real-data.md).
func realData(mk func(name, summary string, p param.Case, expect map[claims.ID]bool) Case) []Case {
	views := func(source string, d int) param.Case {
		c := base()
		c.Source, c.D, c.N, c.NTest = source, d, 500, 2000
		return c
	}
	halves := mk("mnist-halves", "MNIST: the left and the right half of each digit (d = 392 each)",
		views(mnist.Halves, mnist.Side*mnist.Side/2), map[claims.ID]bool{claims.R1: false, claims.R2: true, claims.R3: true})
	noisy := mk("mnist-noisy", "noisy MNIST (Wang et al. 2015): the digit rotated, and another image of it under uniform noise (d = 784)",
		views(mnist.Noisy, mnist.Side*mnist.Side), map[claims.ID]bool{claims.R1: true, claims.R2: true, claims.R3: true})
	degraded := views(mnist.Halves, mnist.Side*mnist.Side/2)
	degraded.ViewNoise = 1
	degradedCase := mk("mnist-halves-degraded", "control: mnist-halves with Gaussian noise σ = 1 on the right half's pixels",
		degraded, map[claims.ID]bool{claims.R1: false, claims.R2: true, claims.R3: true})
	return []Case{halves, noisy, degradedCase}
}

// RealData returns the suite's real-data cases (those with a Source), in
// the suite's order.
func RealData() []Case {
	var out []Case
	for _, c := range All() {
		if c.Params.Source != "" {
			out = append(out, c)
		}
	}
	return out
}
