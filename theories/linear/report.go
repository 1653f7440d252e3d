package linear

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/plotter"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/linear"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/figures"
	report "github.com/modcomp/modcomp/reports/linear"
)

// The report's sweeps: the paper's Figure 3 (time ratio and misattribution
// against ρ for r ∈ {1.5, 2, 3}, sweep.py toy_sweep) and Figure 5 (time
// ratio against ρ for each fusion layer of a depth-4 network,
// sweep.py depth_sweep), on the ρ grid of both, −0.9 to 0.9 in 9 steps.
var (
	// SweepRho is the swept correlation.
	SweepRho = []float64{-0.9, -0.675, -0.45, -0.225, 0, 0.225, 0.45, 0.675, 0.9}
	// SweepRatio is the swept r of the late-fusion figures.
	SweepRatio = []float64{1.5, 2, 3}
	// SweepFuse is the swept fusion layer of the depth-4 figure.
	SweepFuse = []int{1, 2, 3, 4}
)

// The report's convergence runs and its claims table's cases: convergence
// and All (variables so that a test can build a small report).
var (
	convergencePoints = convergence
	reportCases       = All
)

// sweepLate is the late-fusion sweep's network at (r, ρ): the suite's
// linear-late with a cap for the slowest point (r = 3, ρ = ±0.9: t_B/t_A
// about 43).
func sweepLate(r, rho float64) linear.Params {
	p := late()
	p.Ratio, p.Rho, p.Steps = r, rho, 400000
	return p
}

// sweepDeep is the depth sweep's network: depth 4 from γ = 0.1 (lag_depth
// at that γ), fused at layer fuse.
func sweepDeep(fuse int, rho float64) linear.Params {
	p := deep(fuse, 0.1)
	p.Rho, p.Steps = rho, 400000
	return p
}

// point is one swept point's runs.
type point struct {
	Params linear.Params `json:"params"`
	Runs   []linear.Run  `json:"runs"`
}

// Report runs the sweeps (opt.Seeds seeds a point) and the quick suite,
// and writes report.md, its figures and runs.json (every run, without the
// trajectories) into dir.
func Report(ctx context.Context, dir string, opt cases.ReportOptions) (string, error) {
	if opt.Seeds < 2 {
		return "", fmt.Errorf("a report needs at least 2 seeds a point for its intervals, got %d", opt.Seeds)
	}
	var pts []point
	for _, r := range SweepRatio {
		for _, rho := range SweepRho {
			pts = append(pts, point{Params: sweepLate(r, rho)})
		}
	}
	for _, lf := range SweepFuse {
		for _, rho := range SweepRho {
			pts = append(pts, point{Params: sweepDeep(lf, rho)})
		}
	}
	var jobs []Job
	for _, pt := range pts {
		for s := range opt.Seeds {
			jobs = append(jobs, Job{Params: pt.Params, Seed: uint64(s + 1)})
		}
	}
	conv := convergencePoints()
	for _, c := range conv {
		for s := range opt.Seeds {
			jobs = append(jobs, Job{Params: c.Params, Seed: uint64(s + 1)})
		}
	}
	suite := reportCases()
	for _, c := range suite {
		for _, seed := range c.Seeds(cases.Quick) {
			jobs = append(jobs, Job{Params: c.Params, Seed: seed})
		}
	}
	runs, err := Execute(ctx, jobs, opt.Workers, opt.OnRun)
	if err != nil {
		return "", err
	}
	for i := range pts {
		pts[i].Runs = runs[:opt.Seeds:opt.Seeds]
		runs = runs[opt.Seeds:]
	}
	for i := range conv {
		conv[i].Runs = runs[:opt.Seeds:opt.Seeds]
		runs = runs[opt.Seeds:]
	}
	var outcomes []*result.Outcome
	for _, c := range suite {
		n := c.QuickSeeds
		outcomes = append(outcomes, Evaluate(c, cases.Quick, c.Seeds(cases.Quick), runs[:n:n]).Result())
		runs = runs[n:]
	}
	late, deep := pts[:len(SweepRatio)*len(SweepRho)], pts[len(SweepRatio)*len(SweepRho):]
	panels := []report.Panel{timePanel(late), overshootPanel(late), depthPanel(deep)}
	byRatio := func(p linear.Params) string { return fmt.Sprintf("r = %g", p.Ratio) }
	panels[0].Caption += leftOut(late, byRatio)
	panels[1].Caption += leftOut(late, byRatio)
	panels[2].Caption += leftOut(deep, func(p linear.Params) string { return fmt.Sprintf("L_f = %d", p.FuseDepth) })
	if err := writeRuns(filepath.Join(dir, "runs.json"), append(append([]point(nil), pts...), conv...)); err != nil {
		return "", err
	}
	return report.Write(dir, report.Page{
		Command: fmt.Sprintf("modcomp report -case linear-late -seeds %d", opt.Seeds),
		Source:  Source,
		Setting: fmt.Sprintf("Every point is %d seeds (the training set and nothing else varies: the weights start at γ), "+
			"N = %d samples, y = x_A + x_B, full-batch gradient descent on the mean squared error with η = %g until twice t_B and within 0.1%% of the least-squares weights. "+
			"Late fusion: two layers, one hidden unit per modality, γ = %g. Depth: L = 4, γ = %g. Points: mean over seeds with "+
			"the 95%% Student t interval; lines: the theory at the population's r and ρ (the claims compare each seed with the "+
			"theory at its sample's r̂ and ρ̂). Runs that did not learn both modalities are left out and named under each figure.",
			opt.Seeds, late[0].Params.N, late[0].Params.Eta, late[0].Params.Init, deep[0].Params.Init),
		Panels: panels, Tables: []report.Table{convergenceTable(conv)}, Outcomes: outcomes, Provenance: opt.Provenance,
	})
}

