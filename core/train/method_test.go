package train

import (
	"context"
	"encoding/json"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// withMethod returns the tiny case trained by method, with the given settings.
func withMethod(method string, set func(*param.Case)) param.Case {
	c := tinyCase()
	c.Method = method
	if set != nil {
		set(&c)
	}
	return c
}

// methodCases are one tiny case per method, with a setting that makes it
// differ from joint training.
func methodCases() map[string]param.Case {
	return map[string]param.Case{
		param.MethodJoint:    withMethod(param.MethodJoint, nil),
		param.MethodEnsemble: withMethod(param.MethodEnsemble, nil),
		param.MethodPretrain: withMethod(param.MethodPretrain, func(c *param.Case) { c.PreSteps = 40 }),
		param.MethodModDrop:  withMethod(param.MethodModDrop, func(c *param.Case) { c.PDrop = 0.3 }),
		param.MethodOGMGE:    withMethod(param.MethodOGMGE, func(c *param.Case) { c.Alpha = 0.5 }),
		param.MethodGBlend:   withMethod(param.MethodGBlend, func(c *param.Case) { c.BlendTrial = 30 }),
		param.MethodMMPareto: withMethod(param.MethodMMPareto, nil),
		MethodAGM:            withMethod(MethodAGM, func(c *param.Case) { c.Settings = map[string]float64{"agm.alpha": 0.5} }),
		MethodPMR:            withMethod(MethodPMR, nil),
	}
}

func runJSON(t *testing.T, c param.Case, seed uint64, opt Options) string {
	t.Helper()
	run, err := Run(context.Background(), c, seed, opt)
	require.NoError(t, err)
	js, err := json.Marshal(run)
	require.NoError(t, err)
	return string(js)
}

// TestMethodsAreReproducible runs every method under GOMAXPROCS 1 and 4 and on
// every kernel path: the same bits each time.
func TestMethodsAreReproducible(t *testing.T) {
	for name, c := range methodCases() {
		t.Run(name, func(t *testing.T) { requireReproducible(t, c) })
	}
}

// requireReproducible runs seed 2 of c under GOMAXPROCS 1 and 4 and on every
// kernel path with three workers, and requires the same JSON each time.
func requireReproducible(t *testing.T, c param.Case) {
	t.Helper()
	want := runJSON(t, c, 2, Options{})
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		got := runJSON(t, c, 2, Options{})
		runtime.GOMAXPROCS(prev)
		require.Equal(t, want, got, "GOMAXPROCS %d", procs)
	}
	for _, path := range kernel.Paths() {
		k, err := kernel.Select(path)
		require.NoError(t, err)
		got := runJSON(t, c, 2, Options{Workers: 3, Kernels: k})
		require.Equal(t, want, got, "kernel path %s", path)
	}
}

// TestMethodsThatReduceToJoint: modality dropout that drops nothing is joint
// training, bit for bit (pretrain without pre-training is refused by
// param.Validate, so no pretrain run can silently be joint training); a hook
// changes nothing either.
func TestMethodsThatReduceToJoint(t *testing.T) {
	joint := runJSON(t, tinyCase(), 3, Options{})
	require.Equal(t, joint, runJSON(t, withMethod(param.MethodModDrop, nil), 3, Options{}))
	calls := 0
	require.Equal(t, joint, runJSON(t, tinyCase(), 3, Options{OnStep: func(StepInfo) { calls++ }}))
	require.Equal(t, 3*tinyCase().Steps, calls, "the hook sees every step of the fused and the two uni-modal nets")
}

