package train

import (
	"context"
	"fmt"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/metrics"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/core/theory"
)

// Experiment is one run of a case and a seed, split into tasks that can run
// on different goroutines: once the data and W(0) are drawn (Prepare), the
// fused net and each uni-modal net train independently (they share nothing
// but their read-only inputs), so a scheduler can run the nets of many runs in
// one queue. The results do not depend on the order of the tasks, on which
// goroutine runs them or on the pools they get: Result is bit for bit what Run
// returns.
type Experiment struct {
	env    *Env
	method Method
	tasks  []Task
	out    result.Run
}

// Task is one net of an experiment.
type Task struct {
	// Net names the net: "joint" (the fused net by the case's method, with
	// a method's own phases and the probes) or "uni r".
	Net string
	// Flops estimates the task's kernel work: StepFlops of the steps it
	// plans (a uni-modal net that trains on to zero error takes more, a net
	// the case's stopping rule stops takes fewer).
	Flops float64
	// After lists the tasks (indices into Tasks) that must finish before
	// this one starts: an ensemble's fused net is its uni-modal nets.
	After []int
}

// JointTask is the index of the fused net's task in Tasks; uni-modal net r
// is task UniTask(r).
const JointTask = 0

// UniTask is the index of uni-modal net r's task in Tasks.
func UniTask(r int) int { return 1 + r }

// StepFlops is the kernel work of one step of a net with the given number of
// encoders: per encoder, the forward product X·Wᵀ and the backward Gᵀ·X,
// 2·N·d·k·m floating-point operations each. The activations, the softmax and
// the update add O(N·k·m) per encoder, which it leaves out.
func StepFlops(c param.Case, encoders int) float64 {
	return 4 * float64(c.N) * float64(c.D) * float64(c.K) * float64(c.M) * float64(encoders)
}

// Prepare draws an experiment's data, W(0) and (with a learned head) H(0) and
// returns it ready to run its tasks. opt.Workers is ignored: each task runs
// on the pool Do is given.
func Prepare(ctx context.Context, c param.Case, seed uint64, opt Options) (*Experiment, error) {
	method, err := NewMethod(c)
	if err != nil {
		return nil, err
	}
	dist, err := data.Open(ctx, c, seed)
	if err != nil {
		return nil, err
	}
	trainSet, err := dist.Sample(ctx, c.N, seed, rng.Train)
	if err != nil {
		return nil, err
	}
	testSet, err := dist.Sample(ctx, c.NTest, seed, rng.Test)
	if err != nil {
		return nil, err
	}
	if opt.Converge == 0 {
		opt.Converge = ConvergeFactor * c.Steps
	}
	env := &Env{Case: c, Seed: seed, TrainSet: trainSet, TestSet: testSet, Dist: dist, W0: InitialWeights(c, seed),
		Head0: InitialHeads(c, seed), Schedule: Schedule(c.Steps, c.LambdaPoints), act: actOf(c), opt: opt,
		unis: make([]*Trained, c.R)}
	x := &Experiment{env: env, method: method}
	x.out = result.Run{Seed: seed, Uni: make([]result.Net, c.R), Probe: make([]result.Net, c.R)}
	x.out.Lambda.Steps = env.Schedule
	x.out.Lambda.Uni = make([][][]float64, c.R)

	x.tasks = TasksOf(c)
	return x, nil
}

// TasksOf lists the tasks of an experiment of c, as Prepare will split it,
// without drawing anything: what a scheduler orders by.
func TasksOf(c param.Case) []Task {
	uni := float64(c.Steps) * StepFlops(c, 1)
	_, joint := fusedCost(c)
	_, waits := methodOf(c).(UniWaiter)
	tasks := []Task{{Net: "joint", Flops: joint}}
	for r := 0; r < c.R; r++ {
		tasks = append(tasks, Task{Net: fmt.Sprintf("uni %d", r), Flops: uni})
		if waits {
			tasks[JointTask].After = append(tasks[JointTask].After, UniTask(r))
		}
	}
	return tasks
}

// Tasks lists the experiment's tasks: the fused net first (JointTask), then
// the uni-modal nets (UniTask).
func (x *Experiment) Tasks() []Task { return x.tasks }

