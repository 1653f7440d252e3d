// Package train runs one modality-competition experiment: it draws the data,
// initialises the encoders (and a learned head), trains the fused net by the
// case's training method and every uni-modal net from the same initial
// weights, by full-batch gradient descent or the case's optimizer and
// minibatches, records Λ on a log-spaced schedule, and scores every net and
// probe.
//
// Run is the entry point; Prepare splits the same run into tasks, one per
// net, that a scheduler (package queue) can run concurrently with the same
// bits. A training method (joint, ensemble, pretrain, moddrop, ogm-ge,
// gblend, mmpareto) is a value behind the Method interface, one file each
// that registers itself (RegisterMethod), chosen by the case's method
// parameter (NewMethod); a method gets the
// run's Env (data, W(0), the uni-modal nets) and decides the fused net's
// start, steps and objective. Options.OnStep and Options.OnRecord observe
// training without changing a bit of it; MemoryNeeded estimates a run's peak
// memory before anything is allocated.
package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/metrics"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/rng"
)

// Options tunes how a run executes; none of it changes the results.
type Options struct {
	// Workers is the number of goroutines for the kernels; 0 means GOMAXPROCS.
	Workers int
	// Kernels is the kernel implementation every step computes with (the
	// zero value: the fastest available); every one gives the same bits.
	Kernels kernel.Kernels
	// Progress, if not nil, is called after every step of every net with the
	// net's name ("joint", "uni 0", ...), the step just finished and the total.
	Progress func(net string, step, total int)
	// OnStep, if not nil, is called at every step of the fused and the
	// uni-modal nets (not of a method's own phases) with the state before
	// the step's update. It never changes the results; without it no step
	// does any of its work.
	OnStep func(StepInfo)
	// OnRecord, if not nil, is called at every step of the Λ schedule of
	// the fused and the uni-modal nets, before the step's update, and once
	// more after the last step, with the net's accuracies on the training
	// and the test set. It never changes the results.
	OnRecord func(Record)
	// Converge is the step budget of C1 at convergence (0: ConvergeFactor
	// times the case's T; negative: none). A uni-modal net whose training
	// error is not zero at T (or at its stop) takes more steps, up to
	// Converge in all, until it is, and records the first such step in its
	// result's ZeroErrorStep; its weights are then put back as they were, so
	// no other result changes.
	Converge int
}

// Record is the state of a net at one step of the Λ schedule.
type Record struct {
	// Net is "joint" or "uni r"; Step the step (T after the last one).
	Net  string
	Step int
	// Loss is the training loss at the step (the method's objective; at T,
	// the fused cross-entropy).
	Loss float64
	// Lambda[e][j] is Λ of encoder e for class j.
	Lambda [][]float64
	// TrainAccuracy and TestAccuracy are the net's; BranchTrainAccuracy[e]
	// and BranchTestAccuracy[e] those of encoder e's branch alone (its probe).
	TrainAccuracy, TestAccuracy             float64
	BranchTrainAccuracy, BranchTestAccuracy []float64
	// BranchScore[e] is (1/N) Σ_i softmax(F_e(x_i))_{y_i} on the training set.
	BranchScore []float64
}

// StepInfo is the state of a net at one step, before the step's update.
type StepInfo struct {
	// Net is "joint" or "uni r".
	Net string
	// Step is t; Loss is the training loss at W(t), as the method's step
	// computed it (its objective: masked for moddrop, blended for gblend).
	Step int
	Loss float64
	// Lambda[e][j] is Λ of encoder e (modality Mods[e]) for class j at W(t).
	Lambda [][]float64
	// BranchAccuracy[e] is the training accuracy of encoder e's branch alone
	// at W(t). The slices are reused from step to step.
	BranchAccuracy []float64
}

