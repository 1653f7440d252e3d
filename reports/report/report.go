// Package report assembles report.md for a case from finished runs: the case's
// parameters and claims table, the feature-learning curves, per-class accuracy
// of uni-modal nets against probes, the winning probability against relative
// strength, and the test error against μ_1. It draws with reports/figures and
// renders tables with reports/table; it never trains anything.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
	"github.com/modcomp/modcomp/core/theory"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

// Groups splits sweep lines by what their grid varied: nothing (the case
// itself), a strength sweep (a and/or b), and a μ sweep (mu). A key counts as
// varied when the lines of one grid hold more than one value of it; keys a
// grid sets to one value are part of its setting.
type Groups struct {
	Base, Strength, Mu []result.Line
	// Methods are the lines of a grid that varies the training method;
	// Settings those of grids that vary one method setting (alpha, p_drop,
	// pre_steps), by key.
	Methods  []result.Line
	Settings map[string][]result.Line
	// BaseNote says where Base comes from when no grid ran the case's point
	// alone ("" when one did).
	BaseNote string
}

// Group sorts lines into Groups. Base is, in order of preference: the lines of
// a grid that varies nothing; the lines of the other grids at the case's point
// (every varied key at the case's own value, p); or else the lines of the
// lowest-index point, which BaseNote then names. Lines of grids that vary
// anything else only count towards Base.
func Group(lines []result.Line, p param.Case) Groups {
	var g Groups
	byGrid := map[string][]result.Line{}
	var order []string
	for _, l := range lines {
		if _, ok := byGrid[l.Grid]; !ok {
			order = append(order, l.Grid)
		}
		byGrid[l.Grid] = append(byGrid[l.Grid], l)
	}
	var atCase []result.Line
	for _, id := range order {
		ls := byGrid[id]
		varied := variedKeys(ls)
		switch strings.Join(varied, ",") {
		case "":
			g.Base = append(g.Base, ls...)
			continue
		case "a", "b", "a,b":
			g.Strength = append(g.Strength, ls...)
		case "mu":
			g.Mu = append(g.Mu, ls...)
		case "alpha", "p_drop", "pre_steps", "eps":
			if g.Settings == nil {
				g.Settings = map[string][]result.Line{}
			}
			g.Settings[varied[0]] = append(g.Settings[varied[0]], ls...)
		default:
			if slices.Contains(varied, "method") {
				g.Methods = append(g.Methods, ls...)
			}
		}
		for _, l := range ls {
			if atPoint(l, varied, p) {
				atCase = append(atCase, l)
			}
		}
	}
	if len(g.Base) > 0 || len(lines) == 0 {
		return g
	}
	if len(atCase) > 0 {
		g.Base = atCase
		return g
	}
	first := lines[0]
	for _, l := range lines {
		if l.Index < first.Index {
			first = l
		}
	}
	for _, l := range lines {
		if l.Grid == first.Grid && overridesEqual(l.Overrides, first.Overrides) {
			g.Base = append(g.Base, l)
		}
	}
	js, _ := json.Marshal(first.Overrides)
	g.BaseNote = fmt.Sprintf("No run has the case's own values of what the grid varies; the figures of single runs show the grid's first point, %s.", js)
	return g
}

