// Package plan reads and writes the measured task costs of a suite run
// (modcomp suite -costs) and predicts from them the wall time of the same
// runs on P cores or across the pods of an Indexed Job, by replaying the
// queue's policy (queue.Simulate); it also sets the kernel work against the
// FMA peak measured now (the FLOP bound).
package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/queue"
	"github.com/modcomp/modcomp/core/train"
)

// CaseHeader heads CaseRows' table.
var CaseHeader = []string{"case", "tasks", "task time (s)", "share", "kernel work (TFLOP)", "GFLOP/s a core", "of peak", "above the bound (s)"}

// CaseRows sums the costs by case: the tasks' seconds and kernel work, the
// rate a core ran them at, that rate as a fraction of peak (GFLOP/s of one
// core; 0: unknown, printed "–") and the seconds above the FLOP bound,
// the case's task time less its kernel work at the peak. Cases come with
// the largest time above the bound first (by task time without a peak).
func CaseRows(costs []cases.TaskCost, peak float64) [][]string {
	type sum struct {
		name          string
		tasks         int
		seconds, done float64
	}
	var sums []*sum
	byName := map[string]*sum{}
	total := 0.0
	for _, c := range costs {
		s := byName[c.Case]
		if s == nil {
			s = &sum{name: c.Case}
			byName[c.Case] = s
			sums = append(sums, s)
		}
		s.tasks++
		s.seconds += c.Seconds
		s.done += c.Done
		total += c.Seconds
	}
	above := func(s *sum) float64 { return s.seconds - s.done/(peak*1e9) }
	slices.SortStableFunc(sums, func(a, b *sum) int {
		if peak > 0 {
			return cmp.Compare(above(b), above(a))
		}
		return cmp.Compare(b.seconds, a.seconds)
	})
	rows := make([][]string, 0, len(sums))
	for _, s := range sums {
		rate, share := 0.0, 0.0
		if s.seconds > 0 {
			rate, share = s.done/s.seconds/1e9, s.seconds/total
		}
		r := []string{s.name, strconv.Itoa(s.tasks), fmt.Sprintf("%.1f", s.seconds), fmt.Sprintf("%.1f%%", 100*share),
			fmt.Sprintf("%.2f", s.done/1e12), fmt.Sprintf("%.1f", rate), "–", "–"}
		if peak > 0 {
			r[6], r[7] = fmt.Sprintf("%.0f%%", 100*rate/peak), fmt.Sprintf("%.1f", above(s))
		}
		rows = append(rows, r)
	}
	return rows
}

// Model holds a costs file's tasks by job, in the suite's job order.
type Model struct {
	Tasks   [][]train.Task // job j's tasks, as train.TasksOf plans them
	Seconds [][]float64    // job j's task i took Seconds[j][i] on one core
	Busy    float64        // sum of the tasks' seconds
	Flops   float64        // kernel work done
	Longest float64        // the longest task's seconds
}

// NewModel rebuilds every job's tasks (train.TasksOf of its case)
// and checks that the file has a cost for each.
func NewModel(costs []cases.TaskCost) (*Model, error) {
	jobs := 0
	for _, c := range costs {
		jobs = max(jobs, c.Job+1)
	}
	m := &Model{Tasks: make([][]train.Task, jobs), Seconds: make([][]float64, jobs)}
	seen := make([][]bool, jobs)
	for _, c := range costs {
		if m.Tasks[c.Job] == nil {
			sc, err := cases.Lookup(c.Case)
			if err != nil {
				return nil, fmt.Errorf("job %d: %w", c.Job, err)
			}
			m.Tasks[c.Job] = train.TasksOf(sc.Params)
			m.Seconds[c.Job] = make([]float64, len(m.Tasks[c.Job]))
			seen[c.Job] = make([]bool, len(m.Tasks[c.Job]))
		}
		if c.Task >= len(m.Tasks[c.Job]) || seen[c.Job][c.Task] {
			return nil, fmt.Errorf("job %d (case %s): task %d is not one of its %d tasks or appears twice", c.Job, c.Case, c.Task, len(m.Tasks[c.Job]))
		}
		seen[c.Job][c.Task] = true
		m.Seconds[c.Job][c.Task] = c.Seconds
		m.Busy += c.Seconds
		m.Flops += c.Done
		m.Longest = max(m.Longest, c.Seconds)
	}
	for j := range seen {
		for i, ok := range seen[j] {
			if !ok {
				return nil, fmt.Errorf("job %d: no cost for task %d", j, i)
			}
		}
		if seen[j] == nil {
			return nil, fmt.Errorf("job %d: no costs (the file is not a whole suite run)", j)
		}
	}
	return m, nil
}

// Predict returns the makespan on pods pods of cores cores each: the jobs
// split by index modulo pods (as sweep shards split runs), each pod running
// its share in the queue; the slowest pod ends the job.
func (m *Model) Predict(cores, pods int) (float64, error) {
	worst := 0.0
	for i := range pods {
		var tasks [][]train.Task
		var secs [][]float64
		for j := i; j < len(m.Tasks); j += pods {
			tasks, secs = append(tasks, m.Tasks[j]), append(secs, m.Seconds[j])
		}
		wall, err := queue.Simulate(tasks, secs, cores, 0)
		if err != nil {
			return 0, err
		}
		worst = max(worst, wall)
	}
	return worst, nil
}
