package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/testutil"
)

// tiny returns the default case shrunk to run in milliseconds, with a method.
func tiny(t *testing.T, settings ...string) param.Case {
	t.Helper()
	c := testutil.SmallCase(testutil.Shape{D: 40, N: 30, NTest: 60})
	c.Steps, c.LambdaPoints = 40, 6
	require.NoError(t, c.SetAll(settings))
	require.NoError(t, c.Validate())
	return c
}

// marshal encodes a run for a bitwise comparison (NaN as a string).
func marshal(t *testing.T, r result.Run) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil { // NaN in a field: compare by the %v form, which keeps every bit of a float64
		return fmt.Sprintf("%v", r)
	}
	return string(b)
}

// TestExecuteMatchesRun requires the queue's runs to be bit for bit those of
// train.Run, for methods whose fused net waits for the uni-modal nets
// (ensemble) or trains phases of its own (pretrain, gblend), on 1 to 3
// workers and with one experiment open at a time.
func TestExecuteMatchesRun(t *testing.T) {
	var jobs []Job
	for i, s := range [][]string{nil, {"method=ensemble"}, {"method=pretrain", "pre_steps=10"}, {"method=gblend"}, {"r=3", "mu=0.1,0.2,0.3", "a=1,1,1", "b=1.5,1.5,1.5"}} {
		jobs = append(jobs, Job{Params: tiny(t, s...), Seed: uint64(i + 1)})
	}
	want := make([]string, len(jobs))
	for i, j := range jobs {
		run, err := train.Run(context.Background(), j.Params, j.Seed, train.Options{Workers: 1})
		require.NoError(t, err)
		want[i] = marshal(t, run)
	}
	for _, opt := range []Options{{Workers: 1}, {Workers: 2}, {Workers: 3}, {Workers: 3, Open: 1}} {
		var costs []Cost
		var done int
		opt.OnTask = func(c Cost) { costs = append(costs, c) }
		opt.OnDone = func(int, result.Run) error { done++; return nil }
		runs, err := Execute(context.Background(), jobs, opt)
		require.NoError(t, err)
		require.Len(t, runs, len(jobs))
		for i := range jobs {
			require.Equal(t, want[i], marshal(t, runs[i]), "job %d, workers %d, open %d", i, opt.Workers, opt.Open)
		}
		require.Equal(t, len(jobs), done)
		require.Len(t, costs, 3+3+3+3+4)
		for _, c := range costs {
			// The planned steps are a floor here (no stopping rule); the
			// uni-modal nets may train on to zero error.
			require.GreaterOrEqual(t, c.Done, c.Flops, "%+v", c)
			require.Positive(t, c.Seconds)
		}
	}
}

// TestExecuteStopsOnError runs a diverging job among good ones: the queue
// returns its *JobError, naming the job.
func TestExecuteStopsOnError(t *testing.T) {
	jobs := []Job{{Params: tiny(t), Seed: 1}, {Params: tiny(t, "eta=1e200"), Seed: 2}, {Params: tiny(t), Seed: 3}}
	_, err := Execute(context.Background(), jobs, Options{Workers: 2})
	var je *JobError
	require.ErrorAs(t, err, &je)
	require.Equal(t, 1, je.Job)
	var te *train.Error
	require.ErrorAs(t, err, &te, "the run's own error is kept")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Execute(ctx, jobs, Options{Workers: 2})
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

// TestSimulateLongestFirst checks the policy on costs with known schedules:
// longest first on two workers puts 3,3 | 2,2 | 2 (makespan 7, where 6 is
// optimal: longest first is not optimal, within 4/3 of it), and a task waits
// for its After tasks.
func TestSimulateLongestFirst(t *testing.T) {
	job := func(flops ...float64) []train.Task {
		var ts []train.Task
		for _, f := range flops {
			ts = append(ts, train.Task{Flops: f})
		}
		return ts
	}
	tasks := [][]train.Task{job(2), job(3), job(2), job(3), job(2)}
	secs := [][]float64{{2}, {3}, {2}, {3}, {2}}
	got, err := Simulate(tasks, secs, 2, 0)
	require.NoError(t, err)
	require.Equal(t, 7.0, got)
	got, err = Simulate(tasks, secs, 1, 0)
	require.NoError(t, err)
	require.Equal(t, 12.0, got)
	got, err = Simulate(tasks, secs, 5, 0)
	require.NoError(t, err)
	require.Equal(t, 3.0, got)

	// An ensemble-like job: task 0 (no flops) after tasks 1 and 2.
	ens := job(0, 4, 4)
	ens[0].After = []int{1, 2}
	got, err = Simulate([][]train.Task{ens}, [][]float64{{1, 4, 4}}, 2, 0)
	require.NoError(t, err)
	require.Equal(t, 5.0, got)

	// One experiment open at a time serialises the jobs.
	got, err = Simulate([][]train.Task{job(1, 1), job(1, 1)}, [][]float64{{1, 1}, {1, 1}}, 4, 1)
	require.NoError(t, err)
	require.Equal(t, 2.0, got)

	cyc := job(1, 1)
	cyc[0].After, cyc[1].After = []int{1}, []int{0}
	_, err = Simulate([][]train.Task{cyc}, [][]float64{{1, 1}}, 2, 0)
	require.ErrorContains(t, err, "never start")
	_, err = Simulate(tasks, secs, 0, 0)
	require.Error(t, err)
}