// Error is a failed run: which seed, which net, which step, and why.
type Error struct {
	Seed uint64
	Net  string
	Step int
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("seed %d: %s net: step %d: %v", e.Seed, e.Net, e.Step, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// InitialLossError reports a loss that is not finite at W(0), before any
// step: the learning rate has not acted yet, so the inputs or the initial
// weights are out of float64's range.
type InitialLossError struct {
	Loss float64
}

func (e *InitialLossError) Error() string {
	return fmt.Sprintf("the loss at the initial weights is %v, before any step: the inputs or the initial weights overflow "+
		"(look at spike_scale, a, b, gamma, off_hi, sigma_g and sigma0, not at eta)", e.Loss)
}

// stepError wraps the error of step t of net name: a non-finite loss at
// t = 0 is an *InitialLossError, any other a divergence of the steps.
func stepError(seed uint64, name string, t int, err error) error {
	if de, ok := errors.AsType[*nn.DivergenceError](err); ok && t == 0 {
		err = &InitialLossError{Loss: de.Loss}
	}
	return &Error{Seed: seed, Net: name, Step: t, Err: err}
}

// ConvergeFactor sets the default budget of C1 at convergence
// (Options.Converge): a uni-modal net may take up to ConvergeFactor·T steps
// to reach zero training error.
const ConvergeFactor = 4

// DivergenceFactor bounds the training loss: a loss above DivergenceFactor times
// the initial loss is taken as divergence (a learning rate too large), as is a
// loss that is NaN or ±Inf. Gradient descent on the cross-entropy with a stable
// learning rate never comes near it.
const DivergenceFactor = 1e3

// LossExplodedError reports a finite loss that grew past DivergenceFactor times
// its initial value.
type LossExplodedError struct {
	Loss, Initial float64
}

func (e *LossExplodedError) Error() string {
	return fmt.Sprintf("loss %.4g exceeds %g × the initial loss %.4g (diverged: lower the learning rate eta)",
		e.Loss, DivergenceFactor, e.Initial)
}

// Schedule returns the steps at which Λ is recorded: 0, T and points−2 more,
// log-spaced between 1 and T, without duplicates, in increasing order.
func Schedule(T, points int) []int {
	steps := []int{0}
	for i := 0; i < points-1; i++ {
		s := int(math.Round(exactmath.Pow(float64(T), float64(i)/float64(points-2))))
		if points == 2 {
			s = T
		}
		s = min(max(s, 1), T)
		if s > steps[len(steps)-1] {
			steps = append(steps, s)
		}
	}
	if steps[len(steps)-1] != T {
		steps = append(steps, T)
	}
	return steps
}

// InitialHeads returns a learned head's initial blocks H_r(0), one per
// modality (k×(k·m) each), or nil for the fixed head: the all-ones pattern,
// or i.i.d. N(0, head_sigma²) entries from the seed's head stream, modality
// 0 first, row-major. The uni-modal net of modality r starts from H_r(0).
func InitialHeads(c param.Case, seed uint64) [][]float64 {
	if !c.LearnedHead() {
		return nil
	}
	h := make([][]float64, c.R)
	if c.HeadInit != param.HeadInitRandom {
		for r := range h {
			h[r] = nn.OnesHead(c.K, c.M)
		}
		return h
	}
	src := rng.New(seed, rng.Head)
	for r := range h {
		h[r] = make([]float64, c.K*c.K*c.M)
		for i := range h[r] {
			h[r][i] = c.HeadSigma * rng.Normal(src)
		}
	}
	return h
}

// InitialWeights draws W_r(0) for every modality from the seed's init stream:
// every weight i.i.d. N(0, σ0²), modality 0 first, row-major.
func InitialWeights(c param.Case, seed uint64) [][]float64 {
	src := rng.New(seed, rng.Init)
	w := make([][]float64, c.R)
	for r := range w {
		w[r] = make([]float64, c.K*c.M*c.D)
		for i := range w[r] {
			w[r][i] = c.Sigma0 * rng.Normal(src)
		}
	}
	return w
}

// Run performs one experiment for case c and seed: it trains the fused net
// by the case's method (see Method) and every uni-modal net from the same
// W(0), and scores every net and probe. It returns a *Error naming the net and
// step when training diverges, and ctx.Err() when ctx is cancelled. It runs
// the experiment's tasks one after another on one pool of opt.Workers
// goroutines; Prepare splits the same work into tasks that can run
// concurrently, with the same results.
func Run(ctx context.Context, c param.Case, seed uint64, opt Options) (result.Run, error) {
	x, err := Prepare(ctx, c, seed, opt)
	if err != nil {
		return result.Run{}, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	pool := kernel.NewPool(workers).Use(opt.Kernels)
	defer pool.Close()
	for _, i := range x.Order() {
		if _, err := x.Do(ctx, i, pool); err != nil {
			return result.Run{}, err
		}
	}
	return x.Result(), nil
}

// Env is one run's fixed context, shared by the run and its method: the case,
// the seed, the data, W(0), the Λ schedule, and the trained uni-modal nets.
type Env struct {
	Case     param.Case
	Seed     uint64
	TrainSet *data.Set
	// TestSet is the run's test set (nil in a method's own tests).
	TestSet *data.Set
	// Dist is the run's data source: its features are the directions Λ is
	// measured along.
	Dist data.Source
	// W0[r] is W_r(0), the initial encoder of modality r (k·m×d).
	W0 [][]float64
	// Head0[r] is a learned head's initial block of modality r (nil for the
	// fixed head); see InitialHeads.
	Head0 [][]float64
	// Schedule lists the steps at which Λ and the loss are recorded.
	Schedule []int

	act  act.Func
	pool *kernel.Pool
	opt  Options
	unis []*Trained // [r], filled by the uni-modal tasks (or a method)
	// steps counts the encoder steps this task's descents took (a step of
	// a net with e encoders counts e): the kernel work is StepFlops of it.
	steps int64
}

// Trained is a net trained for the case's T steps, with its record.
type Trained struct {
	Net       *nn.Net
	History   *History
	FinalLoss float64
}

// NewFused returns a late-fusion net over every modality whose encoders are
// copies of w (and, with a learned head, whose head is a copy of Head0).
func (env *Env) NewFused(w [][]float64) *nn.Net {
	c := env.Case
	all := make([]int, c.R)
	for r := range all {
		all[r] = r
	}
	net := nn.New(env.act, c.K, c.M, c.D, all, w)
	if env.Head0 != nil {
		net.SetHead(env.Head0)
	}
	return net
}

// NewUni returns the uni-modal net of modality r with a copy of w as encoder
// (and, with a learned head, a copy of Head0[r] as head).
func (env *Env) NewUni(r int, w []float64) *nn.Net {
	c := env.Case
	net := nn.New(env.act, c.K, c.M, c.D, []int{r}, [][]float64{w})
	if env.Head0 != nil {
		net.SetHead([][]float64{env.Head0[r]})
	}
	return net
}

// newTrainer returns a trainer of net on (x, y) with the case's optimizer
// and head step size.
func (env *Env) newTrainer(net *nn.Net, x [][]float64, y []int) *nn.Trainer {
	c := env.Case
	tr := nn.NewTrainer(net, env.pool, x, y)
	if c.Adam() {
		tr.SetAdam(&nn.Adam{Beta1: c.Beta1, Beta2: c.Beta2, Eps: c.Eps})
	}
	tr.SetHeadRate(c.HeadStep() / c.Eta)
	return tr
}

// Uni returns uni-modal net r trained for T steps from W_r(0) (by the
// case's optimizer, minibatches and head), training it on first use.
func (env *Env) Uni(ctx context.Context, r int) (*Trained, error) {
	if env.unis == nil { // an Env built by hand (Prepare makes the slice)
		env.unis = make([]*Trained, env.Case.R)
	}
	if env.unis[r] != nil {
		return env.unis[r], nil
	}
	net := env.NewUni(r, env.W0[r])
	hist, final, err := env.descend(ctx, fmt.Sprintf("uni %d", r), net, env.TrainSet.X, env.TrainSet.Y, env.Case.Steps, &Joint{}, nn.Objective{}, env.Schedule, env.opt.Converge)
	if err != nil {
		return nil, err
	}
	env.unis[r] = &Trained{Net: net, History: hist, FinalLoss: final}
	return env.unis[r], nil
}

// Train takes steps of method m's Step on net over the run's training set,
// with objective obj, recording nothing.
func (env *Env) Train(ctx context.Context, name string, net *nn.Net, steps int, m Method, obj nn.Objective) error {
	_, _, err := env.descend(ctx, name, net, env.TrainSet.X, env.TrainSet.Y, steps, m, obj, nil, 0)
	return err
}

// converge steps net on from step taken (tr binds it to the full training
// set, scan scans it with tr, step takes one step) until its training error
// is zero, at most to step limit, and returns the first step t with zero
// error at W(t), or −1. It then puts the weights (and a learned head) back
// as they were.
func (env *Env) converge(ctx context.Context, name string, net *nn.Net, tr *nn.Trainer, scan *errorScan,
	step func(t int) (float64, error), taken, limit int) (int, error) {
	saved := make([][]float64, 0, 2*len(net.W))
	for _, w := range net.W {
		saved = append(saved, slices.Clone(w))
	}
	for _, h := range net.Head {
		saved = append(saved, slices.Clone(h))
	}
	defer func() {
		for e, w := range net.W {
			copy(w, saved[e])
		}
		for e, h := range net.Head {
			copy(h, saved[len(net.W)+e])
		}
	}()
	batched := env.Case.Batch > 0
	for t := taken; t < limit; t++ {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		// W(t)'s error: from a pass of its own before an epoch of
		// minibatches, from the step's pass in full batch.
		if batched && t > taken && scan.errorFree() {
			return t, nil
		}
		if _, err := step(t); err != nil {
			return 0, stepError(env.Seed, name, t, err)
		}
		env.steps += int64(len(net.Mods))
		if !batched && t > taken && tr.Misclassified() == 0 {
			return t, nil
		}
	}
	if scan.errorFree() {
		return limit, nil
	}
	return -1, nil
}

// recordOf builds the Record of net at a scheduled step: its accuracies and
// its branches' on the training and the test set.
func (env *Env) recordOf(name string, net *nn.Net, step int, loss float64, hist *History, scores []float64) Record {
	rec := Record{Net: name, Step: step, Loss: loss, Lambda: make([][]float64, len(net.Mods)),
		BranchScore: make([]float64, len(scores))}
	for e := range net.Mods {
		rec.Lambda[e] = make([]float64, env.Case.K)
		for j := range rec.Lambda[e] {
			series := hist.Lambda[e][j]
			rec.Lambda[e][j] = series[len(series)-1]
		}
	}
	for e, s := range scores {
		rec.BranchScore[e] = s / float64(env.TrainSet.N)
	}
	acc := func(n *nn.Net, set *data.Set) float64 {
		if set == nil {
			return math.NaN()
		}
		return 1 - metrics.ErrorRate(n.Predict(env.pool, set.X, set.N), set.Y)
	}
	rec.TrainAccuracy, rec.TestAccuracy = acc(net, env.TrainSet), acc(net, env.TestSet)
	for e := range net.Mods {
		p := net.Probe(e)
		rec.BranchTrainAccuracy = append(rec.BranchTrainAccuracy, acc(p, env.TrainSet))
		rec.BranchTestAccuracy = append(rec.BranchTestAccuracy, acc(p, env.TestSet))
	}
	return rec
}

func actOf(c param.Case) act.Func {
	if c.ReLU() {
		return act.ReLU()
	}
	return act.New(c.Q, c.Rho)
}

func score(modality int, net *nn.Net, pool *kernel.Pool, train, test *data.Set) result.Net {
	return metrics.Score(modality,
		net.Predict(pool, train.X, train.N), train,
		net.Predict(pool, test.X, test.N), test)
}
