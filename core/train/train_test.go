package train

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/internal/testutil"
)

func tinyCase() param.Case {
	c := testutil.SmallCase(testutil.Shape{K: 4, M: 3, D: 60, N: 80, NTest: 200})
	c.Sigma0, c.Eta, c.Steps, c.LambdaPoints = 1e-2, 1, 150, 8
	return c
}

func TestSchedule(t *testing.T) {
	require.Equal(t, []int{0, 1, 10, 100, 1000}, Schedule(1000, 5))
	require.Equal(t, []int{0, 3}, Schedule(3, 2))
	s := Schedule(3000, 40)
	require.Equal(t, 0, s[0])
	require.Equal(t, 3000, s[len(s)-1])
	for i := 1; i < len(s); i++ {
		require.Greater(t, s[i], s[i-1])
	}
	require.Equal(t, []int{0, 1, 2, 3, 4, 5}, Schedule(5, 40), "a short run records every step")
}

// requireSameJSON runs the tiny case once per setting (set up by apply, which
// returns its undo) and requires identical JSON from every run.
func requireSameJSON[T any](t *testing.T, seed uint64, settings []T, apply func(T) (Options, func())) {
	t.Helper()
	var want []byte
	for _, s := range settings {
		opt, undo := apply(s)
		run, err := Run(context.Background(), tinyCase(), seed, opt)
		undo()
		require.NoError(t, err)
		got, err := json.Marshal(run)
		require.NoError(t, err)
		if want == nil {
			want = got
			continue
		}
		require.Equalf(t, string(want), string(got), "setting %v changed the results", s)
	}
}

// TestSameBitsForAnyGOMAXPROCS runs one case under GOMAXPROCS 1, 2 and 4 and
// requires identical JSON.
func TestSameBitsForAnyGOMAXPROCS(t *testing.T) {
	requireSameJSON(t, 3, []int{1, 2, 4}, func(procs int) (Options, func()) {
		prev := runtime.GOMAXPROCS(procs)
		return Options{}, func() { runtime.GOMAXPROCS(prev) }
	})
}

func TestRunLearnsAndRecords(t *testing.T) {
	c := tinyCase()
	run, err := Run(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	require.Len(t, run.Uni, c.R)
	require.Len(t, run.Probe, c.R)
	require.Equal(t, Schedule(c.Steps, c.LambdaPoints), run.Lambda.Steps)
	require.Len(t, run.Lambda.Joint, c.R)
	require.Len(t, run.Lambda.Joint[0], c.K)
	require.Len(t, run.Lambda.Joint[0][0], len(run.Lambda.Steps))
	require.Len(t, run.Lambda.JointLoss, len(run.Lambda.Steps))
	require.Less(t, run.Lambda.JointLoss[len(run.Lambda.JointLoss)-1], run.Lambda.JointLoss[0], "training lowers the loss")
	require.Less(t, run.Joint.TrainError, 0.5, "an easy case is mostly learned")
	require.Equal(t, run.Lambda.JointLoss[len(run.Lambda.JointLoss)-1], run.Joint.FinalLoss)
	// The uni-modal nets start from the joint net's initial encoders.
	for r := range run.Uni {
		require.Equal(t, run.Lambda.Joint[r][0][0], run.Lambda.Uni[r][0][0])
	}
}

func TestDivergenceNamesSeedNetAndStep(t *testing.T) {
	c := tinyCase()
	c.Eta = 1e200
	_, err := Run(context.Background(), c, 4, Options{})
	var te *Error
	require.ErrorAs(t, err, &te)
	var le *LossExplodedError
	require.ErrorAs(t, err, &le)
	require.Equal(t, uint64(4), te.Seed)
	require.Equal(t, "joint", te.Net)
	require.Equal(t, 1, te.Step)
	require.Regexp(t, `^seed 4: joint net: step 1: loss \S+ exceeds 1000 × the initial loss \S+ \(diverged: lower the learning rate eta\)$`, err.Error())
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, tinyCase(), 1, Options{})
	require.True(t, errors.Is(err, context.Canceled))
}

// TestSameBitsOnEveryKernelPath runs one case on every kernel path of this build
// (generic, and AVX2/AVX-512 with GOEXPERIMENT=simd) and requires identical JSON.
func TestSameBitsOnEveryKernelPath(t *testing.T) {
	requireSameJSON(t, 5, kernel.Paths(), func(path string) (Options, func()) {
		k, err := kernel.Select(path)
		require.NoError(t, err)
		return Options{Kernels: k}, func() {}
	})
}

// TestInitialLossOverflow: a loss that is not finite at W(0), before any
// step, is blamed on the inputs or the initial weights, not on eta.
func TestInitialLossOverflow(t *testing.T) {
	c := tinyCase()
	c.Sigma0 = 1e307 // W(0)·x overflows; at 1e300 the loss is a finite 1e301
	_, err := Run(context.Background(), c, 1, Options{})
	var initial *InitialLossError
	require.ErrorAs(t, err, &initial)
	require.ErrorContains(t, err, "step 0: the loss at the initial weights is")
	require.ErrorContains(t, err, "not at eta")
}
