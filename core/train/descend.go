package train

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/nn"
)

// PlainStepper is a Method's optional capability: its Step is one plain step
// of the trainer (tr.Step(eta)). A run whose stopping rule has just scored
// W(t) on the same trainer then takes the step from that pass
// (nn.Trainer.StepAfterLoss), with the same bits and one pass fewer.
type PlainStepper interface {
	Method
	PlainStep()
}

// descend takes steps of m on net over (x, y). With a schedule it records Λ
// of each encoder at the scheduled steps, indexed [encoder][class][point],
// the loss there and the first step with zero training error, calls the step
// hook and applies the case's stopping rule; it returns the record and the
// fused cross-entropy after the last step (the record's point T holds it
// too). A net stopped early keeps its weights for the rest of the schedule.
// With converge above the steps taken and the training error not yet zero,
// it steps on to find the first zero-error step (at most converge steps in
// all) and then restores the weights. Every step checks for cancellation
// and divergence.
//
// The work splits in two: a stepper takes the steps (full batch or an epoch
// of minibatches) and scores W(t) where needed; a recorder keeps the
// schedule's record and calls the hooks. descend runs the loop between them
// and applies the stopping rule.
func (env *Env) descend(ctx context.Context, name string, net *nn.Net, x [][]float64, y []int, steps int,
	m Method, obj nn.Objective, schedule []int, converge int) (*History, float64, error) {
	c := env.Case
	rec := env.newRecorder(name, net, x, y, schedule)
	if rec.hook {
		obj.Branches = true
	}
	st := env.newStepper(net, x, y, m, obj, schedule != nil, rec.hook)
	zeroStep, taken := -1, steps
	initial := math.NaN()
	for t := 0; t < steps; t++ {
		if ctx.Err() != nil { // checked every step, so a cancelled run stops within one step
			return nil, 0, ctx.Err()
		}
		scheduled := rec.scheduled(t)
		atStart, errorFree := st.scoreStart(scheduled, &zeroStep, t)
		if errorFree && st.stopRule && (c.UntilLoss == 0 || atStart < c.UntilLoss) {
			taken = t
			break
		}
		rec.before(t, scheduled, atStart, st)
		loss, err := st.take(t)
		if err != nil {
			return nil, 0, stepError(env.Seed, name, t, err)
		}
		env.steps += int64(len(net.Mods))
		if t == 0 {
			initial = loss
		}
		if loss > DivergenceFactor*initial {
			return nil, 0, &Error{Seed: env.Seed, Net: name, Step: t, Err: &LossExplodedError{Loss: loss, Initial: initial}}
		}
		if st.track && !st.ownPass && zeroStep < 0 && st.tr.Misclassified() == 0 {
			zeroStep = t
		}
		if st.batched {
			loss = atStart
		}
		rec.after(t, scheduled, loss, st.tr)
		if env.opt.Progress != nil {
			env.opt.Progress(name, t+1, steps)
		}
	}
	return env.finishDescent(ctx, name, net, x, y, st, rec, steps, taken, zeroStep, converge)
}

// finishDescent scores the net after its last step, fills the rest of the
// schedule (a net stopped early keeps W(taken)) and, when asked, finds the
// first zero-error step past the steps taken.
func (env *Env) finishDescent(ctx context.Context, name string, net *nn.Net, x [][]float64, y []int, st *stepper, rec *recorder,
	steps, taken, zeroStep, converge int) (*History, float64, error) {
	st.tr.SetObjective(nn.Objective{})
	final := st.tr.LossGrad()
	if math.IsNaN(final) || math.IsInf(final, 0) {
		return nil, 0, &Error{Seed: env.Seed, Net: name, Step: taken, Err: &nn.DivergenceError{Loss: final}}
	}
	if rec.hist == nil {
		return nil, final, nil
	}
	if zeroStep < 0 && st.tr.Misclassified() == 0 {
		zeroStep = taken
	}
	hist := rec.fill(steps, final)
	hist.Steps, hist.ZeroErrorStep = taken, zeroStep
	if zeroStep < 0 && converge > taken {
		z, err := env.converge(ctx, name, net, st.tr, newErrorScan(st.tr, x, y, env.Case.D), st.step, taken, converge)
		if err != nil {
			return nil, 0, err
		}
		hist.ZeroErrorStep = z
	}
	return hist, final, nil
}

