// Package queue trains many experiments in one queue. Each experiment (a
// case's parameters and a seed) splits into its nets' tasks once its data and
// W(0) are drawn (train.Prepare): the fused net and every uni-modal net. The
// queue runs the tasks of every experiment on P workers, one kernel goroutine
// each, longest first by estimated flops (train.Task.Flops), so that the
// short tasks fill the last round instead of leaving cores idle; at most
// Options.Open experiments are held in memory at once. The results are bit
// for bit those of train.Run, whatever P and the order.
//
// Simulate replays the same policy on measured task costs: the makespan model
// behind `modcomp plan`.
package queue

import (
	"cmp"
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
)

// Job is one experiment: a case's parameters and a seed.
type Job struct {
	Params param.Case
	Seed   uint64
}

// Options tunes how the queue runs; none of it changes the results.
type Options struct {
	// Workers is the number of tasks run at once, each on one goroutine
	// (0: GOMAXPROCS).
	Workers int
	// Open bounds the experiments prepared and not yet finished at once
	// (0: DefaultOpen(Workers)): their data and trained nets stay in memory
	// until the last task ends.
	Open int
	// Train is passed to train.Prepare (its Workers is ignored). Its
	// callbacks are called from the workers' goroutines, concurrently.
	Train train.Options
	// OnDone, if not nil, is called with a job's index and run as soon as
	// its last task ends, from one goroutine at a time. An error stops the
	// queue and is returned.
	OnDone func(job int, run result.Run) error
	// OnTask, if not nil, is called after each task with its measured cost,
	// from one goroutine at a time.
	OnTask func(Cost)
}

// DefaultOpen is how many experiments a queue of the given number of workers
// holds in memory at most by default: enough that a worker rarely waits for
// another's preparation.
func DefaultOpen(workers int) int { return 2 * workers }

// Cost is a finished task's measured cost.
type Cost struct {
	// Job and Task index the task (Task as in train.Experiment.Tasks).
	Job, Task int
	// Net is the task's net ("joint", "uni r").
	Net string
	// Flops is the estimate the queue ordered by; Done is the kernel work
	// of the steps the task took (train.StepFlops of its encoder steps).
	Flops, Done float64
	// Seconds is the task's wall time on its worker, including the
	// experiment's preparation when this task drew it and the run's final
	// evaluation when this task was its last.
	Seconds float64
}

// Execute runs every job and returns their runs, in the jobs' order. The
// first error (a job's, with its index, or ctx's) stops the queue: running
// tasks are cancelled and no further task starts.
func Execute(ctx context.Context, jobs []Job, opt Options) ([]result.Run, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	q := &runner{jobs: jobs, opt: opt, runs: make([]result.Run, len(jobs)), exps: make([]*train.Experiment, len(jobs))}
	q.sched = newScheduler(len(jobs), cmp.Or(opt.Open, DefaultOpen(workers)), func(j int) []train.Task {
		return train.TasksOf(jobs[j].Params)
	})
	q.cond = sync.NewCond(&q.mu)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			pool := kernel.NewPool(1).Use(opt.Train.Kernels)
			defer pool.Close()
			q.work(ctx, cancel, pool)
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return q.runs, nil
}

// runner is one Execute's shared state, guarded by mu.
type runner struct {
	jobs  []Job
	opt   Options
	mu    sync.Mutex
	cond  *sync.Cond
	sched *scheduler
	exps  []*train.Experiment
	runs  []result.Run
	// report serialises OnDone and OnTask.
	report sync.Mutex
}

// work takes tasks until none is left or the queue stops.
func (q *runner) work(ctx context.Context, cancel context.CancelCauseFunc, pool *kernel.Pool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if ctx.Err() != nil {
			q.cond.Broadcast()
			return
		}
		ref, ok, left := q.sched.next()
		if !left {
			q.cond.Broadcast()
			return
		}
		if !ok {
			q.cond.Wait()
			continue
		}
		q.mu.Unlock()
		cost, err := q.do(ctx, ref, pool)
		q.mu.Lock()
		if err != nil {
			cancel(err)
			q.cond.Broadcast()
			return
		}
		last := q.sched.finish(ref)
		var x *train.Experiment
		if last {
			x, q.exps[ref.job] = q.exps[ref.job], nil
		}
		q.cond.Broadcast()
		q.mu.Unlock()
		var run result.Run
		if last {
			start := time.Now()
			run = x.Result()
			q.runs[ref.job] = run // each job's slot is written once, by its last task's worker
			cost.Seconds += time.Since(start).Seconds()
		}
		err = q.reportTask(cost, last, ref.job, run)
		q.mu.Lock()
		if err != nil {
			cancel(err)
			q.cond.Broadcast()
			return
		}
	}
}

// do runs one task, preparing its experiment first when the scheduler gave
// this worker the experiment's first task.
func (q *runner) do(ctx context.Context, ref taskRef, pool *kernel.Pool) (Cost, error) {
	start := time.Now()
	job := q.jobs[ref.job]
	q.mu.Lock()
	x := q.exps[ref.job]
	q.mu.Unlock()
	if x == nil { // the scheduler hands out an unprepared experiment's tasks one at a time
		var err error
		x, err = train.Prepare(ctx, job.Params, job.Seed, q.opt.Train)
		if err != nil {
			return Cost{}, &JobError{Job: ref.job, Seed: job.Seed, Err: err}
		}
		q.mu.Lock()
		q.exps[ref.job] = x
		q.sched.prepared(ref.job)
		q.cond.Broadcast()
		q.mu.Unlock()
	}
	steps, err := x.Do(ctx, ref.task, pool)
	if err != nil {
		return Cost{}, &JobError{Job: ref.job, Seed: job.Seed, Err: err}
	}
	t := x.Tasks()[ref.task]
	return Cost{Job: ref.job, Task: ref.task, Net: t.Net, Flops: t.Flops,
		Done: float64(steps) * train.StepFlops(job.Params, 1), Seconds: time.Since(start).Seconds()}, nil
}

func (q *runner) reportTask(c Cost, last bool, job int, run result.Run) error {
	q.report.Lock()
	defer q.report.Unlock()
	if q.opt.OnTask != nil {
		q.opt.OnTask(c)
	}
	if last && q.opt.OnDone != nil {
		return q.opt.OnDone(job, run)
	}
	return nil
}

// JobError is a job that failed: its index in the queue, its seed and why.
type JobError struct {
	Job  int
	Seed uint64
	Err  error
}

func (e *JobError) Error() string { return e.Err.Error() }

func (e *JobError) Unwrap() error { return e.Err }
