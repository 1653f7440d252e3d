package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/queue"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/fmapeak"
	"github.com/modcomp/modcomp/reports/table"
)

// cmdPlan predicts the wall time of the runs of a costs file (`modcomp suite
// -costs`) on P cores and across the pods of a Kubernetes Indexed Job, by
// replaying the queue's policy on the measured task costs (queue.Simulate),
// and shows by case where the task time goes against the FLOP bound.
func cmdPlan(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	costsPath := fs.String("costs", "", "a costs file written by modcomp suite -costs (required)")
	coresFlag := fs.String("cores", "1,2,16,64,256", "core counts of one machine to predict (comma-separated)")
	podsFlag := fs.String("pods", "4,16,64", "pod counts of an Indexed Job to predict (comma-separated; empty for none)")
	podCores := fs.Int("pod-cores", 16, "cores of each pod")
	peakFlag := fs.Float64("peak", 0, "FMA peak of one core in GFLOP/s for the FLOP bound (default: measured now on this machine)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *costsPath == "" {
		return usagef("plan: -costs FILE is required (write one with modcomp suite -costs FILE)")
	}
	cores, err := positiveInts("-cores", *coresFlag)
	if err != nil {
		return err
	}
	pods, err := positiveInts("-pods", *podsFlag)
	if err != nil {
		return err
	}
	if *podCores < 1 || !(*peakFlag >= 0) || math.IsInf(*peakFlag, 0) {
		return usagef("plan: -pod-cores must be ≥ 1 and -peak a finite number ≥ 0")
	}
	costs, err := readCosts(*costsPath)
	if err != nil {
		return usageError{err}
	}
	m, err := newMakespanModel(costs)
	if err != nil {
		return usagef("%s: %v", *costsPath, err)
	}
	peak, peakSource := *peakFlag, "-peak"
	if peak == 0 { // 0 when the peak loop cannot run here: no bound is printed
		k := kernels()
		if loop, ok := fmapeak.ForLanes(k.Lanes()); ok {
			peak = loop.Measure(1, peakWindow)
			peakSource = fmt.Sprintf("measured now on one core of this machine: the %s loop of kernel path %s, on %s", loop, k.Name(), fmapeak.CPU())
		}
	}
	fmt.Fprintf(stdout, "%s: %d runs, %d tasks, %.1f s of task time (each task on one core), kernel work %.3g TFLOP, longest task %.2f s\n",
		*costsPath, len(m.tasks), len(costs), m.busy, m.flops/1e12, m.longest)
	if peak > 0 {
		fmt.Fprintf(stdout, "FLOP bound: kernel work ÷ (cores × %.1f GFLOP/s, %s)\n", peak, peakSource)
	}
	fmt.Fprintf(stdout, "The model replays the queue's policy (longest task first, 2 runs in memory per worker) on these costs; it assumes every core runs a task as fast as the measuring machine did.\n\n")
	header := []string{"machine", "cores", "predicted wall (s)", "task time ÷ cores (s)", "FLOP bound (s)", "predicted ÷ bound"}
	var rows [][]string
	row := func(machine string, total int, wall float64) {
		r := []string{machine, strconv.Itoa(total), fmt.Sprintf("%.1f", wall), fmt.Sprintf("%.1f", m.busy/float64(total)), "–", "–"}
		if peak > 0 {
			bound := m.flops / (float64(total) * peak * 1e9)
			r[4], r[5] = fmt.Sprintf("%.2f", bound), fmt.Sprintf("%.2f", wall/bound)
		}
		rows = append(rows, r)
	}
	for _, p := range cores {
		wall, err := m.predict(p, 1)
		if err != nil {
			return err
		}
		row("one machine", p, wall)
	}
	for _, n := range pods {
		wall, err := m.predict(*podCores, n)
		if err != nil {
			return err
		}
		row(fmt.Sprintf("Indexed Job, %d pods × %d cores", n, *podCores), n**podCores, wall)
	}
	if err := table.Render(stdout, table.Text, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWhere the task time goes, by case (largest time above the bound first):\n\n")
	return table.Render(stdout, table.Text, caseHeader, caseRows(costs, peak))
}

// caseHeader heads caseRows' table.
var caseHeader = []string{"case", "tasks", "task time (s)", "share", "kernel work (TFLOP)", "GFLOP/s a core", "of peak", "above the bound (s)"}

// caseRows sums the costs by case: the tasks' seconds and kernel work, the
// rate a core ran them at, that rate as a fraction of peak (GFLOP/s of one
// core; 0: unknown, printed "–") and the seconds above the FLOP bound,
// the case's task time less its kernel work at the peak. Cases come with
// the largest time above the bound first (by task time without a peak).
func caseRows(costs []cases.TaskCost, peak float64) [][]string {
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

// makespanModel holds a costs file's tasks by job, in the suite's job order.
type makespanModel struct {
	tasks   [][]train.Task
	seconds [][]float64
	busy    float64 // sum of the tasks' seconds
	flops   float64 // kernel work done
	longest float64
}

// newMakespanModel rebuilds every job's tasks (train.TasksOf of its case)
// and checks that the file has a cost for each.
func newMakespanModel(costs []cases.TaskCost) (*makespanModel, error) {
	jobs := 0
	for _, c := range costs {
		jobs = max(jobs, c.Job+1)
	}
	m := &makespanModel{tasks: make([][]train.Task, jobs), seconds: make([][]float64, jobs)}
	seen := make([][]bool, jobs)
	for _, c := range costs {
		if m.tasks[c.Job] == nil {
			sc, err := cases.Lookup(c.Case)
			if err != nil {
				return nil, fmt.Errorf("job %d: %w", c.Job, err)
			}
			m.tasks[c.Job] = train.TasksOf(sc.Params)
			m.seconds[c.Job] = make([]float64, len(m.tasks[c.Job]))
			seen[c.Job] = make([]bool, len(m.tasks[c.Job]))
		}
		if c.Task >= len(m.tasks[c.Job]) || seen[c.Job][c.Task] {
			return nil, fmt.Errorf("job %d (case %s): task %d is not one of its %d tasks or appears twice", c.Job, c.Case, c.Task, len(m.tasks[c.Job]))
		}
		seen[c.Job][c.Task] = true
		m.seconds[c.Job][c.Task] = c.Seconds
		m.busy += c.Seconds
		m.flops += c.Done
		m.longest = max(m.longest, c.Seconds)
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

// predict returns the makespan on pods pods of cores cores each: the jobs
// split by index modulo pods (as sweep shards split runs), each pod running
// its share in the queue; the slowest pod ends the job.
func (m *makespanModel) predict(cores, pods int) (float64, error) {
	worst := 0.0
	for i := range pods {
		var tasks [][]train.Task
		var secs [][]float64
		for j := i; j < len(m.tasks); j += pods {
			tasks, secs = append(tasks, m.tasks[j]), append(secs, m.seconds[j])
		}
		wall, err := queue.Simulate(tasks, secs, cores, 0)
		if err != nil {
			return 0, err
		}
		worst = max(worst, wall)
	}
	return worst, nil
}

// positiveInts parses a comma-separated list of positive integers (empty:
// none).
func positiveInts(flagName, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, usagef("plan: %s: %q is not a positive integer", flagName, f)
		}
		out = append(out, n)
	}
	return out, nil
}
