package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/modcomp/modcomp/cases/plan"
	"github.com/modcomp/modcomp/cmd/internal/cli"
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
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *costsPath == "" {
		return cli.Usagef("plan: -costs FILE is required (write one with modcomp suite -costs FILE)")
	}
	cores, err := cli.PositiveInts("plan", "-cores", *coresFlag)
	if err != nil {
		return err
	}
	pods, err := cli.PositiveInts("plan", "-pods", *podsFlag)
	if err != nil {
		return err
	}
	if *podCores < 1 || !(*peakFlag >= 0) || math.IsInf(*peakFlag, 0) {
		return cli.Usagef("plan: -pod-cores must be ≥ 1 and -peak a finite number ≥ 0")
	}
	costs, err := plan.ReadCosts(*costsPath)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	m, err := plan.NewModel(costs)
	if err != nil {
		return cli.Usagef("%s: %v", *costsPath, err)
	}
	peak, peakSource := *peakFlag, "-peak"
	if peak == 0 { // 0 when the peak loop cannot run here: no bound is printed
		k := cli.Kernels()
		if loop, ok := fmapeak.ForLanes(k.Lanes()); ok {
			peak = loop.Measure(1, plan.PeakWindow)
			peakSource = fmt.Sprintf("measured now on one core of this machine: the %s loop of kernel path %s, on %s", loop, k.Name(), fmapeak.CPU())
		}
	}
	fmt.Fprintf(stdout, "%s: %d runs, %d tasks, %.1f s of task time (each task on one core), kernel work %.3g TFLOP, longest task %.2f s\n",
		*costsPath, len(m.Tasks), len(costs), m.Busy, m.Flops/1e12, m.Longest)
	if peak > 0 {
		fmt.Fprintf(stdout, "FLOP bound: kernel work ÷ (cores × %.1f GFLOP/s, %s)\n", peak, peakSource)
	}
	fmt.Fprintf(stdout, "The model replays the queue's policy (longest task first, 2 runs in memory per worker) on these costs; it assumes every core runs a task as fast as the measuring machine did.\n\n")
	header := []string{"machine", "cores", "predicted wall (s)", "task time ÷ cores (s)", "FLOP bound (s)", "predicted ÷ bound"}
	var rows [][]string
	row := func(machine string, total int, wall float64) {
		r := []string{machine, strconv.Itoa(total), fmt.Sprintf("%.1f", wall), fmt.Sprintf("%.1f", m.Busy/float64(total)), "–", "–"}
		if peak > 0 {
			bound := m.Flops / (float64(total) * peak * 1e9)
			r[4], r[5] = fmt.Sprintf("%.2f", bound), fmt.Sprintf("%.2f", wall/bound)
		}
		rows = append(rows, r)
	}
	for _, p := range cores {
		wall, err := m.Predict(p, 1)
		if err != nil {
			return err
		}
		row("one machine", p, wall)
	}
	for _, n := range pods {
		wall, err := m.Predict(*podCores, n)
		if err != nil {
			return err
		}
		row(fmt.Sprintf("Indexed Job, %d pods × %d cores", n, *podCores), n**podCores, wall)
	}
	if err := table.Render(stdout, table.Text, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWhere the task time goes, by case (largest time above the bound first):\n\n")
	return table.Render(stdout, table.Text, plan.CaseHeader, plan.CaseRows(costs, peak))
}