// stepper takes a net's steps over (x, y) and scores W(t) where the run
// needs it.
type stepper struct {
	// tr steps the net on the whole set, or, with minibatches, only scores
	// it there (the loss at W(t), the final gradient); a minibatch trainer
	// of its own then takes the steps and holds the optimizer's state.
	tr   *nn.Trainer
	step func(t int) (float64, error)
	// check scores W(t) on the whole set when the step's own pass does not
	// (an epoch of minibatches, a dropout mask); scan, when set, only asks
	// whether the training error is zero, in blocks that stop at the first
	// error.
	check *nn.Trainer
	scan  *errorScan
	// track: the run records (a schedule); stopRule: the case's stopping
	// rule applies; ownPass: W(t)'s training error needs check's own pass;
	// afterCheck: the step starts from the stopping rule's pass.
	batched, track, stopRule, ownPass, afterCheck, hook bool
	eta                                                 float64
}

// newStepper returns the stepper of m on net over (x, y) with objective
// obj; track says whether the run records, hook whether OnStep observes it.
func (env *Env) newStepper(net *nn.Net, x [][]float64, y []int, m Method, obj nn.Objective, track, hook bool) *stepper {
	c := env.Case
	st := &stepper{batched: c.Batch > 0, track: track, stopRule: track && c.ZeroErrorStop(), hook: hook, eta: c.Eta}
	if st.batched {
		st.tr = nn.NewTrainer(net, env.pool, x, y)
		mb := env.newMinibatches(net, x, y, obj)
		st.step = func(t int) (float64, error) { return mb.epoch(m, t, c.Eta) }
	} else {
		st.tr = env.newTrainer(net, x, y)
		st.step = func(t int) (float64, error) { return m.Step(st.tr, t, c.Eta) }
	}
	st.tr.SetObjective(obj)
	// The training error at W(t) comes from the step's own pass when that
	// pass sees the plain fused logits of every sample; otherwise (an
	// epoch of minibatches, a dropout mask) from a pass of check's own.
	st.check = st.tr
	if obj.Mask != nil && !st.batched && track {
		st.check = nn.NewTrainer(net, env.pool, x, y)
	}
	st.ownPass = track && (st.batched || st.check != st.tr)
	// Between recorded steps, a pass of check's own is needed only for
	// whether the training error is zero, until it first is: a scan of
	// blocks that stops at the first error answers that (errorScan). A
	// stopping rule, a step hook or a mask on check's fused logits keeps
	// the full pass at every step.
	if st.ownPass && !st.stopRule && !hook && (st.check != st.tr || obj.Mask == nil) {
		st.scan = newErrorScan(st.check, x, y, c.D)
	}
	// A stopping rule's pass at W(t) is the step's own when the method's
	// step is a plain step of tr: the step then starts from it.
	if _, plain := m.(PlainStepper); plain && st.stopRule && !st.ownPass {
		st.afterCheck = true
	}
	return st
}

// scoreStart scores W(t) on the full training set from a pass of its own,
// when the step's pass does not give it first (an epoch's steps see one
// batch each) or the stopping rule needs it before the step: it returns the
// loss there (NaN when not computed) and whether the training error is
// zero, and sets *zeroStep to t at the first such step.
func (st *stepper) scoreStart(scheduled bool, zeroStep *int, t int) (float64, bool) {
	if st.scan != nil && !scheduled {
		if *zeroStep < 0 && st.scan.errorFree() {
			*zeroStep = t
		}
		return math.NaN(), false
	}
	if !st.ownPass && !st.stopRule && !(st.batched && st.hook) {
		return math.NaN(), false
	}
	atStart := st.check.Loss()
	if st.check.Misclassified() != 0 {
		return atStart, false
	}
	if *zeroStep < 0 {
		*zeroStep = t
	}
	return atStart, true
}

// take takes step t and returns the loss before it.
func (st *stepper) take(t int) (float64, error) {
	if st.afterCheck {
		return st.tr.StepAfterLoss(st.eta)
	}
	return st.step(t)
}

// recorder keeps a net's record on the schedule — Λ of each encoder, the
// loss, a fused net's branch scores — and calls Options.OnRecord and
// Options.OnStep. Without a schedule it records nothing and calls neither.
type recorder struct {
	env      *Env
	name     string
	net      *nn.Net
	n        int // training samples
	schedule []int
	next     int // the schedule's next point
	hist     *History
	// scorer gives a fused net's branch scores from a forward pass of its
	// own (the training step's path stays as it is).
	scorer *nn.Trainer
	scores []float64
	// hook: OnStep observes the run; info is its reused argument.
	hook bool
	info StepInfo
}

