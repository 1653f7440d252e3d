package cases

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/train"
)

// TestParallelSeedsMatchSerial runs a small case's seeds concurrently (the
// default) and one after the other, and requires the same outcome.
func TestParallelSeedsMatchSerial(t *testing.T) {
	c, err := Lookup("paper")
	require.NoError(t, err)
	c.Params.D, c.Params.N, c.Params.NTest, c.Params.Steps = 40, 30, 60, 40
	c.QuickSeeds = 3
	done := 0
	par, err := Run(context.Background(), c, Quick, train.Options{}, func(d, total int) { done = d })
	require.NoError(t, err)
	require.Equal(t, 3, done)
	ser, err := Run(context.Background(), c, Quick, train.Options{Workers: 2}, nil)
	require.NoError(t, err)
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