// variedKeys lists, sorted, the override keys that take more than one value
// among lines.
func variedKeys(lines []result.Line) []string {
	values := map[string]map[string]bool{}
	for _, l := range lines {
		for k, v := range l.Overrides {
			if values[k] == nil {
				values[k] = map[string]bool{}
			}
			values[k][string(v)] = true
		}
	}
	var keys []string
	for k, vs := range values {
		if len(vs) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// atPoint reports whether line l has p's own value of every key in keys, and
// p's training method (the method "" is joint training).
func atPoint(l result.Line, keys []string, p param.Case) bool {
	keys = append([]string{"method"}, keys...)
	lp := l.Params
	if lp.Method == param.MethodJoint {
		lp.Method = ""
	}
	if p.Method == param.MethodJoint {
		p.Method = ""
	}
	for _, k := range keys {
		want, err := p.Field(k)
		got, err2 := lp.Field(k)
		if err != nil || err2 != nil || string(got) != string(want) {
			return false
		}
	}
	return true
}

func overridesEqual(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if string(b[k]) != string(v) {
			return false
		}
	}
	return true
}

// lines returns every line of the groups, once (a grid's point can serve two
// groups: a setting sweep's first point is also the base).
func (g Groups) lines() []result.Line {
	all := slices.Concat(g.Base, g.Strength, g.Mu, g.Methods)
	for _, key := range slices.Sorted(maps.Keys(g.Settings)) {
		all = append(all, g.Settings[key]...)
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(all, func(l result.Line) bool {
		dup := seen[l.Key]
		seen[l.Key] = true
		return dup
	})
}

// Build writes report.md and its figures into dir. outcomes, if any, add a
// claims table: the case's own, or the whole suite's; prov, if not nil, ends
// the report with the build that wrote it and the builds that ran its runs.
func Build(dir string, caseName string, g Groups, outcomes []*result.Outcome, prov *result.Provenance) (string, error) {
	var md strings.Builder
	fmt.Fprintf(&md, "# modcomp report: case %s\n\n", caseName)
	if len(g.Base) == 0 {
		return "", fmt.Errorf("report: no runs of the case itself (a grid without overrides)")
	}
	p := g.Base[0].Params
	fmt.Fprintf(&md, "Every figure and table below is regenerated from runs by `modcomp report`; seeds %s.\n\n", seedList(g.Base))
	if g.BaseNote != "" {
		fmt.Fprintf(&md, "%s\n\n", g.BaseNote)
	}
	md.WriteString("## Parameters\n\n")
	if err := paramsTable(&md, p); err != nil {
		return "", err
	}
	if len(outcomes) > 0 {
		md.WriteString("\n## Claims\n\n")
		if err := suitetable.Write(&md, outcomes, table.Markdown); err != nil {
			return "", err
		}
	}
	first := g.Base[0]
	caption := fmt.Sprintf("case %s, seed %d", caseName, first.Seed)
	classes := make([]int, p.K)
	for j := range classes {
		classes[j] = j
	}
	if p.K > 10 {
		classes = classes[:10]
	}
	lam, err := figures.LambdaCurves(first.Result, classes, p.Rho, true, caption)
	if err != nil {
		return "", err
	}
	if err := embed(&md, dir, lam, "lambda",
		"Feature learning", fmt.Sprintf("Λ_{r,j}(t) of the joint net's encoders (winner solid, loser dashed; uni-modal nets dotted; grey line ϱ), %s. Values below %g are drawn at %g.", caption, figures.Floor, figures.Floor)); err != nil {
		return "", err
	}
	acc, err := figures.ClassAccuracy(first.Result, caption)
	if err != nil {
		return "", err
	}
	if err := embed(&md, dir, acc, "class-accuracy",
		"Per-class accuracy", fmt.Sprintf("Test accuracy per class of each uni-modal net and of the probe of the joint encoder (the analogue of the paper's Fig. 1 (a)(b) against (d)(e)), %s.", caption)); err != nil {
		return "", err
	}
	if len(first.Result.Lambda.BranchScore) >= 2 {
		var runs []result.Run
		var labels []string
		for _, l := range g.Base {
			runs, labels = append(runs, l.Result), append(labels, fmt.Sprintf("seed %d", l.Seed))
		}
		f, err := figures.Imbalance("Imbalance between the branches", fmt.Sprintf("case %s", caseName), runs, labels)
		if err != nil {
			return "", err
		}
		if err := embed(&md, dir, f, "imbalance", "Imbalance between the branches",
			fmt.Sprintf("s_0/s_1 over training, with s_r = Σ_i softmax(F_r(x_i))_{y_i} the joint net's branch r's confidence in the label on the training set (OGM-GE's ratio), one line per seed; case %s. Above 1, modality 0's branch dominates.", caseName)); err != nil {
			return "", err
		}
	}
	if len(g.Strength) > 0 {
		if err := strengthFigure(&md, dir, caseName, g.Strength); err != nil {
			return "", err
		}
	}
	if len(g.Mu) > 0 {
		if err := muFigure(&md, dir, caseName, g.Mu); err != nil {
			return "", err
		}
	}
	if len(g.Methods) > 0 {
		if err := methodsSection(&md, dir, caseName, g.Methods); err != nil {
			return "", err
		}
	}
	for _, key := range slices.Sorted(maps.Keys(g.Settings)) {
		if err := settingFigure(&md, dir, caseName, key, g.Settings[key]); err != nil {
			return "", err
		}
	}
	if prov != nil {
		fmt.Fprintf(&md, "\n---\n\nWritten by %s", prov)
		if all := g.lines(); len(all) > 0 {
			fmt.Fprintf(&md, ", from runs by %s", result.Revisions(all))
		}
		fmt.Fprintf(&md, ".\n")
	}
	path := filepath.Join(dir, "report.md")
	return path, atomicfile.WriteFile(path, []byte(md.String()))
}

func seedList(lines []result.Line) string {
	var s []string
	for _, l := range lines {
		s = append(s, fmt.Sprint(l.Seed))
	}
	return strings.Join(s, ", ")
}

func paramsTable(w io.Writer, p param.Case) error {
	var rows [][]string
	for _, k := range param.Keys() {
		js, err := p.Field(k)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(js, &v); err != nil {
			return err
		}
		if k == "method" {
			v = p.MethodName()
		} else if param.Optional(k) && (v == 0.0 || v == nil || v == "") {
			continue // a setting of another method or of a variant not in use
		}
		rows = append(rows, []string{k, fmt.Sprint(v)})
	}
	return table.Render(w, table.Markdown, []string{"parameter", "value"}, rows)
}

func embed(md *strings.Builder, dir string, f *figures.Figure, base, title, caption string) error {
	if _, err := f.Save(dir, base); err != nil {
		return err
	}
	fmt.Fprintf(md, "\n## %s\n\n![%s](%s.png)\n\n%s ([SVG](%s.svg))\n", title, title, base, caption, base)
	return nil
}

// byParams groups lines by their parameter values, in first-seen order.
func byParams(lines []result.Line) [][]result.Line {
	var keys []string
	groups := map[string][]result.Line{}
	for _, l := range lines {
		js, _ := json.Marshal(l.Overrides)
		k := string(js)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], l)
	}
	out := make([][]result.Line, len(keys))
	for i, k := range keys {
		out[i] = groups[k]
	}
	return out
}

