package queue

import (
	"container/heap"
	"fmt"

	"github.com/modcomp/modcomp/core/train"
)

// Simulate returns the makespan, in seconds, of running tasks (per job, as
// train.TasksOf lists them) whose measured costs are seconds[job][task] on
// workers workers, with at most open experiments in memory (0: DefaultOpen(workers)),
// by the policy Execute follows. It models each worker as running its task
// in the measured time, whatever the others do (no shared caches, memory
// bandwidth or clock changes): on a machine whose cores slow each other
// down the real makespan is longer.
func Simulate(tasks [][]train.Task, seconds [][]float64, workers, open int) (float64, error) {
	if workers < 1 {
		return 0, fmt.Errorf("simulate: %d workers", workers)
	}
	for j := range tasks {
		if len(seconds[j]) != len(tasks[j]) {
			return 0, fmt.Errorf("simulate: job %d has %d tasks and %d costs", j, len(tasks[j]), len(seconds[j]))
		}
	}
	if open == 0 {
		open = DefaultOpen(workers)
	}
	s := newScheduler(len(tasks), open, func(j int) []train.Task { return tasks[j] })
	var running events
	now, free := 0.0, workers
	for {
		for free > 0 {
			r, ok, _ := s.next()
			if !ok {
				break
			}
			s.prepared(r.job) // preparation is part of the measured cost
			heap.Push(&running, event{end: now + seconds[r.job][r.task], ref: r})
			free--
		}
		if running.Len() == 0 {
			if s.pending > 0 {
				return 0, fmt.Errorf("simulate: %d tasks can never start (a cycle in After)", s.pending)
			}
			return now, nil
		}
		e := heap.Pop(&running).(event)
		now = e.end
		s.finish(e.ref)
		free++
	}
}

type event struct {
	end float64
	ref taskRef
}

// events is a min-heap of running tasks by end time (ties: job, task).
type events []event

func (h events) Len() int { return len(h) }
func (h events) Less(i, j int) bool {
	if h[i].end != h[j].end {
		return h[i].end < h[j].end
	}
	if h[i].ref.job != h[j].ref.job {
		return h[i].ref.job < h[j].ref.job
	}
	return h[i].ref.task < h[j].ref.task
}
func (h events) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *events) Push(x any)   { *h = append(*h, x.(event)) }
func (h *events) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
