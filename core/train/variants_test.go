package train

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
)

// variantCases are the tiny case under each standard-training variant, and
// under the methods that combine with them.
func variantCases() map[string]param.Case {
	adam := func(c *param.Case) {
		c.Optimizer, c.Beta1, c.Beta2, c.Eps, c.Eta = param.OptimizerAdam, 0.9, 0.999, 1e-8, 1e-2
	}
	with := func(method string, sets ...func(*param.Case)) param.Case {
		c := withMethod(method, nil)
		for _, s := range sets {
			s(&c)
		}
		return c
	}
	head := func(c *param.Case) { c.Head = param.HeadLearned }
	randomHead := func(c *param.Case) {
		c.Head, c.HeadInit, c.HeadSigma, c.HeadEta = param.HeadLearned, param.HeadInitRandom, 0.3, 0.5
	}
	batch := func(c *param.Case) { c.Batch = 30 } // 80 samples: batches of 30, 30 and 20
	relu := func(c *param.Case) { c.Activation = param.ActivationReLU }
	three := func(c *param.Case) {
		c.R, c.Mu, c.A, c.B = 3, []float64{0.1, 0.2, 0.3}, []float64{1, 1, 1}, []float64{1.5, 1.5, 1.5}
	}
	pre := func(c *param.Case) { c.PreSteps = 40 }
	return map[string]param.Case{
		"head":                with(param.MethodJoint, head),
		"random-head":         with(param.MethodJoint, randomHead),
		"batch":               with(param.MethodJoint, batch),
		"adam":                with(param.MethodJoint, adam),
		"adam-batch-head":     with(param.MethodJoint, adam, batch, head),
		"relu":                with(param.MethodJoint, relu),
		"three":               with(param.MethodJoint, three),
		"ensemble-head-batch": with(param.MethodEnsemble, head, batch),
		"pretrain-adam-head":  with(param.MethodPretrain, pre, adam, head),
		"moddrop-relu-three":  with(param.MethodModDrop, func(c *param.Case) { c.PDrop = 0.3 }, relu, three),
	}
}

// TestVariantsAreReproducible runs every variant under GOMAXPROCS 1 and 4 and
// on every kernel path: the same bits each time.
func TestVariantsAreReproducible(t *testing.T) {
	for name, c := range variantCases() {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, c.Validate())
			requireReproducible(t, c)
		})
	}
}

// TestVariantsTrain checks that every variant fits the tiny case's training
// set, and that each actually changes the run: its JSON differs from joint
// training's.
func TestVariantsTrain(t *testing.T) {
	plain := runJSON(t, tinyCase(), 1, Options{})
	for name, c := range variantCases() {
		t.Run(name, func(t *testing.T) {
			run, err := Run(context.Background(), c, 1, Options{})
			require.NoError(t, err)
			require.LessOrEqual(t, run.Joint.TrainError, 0.05, "the fused net fits the training set")
			require.Len(t, run.Uni, c.R)
			require.Equal(t, c.LearnedHead(), run.HeadMass != nil)
			require.NotEqual(t, plain, runJSON(t, c, 1, Options{}))
		})
	}
}

// TestEnsembleKeepsTheUniModalHeads: an ensemble with a learned head fuses
// the uni-modal nets' heads, so its logits are the sum of theirs: its
// training error and the uni-modal scores come from the same nets.
func TestEnsembleKeepsTheUniModalHeads(t *testing.T) {
	c := variantCases()["ensemble-head-batch"]
	run, err := Run(context.Background(), c, 3, Options{})
	require.NoError(t, err)
	for r := range run.Probe {
		require.Equal(t, run.Uni[r].TestError, run.Probe[r].TestError, "probe %d is uni-modal net %d", r, r)
	}
}
