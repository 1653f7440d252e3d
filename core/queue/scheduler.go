package queue

import (
	"cmp"
	"slices"

	"github.com/modcomp/modcomp/core/train"
)

// taskRef names task task of job job.
type taskRef struct{ job, task int }

// jobState is where an experiment is in its life.
type jobState uint8

const (
	unopened  jobState = iota // nothing drawn yet
	preparing                 // its first task is drawing the data
	open                      // prepared; tasks may start
	closed                    // every task finished
)

// scheduler is the queue's policy, shared by Execute and Simulate: the next
// task is the one with the largest estimated flops (ties: lower job, then
// lower task index) among those that may start: every task it waits for has
// finished, and its experiment is open, or unopened while fewer than limit
// experiments are open. An unopened experiment's first task prepares it; its
// other tasks wait for that.
type scheduler struct {
	tasks    [][]train.Task
	order    []taskRef
	state    []jobState
	started  [][]bool
	finished [][]bool
	left     []int // unfinished tasks per job
	open     int   // jobs preparing or open
	limit    int
	pending  int // tasks not started
	skip     int // order[:skip] have all started
}

func newScheduler(jobs, limit int, tasksOf func(job int) []train.Task) *scheduler {
	s := &scheduler{tasks: make([][]train.Task, jobs), state: make([]jobState, jobs),
		started: make([][]bool, jobs), finished: make([][]bool, jobs), left: make([]int, jobs), limit: max(limit, 1)}
	for j := range jobs {
		s.tasks[j] = tasksOf(j)
		s.started[j] = make([]bool, len(s.tasks[j]))
		s.finished[j] = make([]bool, len(s.tasks[j]))
		s.left[j] = len(s.tasks[j])
		s.pending += len(s.tasks[j])
		for i := range s.tasks[j] {
			s.order = append(s.order, taskRef{j, i})
		}
	}
	slices.SortStableFunc(s.order, func(a, b taskRef) int {
		return cmp.Compare(s.tasks[b.job][b.task].Flops, s.tasks[a.job][a.task].Flops)
	})
	return s
}

// next returns the task to start now and marks it started (ok false: none
// may start until a running task finishes or an experiment is prepared);
// left is false when every task has started.
func (s *scheduler) next() (ref taskRef, ok, left bool) {
	if s.pending == 0 {
		return taskRef{}, false, false
	}
	for s.skip < len(s.order) && s.started[s.order[s.skip].job][s.order[s.skip].task] {
		s.skip++
	}
	for _, r := range s.order[s.skip:] {
		if s.started[r.job][r.task] || !s.ready(r) {
			continue
		}
		s.started[r.job][r.task] = true
		s.pending--
		if s.state[r.job] == unopened {
			s.state[r.job] = preparing
			s.open++
		}
		return r, true, true
	}
	return taskRef{}, false, true
}

func (s *scheduler) ready(r taskRef) bool {
	switch s.state[r.job] {
	case preparing, closed:
		return false
	case unopened:
		if s.open >= s.limit {
			return false
		}
	}
	for _, a := range s.tasks[r.job][r.task].After {
		if !s.finished[r.job][a] {
			return false
		}
	}
	return true
}

// prepared marks job's data drawn: its other tasks may start.
func (s *scheduler) prepared(job int) { s.state[job] = open }

// finish marks a task finished and reports whether it was its job's last.
func (s *scheduler) finish(r taskRef) (last bool) {
	s.finished[r.job][r.task] = true
	s.left[r.job]--
	if s.left[r.job] > 0 {
		return false
	}
	s.state[r.job] = closed
	s.open--
	return true
}