func runsOf(lines []result.Line) []result.Run {
	runs := make([]result.Run, len(lines))
	for i, l := range lines {
		runs[i] = l.Result
	}
	return runs
}

// relativeStrength is E[z_1^q] / E[z_0^q] for the sufficient targets.
func relativeStrength(p param.Case) float64 {
	return theory.MomentUniform(p.A[1], p.B[1], p.Q) / theory.MomentUniform(p.A[0], p.B[0], p.Q)
}

// strengthFigure plots how often modality 0 wins a single-winner class against
// the relative strength E[z_1^q]/E[z_0^q], with Clopper–Pearson intervals, over
// the theory's p_0.
func strengthFigure(md *strings.Builder, dir, caseName string, lines []result.Line) error {
	var emp, th figures.Series
	emp.Name, emp.Bars = "measured: modality 0 wins (95% CI)", true
	th.Name, th.Dashed = "theory p₀ (quadrature)", true
	var rows [][]string
	seeds := 0
	for _, group := range byParams(lines) {
		p := group[0].Params
		x := relativeStrength(p)
		wins, single := 0, 0
		for _, run := range runsOf(group) {
			for j := range run.Winner {
				n := 0
				for r := range run.Learned {
					if run.Learned[r][j] {
						n++
					}
				}
				if n == 1 {
					single++
					if run.Winner[j] == 0 {
						wins++
					}
				}
			}
		}
		seeds = len(group)
		freq := math.NaN()
		if single > 0 {
			freq = float64(wins) / float64(single)
		}
		lo, hi := stats.ClopperPearson(wins, single, stats.Level)
		if single > 0 { // no single-winner class: no frequency to draw
			emp.Points = append(emp.Points, figures.Point{X: x, Y: freq, Lo: lo, Hi: hi})
		}
		p0 := "–" // the theory gives no p_r here (the plain ReLU)
		if pr, err := theory.WinProbabilities(p); err == nil {
			th.Points = append(th.Points, figures.Point{X: x, Y: pr[0]})
			p0 = fmt.Sprintf("%.3f", pr[0])
		}
		rows = append(rows, []string{fmt.Sprintf("%.2f", x), fmt.Sprintf("%d/%d", wins, single), fmt.Sprintf("%.3f [%.3f, %.3f]", freq, lo, hi), p0})
	}
	caption := fmt.Sprintf("case %s, %d seeds per point", caseName, seeds)
	f, err := figures.Lines("Winning probability against relative strength", "relative strength E[z₁^q] / E[z₀^q]", "P(modality 0 wins a class)", caption, []figures.Series{emp, th})
	if err != nil {
		return err
	}
	if err := embed(md, dir, f, "win-probability", "Winning probability against relative strength",
		fmt.Sprintf("Frequency with which modality 0 wins a single-winner class as modality 1's sufficient signal U[a_1, b_1] grows, with 95%% Clopper–Pearson intervals, over the theory's p_0; %s.", caption)); err != nil {
		return err
	}
	md.WriteString("\n")
	return table.Render(md, table.Markdown, []string{"E[z_1^q]/E[z_0^q]", "wins of modality 0", "frequency [95% CI]", "theory p_0"}, rows)
}