// Order returns the task indices in the order Run takes them: the fused net
// first, unless it waits for the uni-modal nets.
func (x *Experiment) Order() []int {
	var order []int
	if len(x.tasks[JointTask].After) == 0 {
		order = append(order, JointTask)
	}
	for r := 0; r < x.env.Case.R; r++ {
		order = append(order, UniTask(r))
	}
	if len(x.tasks[JointTask].After) != 0 {
		order = append(order, JointTask)
	}
	return order
}

// Do runs task i on pool and returns the number of encoder steps it took
// (StepFlops(c, 1) each). Different tasks of one experiment may run at the
// same time on different goroutines and pools, once their After tasks have
// finished; each task runs once.
func (x *Experiment) Do(ctx context.Context, i int, pool *kernel.Pool) (steps int64, err error) {
	env := *x.env // the task's own pool and step count; unis is shared
	env.pool, env.steps = pool, 0
	if i == JointTask {
		err = x.joint(ctx, &env)
	} else {
		err = x.uni(ctx, &env, i-1)
	}
	return env.steps, err
}

// joint trains the fused net by the case's method and scores it and its
// probes.
func (x *Experiment) joint(ctx context.Context, env *Env) error {
	c, trainSet, testSet, pool := env.Case, env.TrainSet, env.TestSet, env.pool
	plan, err := x.method.Init(ctx, env)
	if err != nil {
		return err
	}
	fused, hist := plan.Start, plan.History
	var final float64
	if plan.Steps > 0 || hist == nil {
		if plan.Steps != c.Steps {
			return fmt.Errorf("method %s planned %d joint steps, the schedule has %d", c.MethodName(), plan.Steps, c.Steps)
		}
		hist, final, err = env.descend(ctx, "joint", fused, trainSet.X, trainSet.Y, plan.Steps, x.method, plan.Objective, env.Schedule, 0)
		if err != nil {
			return err
		}
	} else {
		final = nn.NewTrainer(fused, pool, trainSet.X, trainSet.Y).LossGrad()
		hist.Loss[len(hist.Loss)-1] = final
		hist.Steps, hist.ZeroErrorStep = 0, -1 // not trained as one net
	}
	out := &x.out
	out.Lambda.Joint, out.Lambda.JointLoss, out.Lambda.BranchScore = hist.Lambda, hist.Loss, hist.BranchScore
	out.Joint = score(-1, fused, pool, trainSet, testSet)
	out.Joint.FinalLoss = final
	out.Joint.Steps, out.Joint.ZeroErrorStep = hist.Steps, hist.ZeroErrorStep
	out.BlendWeights, out.BlendGain, out.BlendOverfit = plan.BlendWeights, plan.BlendGain, plan.BlendOverfit
	out.HeadMass = fused.HeadMass()
	for r := 0; r < c.R; r++ {
		probe := score(r, fused.Probe(r), pool, trainSet, testSet)
		probe.ZeroErrorStep = -1 // not trained on its own
		out.Probe[r] = probe
	}
	return nil
}

// uni trains uni-modal net r (unless a method has) and scores it.
func (x *Experiment) uni(ctx context.Context, env *Env, r int) error {
	u, err := env.Uni(ctx, r)
	if err != nil {
		return err
	}
	x.out.Lambda.Uni[r] = u.History.Lambda[0]
	s := score(r, u.Net, env.pool, env.TrainSet, env.TestSet)
	s.FinalLoss = u.FinalLoss
	s.Steps, s.ZeroErrorStep = u.History.Steps, u.History.ZeroErrorStep
	x.out.Uni[r] = s
	return nil
}

// Result returns the run once every task has finished: the nets' scores, Λ,
// the winners and the theory's predictions.
func (x *Experiment) Result() result.Run {
	env, c, out := x.env, x.env.Case, x.out
	final := out.Lambda.Final()
	out.Learned = metrics.Learned(final, c.Rho, c.Kappa)
	out.Winner = metrics.Winners(final, out.Learned)
	out.Gamma = env.TrainSet.Gamma(c.Q)
	out.PredictedWinner = metrics.PredictedWinners(out.Gamma, out.Lambda.Initial(), c.Q)
	out.GammaFinite = theory.FiniteGamma(env.TrainSet.Projections(env.Dist), c.Q)
	out.PredictedWinnerFinite = metrics.PredictedWinners(out.GammaFinite, out.Lambda.Initial(), c.Q)
	return out
}