// writeRuns writes every swept run, trajectories left out, as JSON.
func writeRuns(path string, pts []point) error {
	out := make([]point, len(pts))
	for i, pt := range pts {
		out[i].Params = pt.Params
		for _, r := range pt.Runs {
			r.Trajectory = nil
			out[i].Runs = append(out[i].Runs, r)
		}
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'))
}

// measured is the mean over a point's converged runs of f, with its
// interval (ok false with fewer than two).
func measured(x float64, runs []linear.Run, f func(linear.Run) float64) (figures.Point, bool) {
	var v []float64
	for _, r := range runs {
		if r.Converged() {
			v = append(v, f(r))
		}
	}
	if len(v) < 2 {
		return figures.Point{}, false
	}
	s := stats.OverSeeds(v)
	return figures.Point{X: x, Y: s.Mean, Lo: s.Lo, Hi: s.Hi}, true
}

// curve samples f over ρ ∈ [−0.92, 0.92] (sweep.py's rho_theo).
func curve(f func(rho float64) float64) plotter.XYs {
	const n = 93
	xy := make(plotter.XYs, 0, n)
	for i := range n {
		rho := -0.92 + 1.84*float64(i)/float64(n-1)
		if y := f(rho); !math.IsNaN(y) && !math.IsInf(y, 0) {
			xy = append(xy, plotter.XY{X: rho, Y: y})
		}
	}
	return xy
}

func timePanel(pts []point) report.Panel {
	return latePanel(pts, report.Panel{Base: "time-ratio", Verdict: "L2 at this point", Title: "Time ratio t_B/t_A of late fusion",
		XLabel: "correlation ρ", YLabel: "t_B/t_A", LogY: true,
		Caption: "The paper's Figure 3 (left): the time modality B takes to be learned over A's, against ρ. Lines: " +
			"(r² − 1)/(1 − ρ²) + 1 (Eq. 9). The points sit below the lines by the gradient-descent step's bias " +
			"(about 2% at η = 4e-3, halving with η: docs/linear.md). The table's L2 is the claim at each point: the relative " +
			"gap to Eq. 9 at each seed's r̂ and ρ̂, within ±5%."},
		linear.LateTimeRatio, func(x linear.Run) float64 { return x.TimeRatio }, linear.L2)
}

func overshootPanel(pts []point) report.Panel {
	return latePanel(pts, report.Panel{Base: "misattribution", Verdict: "L3 at this point", Title: "Misattribution of late fusion",
		XLabel: "correlation ρ", YLabel: "W_A(plateau)/W_A(end) − 1",
		Caption: "The paper's Figure 3 (right): modality A's total weight on the plateau between the two transitions, " +
			"relative to its final value, minus 1. Lines: ρ/r. The table's L3 compares each seed with its sample's ρ̂/r̂ " +
			"(exactly, c_A/S_AA ÷ ŵ_A − 1)."},
		linear.LateOvershoot, func(x linear.Run) float64 { return x.Overshoot }, linear.L3)
}

// latePanel fills pn with one series per swept r: the theory's curve
// theory(r, ρ), the mean of value over each point's runs, and claim's
// verdict there.
func latePanel(pts []point, pn report.Panel, theory func(r, rho float64) float64, value func(linear.Run) float64,
	claim result.ClaimID) report.Panel {
	for _, r := range SweepRatio {
		s := report.Series{Name: fmt.Sprintf("r = %g", r), Theory: curve(func(rho float64) float64 { return theory(r, rho) })}
		for _, pt := range pts {
			if pt.Params.Ratio == r {
				if m, ok := measured(pt.Params.Rho, pt.Runs, value); ok {
					s.Points = append(s.Points, m)
					s.Verdicts = append(s.Verdicts, verdict(pt.Runs, claim))
				}
			}
		}
		pn.Series = append(pn.Series, s)
	}
	return pn
}

// verdict is claim id's verdict on a point's runs at the suite's
// tolerances, as a table cell.
func verdict(runs []linear.Run, id result.ClaimID) string {
	for _, v := range linear.Check(runs, linear.DefaultTolerances()) {
		if v.Claim == id {
			return fmt.Sprintf("%s %.3g [%.3g, %.3g]", v.Mark(), v.Statistic, v.Lo, v.Hi)
		}
	}
	return ""
}

func depthPanel(pts []point) report.Panel {
	p0 := pts[0].Params
	pn := report.Panel{Base: "fusion-depth", Title: "Time ratio against the fusion layer (depth 4)", XLabel: "correlation ρ", YLabel: "t_B/t_A", LogY: true,
		Caption: fmt.Sprintf("The paper's Figure 5: a depth-4 network fused at layer L_f, r = %g, γ = %g. Lines: lag_depth's "+
			"prediction (util.py; 1 for early fusion, Eq. 9 for late fusion, its integral between). The later the fusion, "+
			"the longer the unimodal phase. At this γ the points for 1 < L_f < L fall short of lag_depth; the gap halves "+
			"each time γ halves (the table below), so the curves are the small-γ limit the points approach.", p0.Ratio, p0.Init)}
	for _, lf := range SweepFuse {
		s := report.Series{Name: fmt.Sprintf("L_f = %d", lf),
			Theory: curve(func(rho float64) float64 { return linear.DeepTimeRatio(p0.Ratio, rho, p0.Depth, lf, p0.Init) })}
		for _, pt := range pts {
			if pt.Params.FuseDepth == lf {
				if m, ok := measured(pt.Params.Rho, pt.Runs, func(x linear.Run) float64 { return x.TimeRatio }); ok {
					s.Points = append(s.Points, m)
				}
			}
		}
		pn.Series = append(pn.Series, s)
	}
	return pn
}

// convergence lists the runs that show where the time ratio's gap to the
// theory comes from: linear-late with the step halved twice (the gap is
// the step's, shrinking in proportion to η), and linear-deep with γ halved
// twice (lag_depth is a small-γ prediction).
func convergence() []point {
	var out []point
	for _, eta := range []float64{4e-3, 2e-3, 1e-3} {
		p := late()
		p.Eta, p.Steps = eta, int(160/eta)
		out = append(out, point{Params: p})
	}
	for _, gamma := range []float64{1e-30, 1e-60} {
		p := late()
		p.Init, p.Steps = gamma, 200000
		out = append(out, point{Params: p})
	}
	for _, gamma := range []float64{0.1, 0.05, 0.025} {
		out = append(out, point{Params: deep(3, gamma)})
	}
	// The reference's N(0, γ²) start in place of the balanced one.
	normal := late()
	normal.InitScheme = linear.Normal
	multi := must(Lookup("linear-multi")).Params
	multi.InitScheme = linear.Normal
	return append(out, point{Params: normal}, point{Params: multi})
}

// must returns c, panicking on err: for the case table's own names.
func must(c Case, err error) Case {
	if err != nil {
		panic(err)
	}
	return c
}

func convergenceTable(pts []point) report.Table {
	t := report.Table{Title: "Where the time ratio's gap comes from",
		Caption: "linear-late's network with the step η halved twice and with γ shrunk to 1e-30 and 1e-60, linear-deep's with " +
			"the initial scale γ halved twice, and linear-late's and linear-multi's with the reference's N(0, γ²) start: " +
			"t_B/t_A measured and predicted (means over seeds, the prediction at each sample's r̂ and ρ̂), and the relative gap " +
			"(t_B/t_A)/predicted − 1 with its 95% t interval over seeds.",
		Header: []string{"network", "η", "γ", "init", "t_B/t_A", "predicted", "gap"}}
	for _, pt := range pts {
		name := "late, L = 2"
		switch {
		case pt.Params.Depth > 2:
			name = fmt.Sprintf("depth %d, L_f = %d", pt.Params.Depth, pt.Params.FuseDepth)
		case pt.Params.Dim > 1:
			name = fmt.Sprintf("late, L = 2, dim %d", pt.Params.Dim)
		}
		init := "constant"
		if pt.Params.InitScheme == linear.Normal {
			init = "N(0, γ²)"
		}
		row := []string{name, fmt.Sprintf("%g", pt.Params.Eta), fmt.Sprintf("%g", pt.Params.Init), init}
		gap, ok := measured(0, pt.Runs, func(r linear.Run) float64 { return r.TimeRatio/r.Predicted.TimeRatio - 1 })
		if !ok { // fewer than two runs learned both modalities: nothing to average
			t.Rows = append(t.Rows, append(row, "n/a", "n/a", "fewer than two runs learned both modalities"))
			continue
		}
		ratio, _ := measured(0, pt.Runs, func(r linear.Run) float64 { return r.TimeRatio })
		pred, _ := measured(0, pt.Runs, func(r linear.Run) float64 { return r.Predicted.TimeRatio })
		t.Rows = append(t.Rows, append(row, fmt.Sprintf("%.4g", ratio.Y), fmt.Sprintf("%.4g", pred.Y),
			fmt.Sprintf("%+.2f%% [%+.2f%%, %+.2f%%]", 100*gap.Y, 100*gap.Lo, 100*gap.Hi)))
	}
	return t
}

// leftOut states, for the caption, the points among pts with runs that did
// not learn both modalities (left out of the means), "" when there are none.
func leftOut(pts []point, label func(linear.Params) string) string {
	var notes []string
	for _, pt := range pts {
		bad := 0
		for _, r := range pt.Runs {
			if !r.Converged() {
				bad++
			}
		}
		if bad > 0 {
			notes = append(notes, fmt.Sprintf("%s at ρ = %g: %d of %d runs", label(pt.Params), pt.Params.Rho, bad, len(pt.Runs)))
		}
	}
	if len(notes) == 0 {
		return " Every run learned both modalities."
	}
	return " Left out, not having learned both modalities within their steps: " + strings.Join(notes, "; ") + "."
}