// TestEnsembleIsTheUniModalNets: the ensemble's encoders are the uni-modal
// nets, so its probes score exactly as they do and its Λ curves are theirs.
func TestEnsembleIsTheUniModalNets(t *testing.T) {
	c := withMethod(param.MethodEnsemble, nil)
	run, err := Run(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	for r := range run.Uni {
		require.Equal(t, run.Uni[r].TestError, run.Probe[r].TestError)
		require.Equal(t, run.Uni[r].TrainError, run.Probe[r].TrainError)
		require.Equal(t, run.Lambda.Uni[r], run.Lambda.Joint[r])
	}
	require.Equal(t, run.Joint.FinalLoss, run.Lambda.JointLoss[len(run.Lambda.JointLoss)-1])
}

// TestHookSeesTheRecordedState: at the scheduled steps the hook's Λ equals the
// recorded Λ, and its loss the recorded loss.
func TestHookSeesTheRecordedState(t *testing.T) {
	c := tinyCase()
	seen := map[int]StepInfo{}
	run, err := Run(context.Background(), c, 1, Options{OnStep: func(s StepInfo) {
		if s.Net == "joint" {
			cp := s
			cp.Lambda = [][]float64{append([]float64(nil), s.Lambda[0]...), append([]float64(nil), s.Lambda[1]...)}
			cp.BranchAccuracy = append([]float64(nil), s.BranchAccuracy...)
			seen[s.Step] = cp
		}
	}})
	require.NoError(t, err)
	for p, step := range run.Lambda.Steps[:len(run.Lambda.Steps)-1] {
		s := seen[step]
		require.Equal(t, run.Lambda.JointLoss[p], s.Loss)
		for r := range s.Lambda {
			for j := range s.Lambda[r] {
				require.Equal(t, run.Lambda.Joint[r][j][p], s.Lambda[r][j])
			}
		}
		require.Len(t, s.BranchAccuracy, 2)
	}
}

// TestModDropNeverDropsEverything draws many masks and checks that every
// sample keeps a branch and that a branch is dropped about as often as the
// conditional law says: p(1 − p)/(1 − p²) = p/(1 + p) for two modalities.
func TestModDropNeverDropsEverything(t *testing.T) {
	c := withMethod(param.MethodModDrop, func(c *param.Case) { c.PDrop = 0.6 })
	env := &Env{Case: c, Seed: 5, W0: InitialWeights(c, 5)}
	env.act = actOf(c)
	m := &ModDrop{PDrop: 0.6}
	plan, err := m.Init(context.Background(), env)
	require.NoError(t, err)
	require.NotNil(t, plan.Objective.Mask)
	dropped, total := 0, 0
	for range 200 {
		m.drawMask()
		for i := range m.mask[0] {
			require.Positive(t, m.mask[0][i]+m.mask[1][i], "sample %d keeps a branch", i)
			for r := range m.mask {
				total++
				if m.mask[r][i] == 0 {
					dropped++
				}
			}
		}
	}
	require.InDelta(t, 0.6/1.6, float64(dropped)/float64(total), 0.01)
}

// TestModDropConditionalLaw: the direct conditional draw that takes over from
// rejection gives each mask of three modalities its probability under the
// independent law conditioned on keeping a branch, p^dropped (1 − p)^kept /
// (1 − p³), within 5 standard errors over 300 000 draws of a fixed seed.
func TestModDropConditionalLaw(t *testing.T) {
	const p, draws = 0.7, 300_000
	m := &ModDrop{PDrop: p, src: rng.New(11, rng.ModDrop), mask: [][]float64{{0}, {0}, {0}}}
	counts := map[[3]float64]int{}
	for range draws {
		m.drawConditional(0)
		counts[[3]float64{m.mask[0][0], m.mask[1][0], m.mask[2][0]}]++
	}
	require.Zero(t, counts[[3]float64{}], "never every branch dropped")
	require.Len(t, counts, 7)
	for mask, n := range counts {
		kept := int(mask[0] + mask[1] + mask[2])
		want := math.Pow(p, float64(3-kept)) * math.Pow(1-p, float64(kept)) / (1 - p*p*p)
		se := math.Sqrt(want * (1 - want) / draws)
		require.InDelta(t, want, float64(n)/draws, 5*se, "mask %v", mask)
	}
}

// TestModDropNearOneIsBounded: at p_drop = 1 − 1e-10 rejection alone would
// need about 5·10⁹ draws a sample; the mask is drawn in bounded time all the
// same, every sample keeps exactly one branch (both are kept with
// probability about 1e-10), each about half the time.
func TestModDropNearOneIsBounded(t *testing.T) {
	const n = 20_000
	m := &ModDrop{PDrop: 0.9999999999, src: rng.New(3, rng.ModDrop), mask: [][]float64{make([]float64, n), make([]float64, n)}}
	m.drawMask()
	first := 0
	for i := range n {
		require.Equal(t, 1.0, m.mask[0][i]+m.mask[1][i], "sample %d keeps one branch", i)
		first += int(m.mask[0][i])
	}
	require.InDelta(t, 0.5, float64(first)/n, 5*math.Sqrt(0.25/n))
}

// TestOGMGECoefficient checks k_r against the published definition (Eq. 10,
// 1 − tanh(α·ρ) for the dominant modality) on known scores, and against a
// value computed by hand: α = 0.5, ρ = 1.5 gives 1 − tanh(0.75) = 0.365.
func TestOGMGECoefficient(t *testing.T) {
	m := &OGMGE{Alpha: 0.5}
	scale := make([]float64, 2)
	m.coefficients([]float64{15, 10}, scale)
	require.InDelta(t, 0.365, scale[0], 0.0005, "α = 0.5, ρ = 1.5")
	require.Equal(t, 1.0, scale[1])
	m.coefficients([]float64{30, 10}, scale)
	require.Equal(t, 1-math.Tanh(0.5*3), scale[0], "the dominant modality is slowed")
	require.Equal(t, 1.0, scale[1], "the other is not")
	m.coefficients([]float64{10, 10}, scale)
	require.Equal(t, []float64{1, 1}, scale)
	m.Alpha = 0
	m.coefficients([]float64{30, 10}, scale)
	require.Equal(t, []float64{1, 1}, scale, "α = 0 modulates nothing")
	require.InDelta(t, math.Sqrt(2.5), sampleStd([]float64{1, 2, 3, 4, 5}), 1e-15)
}

// TestGBlendWeights: the weights are a distribution over the fused net and
// each branch, and the run reports them.
func TestGBlendWeights(t *testing.T) {
	c := methodCases()[param.MethodGBlend]
	run, err := Run(context.Background(), c, 1, Options{})
	require.NoError(t, err)
	require.Len(t, run.BlendWeights, c.R+1)
	sum := 0.0
	for _, w := range run.BlendWeights {
		require.GreaterOrEqual(t, w, 0.0)
		sum += w
	}
	require.InDelta(t, 1, sum, 1e-12)
}

func TestStepsPerRun(t *testing.T) {
	c := tinyCase()
	require.Equal(t, int64(3*c.Steps), StepsPerRun(c))
	require.Equal(t, int64(2*c.Steps), StepsPerRun(withMethod(param.MethodEnsemble, nil)))
	require.Equal(t, int64(3*c.Steps+2*40), StepsPerRun(methodCases()[param.MethodPretrain]))
	require.Equal(t, int64(3*c.Steps+3*30), StepsPerRun(methodCases()[param.MethodGBlend]))
}

// TestRecordsAtTheSchedule: OnRecord sees every scheduled step of every net,
// and at T its accuracies and branch scores are the run's.
func TestRecordsAtTheSchedule(t *testing.T) {
	c := tinyCase()
	var last Record
	count := map[string]int{}
	run, err := Run(context.Background(), c, 2, Options{OnRecord: func(r Record) {
		count[r.Net]++
		if r.Net == "joint" {
			last = r
		}
	}})
	require.NoError(t, err)
	require.Equal(t, runJSON(t, c, 2, Options{}), func() string { js, _ := json.Marshal(run); return string(js) }(), "recording changes nothing")
	points := len(run.Lambda.Steps)
	require.Equal(t, map[string]int{"joint": points, "uni 0": points, "uni 1": points}, count)
	require.Equal(t, c.Steps, last.Step)
	require.Equal(t, run.Joint.FinalLoss, last.Loss)
	require.Equal(t, 1-run.Joint.TestError, last.TestAccuracy)
	require.Equal(t, 1-run.Joint.TrainError, last.TrainAccuracy)
	for e := range run.Probe {
		require.Equal(t, 1-run.Probe[e].TestError, last.BranchTestAccuracy[e])
		require.Equal(t, run.Lambda.BranchScore[e][points-1], last.BranchScore[e])
		require.Len(t, run.Lambda.BranchScore[e], points)
		require.Equal(t, run.Lambda.Final()[e], last.Lambda[e])
	}
}

// TestBatchRateConventions: with batch_rate=batch every minibatch step is η,
// so an epoch of batches half the training set takes the steps that the
// default convention (η·|batch|/N a batch) takes at 2η, bit for bit (the
// factors are powers of two, so both products are exact).
func TestBatchRateConventions(t *testing.T) {
	c := tinyCase()
	c.Batch = c.N / 2
	epoch := c
	epoch.Eta = 2 * c.Eta
	perBatch := c
	perBatch.BatchRate = param.BatchRateBatch
	require.NoError(t, perBatch.Validate())
	require.Equal(t, runJSON(t, epoch, 2, Options{}), runJSON(t, perBatch, 2, Options{}))
	require.NotEqual(t, runJSON(t, c, 2, Options{}), runJSON(t, perBatch, 2, Options{}), "the conventions differ at the same η")
	require.Equal(t, 0.125, c.BatchStep(0.5, 25, 100))
	require.Equal(t, 0.5, perBatch.BatchStep(0.5, 25, 100))
}

// TestEveryMethodIsRegistered: the methods param.Validate accepts are the
// ones registered here, each building a method of its own.
func TestEveryMethodIsRegistered(t *testing.T) {
	require.ElementsMatch(t, param.MethodNames(), RegisteredMethods())
	for _, name := range param.MethodNames() {
		c := tinyCase()
		c.Method = name
		m, err := NewMethod(c)
		require.NoError(t, err, name)
		require.NotNil(t, m, name)
	}
	c := tinyCase()
	c.Method = "no-such-method"
	_, err := NewMethod(c)
	require.ErrorContains(t, err, "unknown")
}

// TestInitialGradientScale: the root mean square of the fused gradient at
// W(0) is the one a trainer computes; and with every pre-activation in the
// smoothed ReLU's cubic piece (q = 3), σ'(u) ∝ u², so doubling σ0 (and with it
// W(0)) multiplies the gradient by four.
func TestInitialGradientScale(t *testing.T) {
	c := tinyCase()
	c.Sigma0 = 1e-6
	got, err := InitialGradientScale(context.Background(), c, 2, kernel.Kernels{})
	require.NoError(t, err)
	x, err := Prepare(context.Background(), c, 2, Options{})
	require.NoError(t, err)
	pool := kernel.NewPool(1)
	defer pool.Close()
	tr := nn.NewTrainer(x.env.NewFused(x.env.W0), pool, x.env.TrainSet.X, x.env.TrainSet.Y)
	tr.LossGrad()
	sum, n := 0.0, 0
	for e := 0; e < c.R; e++ {
		for _, g := range tr.Grad(e) {
			sum, n = sum+g*g, n+1
		}
	}
	require.Equal(t, math.Sqrt(sum/float64(n)), got)
	c.Sigma0 *= 2
	doubled, err := InitialGradientScale(context.Background(), c, 2, kernel.Kernels{})
	require.NoError(t, err)
	require.InEpsilon(t, 4, doubled/got, 1e-3)
}
