package train

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// zeroCase is a small case whose uni-modal nets reach zero training error
// within a few dozen steps, some before T = 20 and some after.
func zeroCase() param.Case {
	c := tinyCase()
	c.D, c.N, c.Eta, c.Rho, c.Sigma0, c.Steps = 200, 60, 8, 0.01, 1e-4, 20
	return c
}

// withoutZeroSteps returns the run's JSON with every ZeroErrorStep cleared.
func withoutZeroSteps(t *testing.T, run result.Run) string {
	t.Helper()
	for _, nets := range [][]result.Net{run.Uni, run.Probe, {run.Joint}} {
		for i := range nets {
			nets[i].ZeroErrorStep = 0
		}
	}
	js, err := json.Marshal(run)
	require.NoError(t, err)
	return string(js)
}

// TestZeroErrorStepIsTheFirst checks the recorded step against the nets'
// own predictions: trained for ZeroErrorStep steps a uni-modal net
// classifies every training sample right, one step fewer it does not.
func TestZeroErrorStepIsTheFirst(t *testing.T) {
	for _, batch := range []int{0, 25} {
		c := zeroCase()
		c.Batch = batch
		checked := 0
		for seed := uint64(1); seed <= 4; seed++ {
			run, err := Run(context.Background(), c, seed, Options{Converge: -1})
			require.NoError(t, err)
			for r, u := range run.Uni {
				z := u.ZeroErrorStep
				require.Equal(t, c.Steps, u.Steps)
				if z <= 0 {
					require.Equal(t, -1, z)
					continue
				}
				for _, steps := range []int{z, z - 1} {
					short := c
					short.Steps = max(steps, 1)
					got, err := Run(context.Background(), short, seed, Options{})
					require.NoError(t, err)
					if steps == z {
						require.Zero(t, got.Uni[r].TrainError, "batch %d seed %d uni %d after %d steps", batch, seed, r, steps)
					} else if steps > 0 {
						require.NotZero(t, got.Uni[r].TrainError, "batch %d seed %d uni %d after %d steps", batch, seed, r, steps)
					}
				}
				checked++
			}
		}
		require.NotZero(t, checked, "batch %d: no uni-modal net reached zero error within T", batch)
	}
}

// TestConvergeAddsOnlyTheZeroErrorStep runs each seed with and without a
// convergence budget: every result but a uni-modal net's ZeroErrorStep is
// the same, and the budget finds the steps that T did not.
func TestConvergeAddsOnlyTheZeroErrorStep(t *testing.T) {
	for _, batch := range []int{0, 25} {
		c := zeroCase()
		c.Batch = batch
		beyond := 0
		for seed := uint64(1); seed <= 8; seed++ {
			plain, err := Run(context.Background(), c, seed, Options{Converge: -1})
			require.NoError(t, err)
			conv, err := Run(context.Background(), c, seed, Options{Converge: 400})
			require.NoError(t, err)
			for r := range plain.Uni {
				p, q := plain.Uni[r].ZeroErrorStep, conv.Uni[r].ZeroErrorStep
				if p >= 0 {
					require.Equal(t, p, q)
					continue
				}
				require.True(t, q == -1 || (q > c.Steps && q <= 400), "seed %d uni %d: %d", seed, r, q)
				if q > 0 {
					beyond++
				}
			}
			require.Equal(t, withoutZeroSteps(t, plain), withoutZeroSteps(t, conv))
		}
		require.NotZero(t, beyond, "batch %d: no net reached zero error after T", batch)
	}
}

// TestUntilZeroErrorAgreesWithConverge stops every net at zero error and
// compares with the convergence budget, a different path to the same step:
// a uni-modal net stops exactly where the budget found its first zero, with
// zero training error, and keeps its weights for the rest of the schedule.
func TestUntilZeroErrorAgreesWithConverge(t *testing.T) {
	for _, batch := range []int{0, 25} {
		c := zeroCase()
		c.Batch = batch
		until := c
		until.Until, until.Steps = param.UntilZeroError, 400
		for seed := uint64(1); seed <= 4; seed++ {
			conv, err := Run(context.Background(), c, seed, Options{Converge: 400})
			require.NoError(t, err)
			run, err := Run(context.Background(), until, seed, Options{Converge: -1})
			require.NoError(t, err)
			for r, u := range run.Uni {
				z := conv.Uni[r].ZeroErrorStep
				require.Equal(t, z, u.ZeroErrorStep, "seed %d uni %d", seed, r)
				if z < 0 {
					require.Equal(t, 400, u.Steps)
					continue
				}
				require.Equal(t, z, u.Steps, "seed %d uni %d", seed, r)
				require.Zero(t, u.TrainError)
				steps := run.Lambda.Steps
				for j, series := range run.Lambda.Uni[r] {
					for s := range steps {
						if steps[s] >= z {
							require.Equal(t, series[len(series)-1], series[s], "class %d at step %d", j, steps[s])
						}
					}
				}
			}
			require.Zero(t, run.Joint.TrainError, "seed %d: the joint net stops at zero error too", seed)
			require.Equal(t, run.Joint.Steps, run.Joint.ZeroErrorStep)
		}
	}
}

// TestUntilZeroErrorWithMethods stops the fused net of every method that
// trains one at its own zero error, measured on the unmasked fused logits.
func TestUntilZeroErrorWithMethods(t *testing.T) {
	for _, method := range []string{param.MethodModDrop, param.MethodOGMGE, param.MethodGBlend, param.MethodPretrain} {
		c := withMethod(method, nil)
		c.D, c.N, c.Eta, c.Rho, c.Sigma0 = 200, 60, 8, 0.01, 1e-4
		c.Until, c.Steps = param.UntilZeroError, 200
		if method == param.MethodPretrain {
			c.PreSteps = 50
		}
		require.NoError(t, c.Validate(), method)
		run, err := Run(context.Background(), c, 1, Options{})
		require.NoError(t, err, method)
		if run.Joint.Steps < c.Steps {
			require.Zero(t, run.Joint.TrainError, method)
			require.Equal(t, run.Joint.Steps, run.Joint.ZeroErrorStep, method)
		}
	}
}

// TestUntilLossBound keeps a net training past its first zero error until
// the loss is below the bound too.
func TestUntilLossBound(t *testing.T) {
	c := zeroCase()
	c.Until, c.Steps = param.UntilZeroError, 400
	free, err := Run(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	c.UntilLoss = 1e-3
	bound, err := Run(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	for r := range free.Uni {
		require.Equal(t, free.Uni[r].ZeroErrorStep, bound.Uni[r].ZeroErrorStep)
		require.GreaterOrEqual(t, bound.Uni[r].Steps, free.Uni[r].Steps)
		if bound.Uni[r].Steps < c.Steps {
			require.Less(t, bound.Uni[r].FinalLoss, 1e-3)
			require.Zero(t, bound.Uni[r].TrainError)
		}
	}
}