// muFigure plots the joint, best uni-modal, plug-in and Σ p_r μ_r test errors
// against μ_1 at fixed μ_0.
func muFigure(md *strings.Builder, dir, caseName string, lines []result.Line) error {
	series := []figures.Series{
		{Name: "joint net (95% CI over seeds)", Bars: true},
		{Name: "best uni-modal net (95% CI)", Bars: true},
		{Name: "plug-in prediction", Dashed: true},
		{Name: "theory Σᵣ pᵣ μᵣ", Dashed: true},
	}
	var rows [][]string
	seeds := 0
	for _, group := range byParams(lines) {
		p := group[0].Params
		runs := runsOf(group)
		seeds = len(runs)
		joint, best, plug := make([]float64, len(runs)), make([]float64, len(runs)), make([]float64, len(runs))
		for s, run := range runs {
			joint[s] = run.Joint.TestError
			best[s] = math.Inf(1)
			for _, u := range run.Uni {
				best[s] = math.Min(best[s], u.TestError)
			}
			plug[s] = claims.PlugIn(p, run)
		}
		zeros := make([]float64, len(runs))
		jt, bt, pt := stats.PairedTest(joint, zeros), stats.PairedTest(best, zeros), stats.PairedTest(plug, zeros)
		x := p.Mu[1]
		series[0].Points = append(series[0].Points, figures.Point{X: x, Y: jt.Mean, Lo: finite(jt.Lo, jt.Mean), Hi: finite(jt.Hi, jt.Mean)})
		series[1].Points = append(series[1].Points, figures.Point{X: x, Y: bt.Mean, Lo: finite(bt.Lo, bt.Mean), Hi: finite(bt.Hi, bt.Mean)})
		series[2].Points = append(series[2].Points, figures.Point{X: x, Y: pt.Mean})
		pm := "–" // the theory gives no p_r here (the plain ReLU)
		if pr, err := theory.WinProbabilities(p); err == nil {
			sum := 0.0
			for r := range pr {
				sum += pr[r] * p.Mu[r]
			}
			series[3].Points = append(series[3].Points, figures.Point{X: x, Y: sum})
			pm = fmt.Sprintf("%.3f", sum)
		}
		rows = append(rows, []string{fmt.Sprintf("%.2f", x), fmt.Sprintf("%.3f", jt.Mean), fmt.Sprintf("%.3f", bt.Mean), fmt.Sprintf("%.3f", pt.Mean), pm})
	}
	mu0 := lines[0].Params.Mu[0]
	caption := fmt.Sprintf("case %s, μ₀ = %g, %d seeds per point", caseName, mu0, seeds)
	f, err := figures.Lines("Test error against μ₁", "μ₁ (probability modality 1 is insufficient)", "test error", caption, series)
	if err != nil {
		return err
	}
	if err := embed(md, dir, f, "error-vs-mu", "Test error against μ_1",
		fmt.Sprintf("Joint and best uni-modal test error against μ_1, with the plug-in prediction (from which modalities learned each class) and the theory's Σ_r p_r μ_r; %s.", caption)); err != nil {
		return err
	}
	md.WriteString("\n")
	return table.Render(md, table.Markdown, []string{"μ_1", "joint", "best uni", "plug-in", "Σ p_r μ_r"}, rows)
}

func finite(v, fallback float64) float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fallback
	}
	return v
}