// newRecorder returns the recorder of net over (x, y) on schedule (nil:
// none).
func (env *Env) newRecorder(name string, net *nn.Net, x [][]float64, y []int, schedule []int) *recorder {
	c := env.Case
	rec := &recorder{env: env, name: name, net: net, n: len(y), schedule: schedule, hook: env.opt.OnStep != nil && schedule != nil}
	if schedule == nil {
		return rec
	}
	rec.hist = &History{Lambda: make([][][]float64, len(net.Mods)), Loss: make([]float64, 0, len(schedule))}
	for e := range rec.hist.Lambda {
		rec.hist.Lambda[e] = make([][]float64, c.K)
		for j := range rec.hist.Lambda[e] {
			rec.hist.Lambda[e][j] = make([]float64, 0, len(schedule))
		}
	}
	if len(net.Mods) > 1 {
		rec.scorer = nn.NewTrainer(net, env.pool, x, y)
		rec.scorer.SetObjective(nn.Objective{Branches: true})
		rec.hist.BranchScore = make([][]float64, len(net.Mods))
	}
	if rec.hook {
		rec.info = StepInfo{Net: name, Lambda: make([][]float64, len(net.Mods)), BranchAccuracy: make([]float64, 0, len(net.Mods))}
		for e := range rec.info.Lambda {
			rec.info.Lambda[e] = make([]float64, c.K)
		}
	}
	return rec
}

// scheduled reports whether step t is the schedule's next point.
func (rec *recorder) scheduled(t int) bool {
	return rec.schedule != nil && rec.schedule[rec.next] == t
}

// record appends the state at step with the loss there to the record.
func (rec *recorder) record(step int, loss float64) {
	env, hist := rec.env, rec.hist
	for e, r := range rec.net.Mods {
		for j := 0; j < env.Case.K; j++ {
			hist.Lambda[e][j] = append(hist.Lambda[e][j], rec.net.Lambda(e, j, env.Dist.Feature(r, j)))
		}
	}
	if rec.scorer != nil {
		rec.scorer.Loss()
		rec.scores = rec.scorer.BranchScore(rec.scores)
		for e, s := range rec.scores {
			hist.BranchScore[e] = append(hist.BranchScore[e], s/float64(rec.n))
		}
	}
	if env.opt.OnRecord != nil {
		env.opt.OnRecord(env.recordOf(rec.name, rec.net, step, loss, hist, rec.scores))
	}
}

// before observes W(t) before step t: Λ for the step hook and, at a
// scheduled step, the record (with atStart, the full set's loss, for an
// epoch of minibatches; with the step's loss from a pass of its own when
// OnRecord needs it first).
func (rec *recorder) before(t int, scheduled bool, atStart float64, st *stepper) {
	if rec.hook {
		for e, r := range rec.net.Mods {
			for j := 0; j < rec.env.Case.K; j++ {
				rec.info.Lambda[e][j] = rec.net.Lambda(e, j, rec.env.Dist.Feature(r, j))
			}
		}
	}
	switch {
	case scheduled && st.batched:
		rec.record(t, atStart)
	case scheduled && rec.env.opt.OnRecord != nil:
		rec.record(t, st.tr.Loss())
	case scheduled:
		rec.record(t, math.NaN())
	}
}

// after records step t's loss at a scheduled step and calls the step hook.
func (rec *recorder) after(t int, scheduled bool, loss float64, tr *nn.Trainer) {
	if scheduled {
		rec.hist.Loss = append(rec.hist.Loss, loss)
		rec.next++
	}
	if rec.hook {
		rec.info.Step, rec.info.Loss = t, loss
		rec.info.BranchAccuracy = tr.BranchAccuracy(rec.info.BranchAccuracy)
		rec.env.opt.OnStep(rec.info)
	}
}

// fill records the final state at the schedule's points left within steps
// (a net stopped early keeps W(taken) for them) and at T, and returns the
// record.
func (rec *recorder) fill(steps int, final float64) *History {
	for ; rec.next < len(rec.schedule) && rec.schedule[rec.next] < steps; rec.next++ {
		rec.record(rec.schedule[rec.next], final)
		rec.hist.Loss = append(rec.hist.Loss, final)
	}
	rec.record(steps, final)
	rec.hist.Loss = append(rec.hist.Loss, final)
	return rec.hist
}
