package cases

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
)

// TestParallelSeedsMatchSerial runs a small case's seeds in the queue (their
// nets concurrently) and one after the other by train.Run, and requires the
// same outcome.
func TestParallelSeedsMatchSerial(t *testing.T) {
	c, err := Lookup("paper")
	require.NoError(t, err)
	c.Params.D, c.Params.N, c.Params.NTest, c.Params.Steps = 40, 30, 60, 40
	c.QuickSeeds = 3
	done := 0
	par, err := Run(context.Background(), c, Quick, train.Options{}, func(d, total int) { done = d })
	require.NoError(t, err)
	require.Equal(t, 3, done)
	var runs []result.Run
	for _, seed := range c.Seeds(Quick) {
		run, err := train.Run(context.Background(), c.Params, seed, train.Options{Workers: 2})
		require.NoError(t, err)
		runs = append(runs, run)
	}
	ser := Evaluate(c, Quick, c.Seeds(Quick), runs)
	a, err := json.Marshal(nanSafe(par.ToGolden()))
	require.NoError(t, err)
	b, err := json.Marshal(nanSafe(ser.ToGolden()))
	require.NoError(t, err)
	require.JSONEq(t, string(b), string(a))
	for i, run := range par.Runs {
		require.Equal(t, par.Seeds[i], run.Seed, "runs stay in seed order")
	}
}

func TestRunStopsOnError(t *testing.T) {
	c, err := Lookup("paper")
	require.NoError(t, err)
	c.Params.D, c.Params.N, c.Params.NTest, c.Params.Steps, c.Params.Eta = 40, 30, 60, 40, 1e200
	_, err = Run(context.Background(), c, Quick, train.Options{}, nil)
	require.ErrorContains(t, err, "case paper: seed")
}
