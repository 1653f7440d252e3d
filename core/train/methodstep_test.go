package train

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// methodTrainer prepares seed 1 of c, initialises m on it, and returns its
// plan and a one-worker trainer on the plan's start with the plan's
// objective (the pool closes when the test ends).
func methodTrainer(t *testing.T, c param.Case, m Method) (*Env, Plan, *nn.Trainer) {
	t.Helper()
	x, err := Prepare(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	plan, err := m.Init(context.Background(), x.env)
	require.NoError(t, err)
	pool := kernel.NewPool(1)
	t.Cleanup(pool.Close)
	tr := nn.NewTrainer(plan.Start, pool, x.env.TrainSet.X, x.env.TrainSet.Y)
	tr.SetObjective(plan.Objective)
	return x.env, plan, tr
}

// requireWarmStepAllocatesNothing checks that once warm, a step of m on
// seed 1 of c allocates nothing.
func requireWarmStepAllocatesNothing(t *testing.T, c param.Case, m Method) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	_, _, tr := methodTrainer(t, c, m)
	_, err := m.Step(tr, 0, c.Eta)
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(5, func() { _, _ = m.Step(tr, 1, c.Eta) })
	require.Zero(t, allocs)
}
