package report

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
	"github.com/modcomp/modcomp/core/theory"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/table"
)

// methodSettingKeys are the parameters that belong to one training method:
// every registered method's Case fields, then the methods' own settings.
func methodSettingKeys() []string {
	var keys []string
	for _, name := range param.MethodNames() {
		spec, _ := param.Method(name)
		keys = append(keys, spec.Fields...)
	}
	return append(keys, "settings")
}

// methodLabel names a line's method with its settings ("ogm-ge alpha=0.5").
func methodLabel(l result.Line) string {
	p := l.Params
	label := p.MethodName()
	for _, k := range methodSettingKeys() {
		if v, ok := l.Overrides[k]; ok {
			label += fmt.Sprintf(" %s=%s", k, v)
		}
	}
	if note := p.MethodNote(); note != "" {
		label += " " + note
	}
	return label
}

// bySeed indexes runs by seed.
func bySeed(lines []result.Line) map[uint64]result.Run {
	m := map[uint64]result.Run{}
	for _, l := range lines {
		m[l.Seed] = l.Result
	}
	return m
}

// meanInterval is the mean of x with its 95% t interval (the mean alone
// where there is no interval).
func meanInterval(x []float64) figures.Point {
	t := stats.OverSeeds(x)
	return figures.Point{Y: t.Mean, Lo: finite(t.Lo, t.Mean), Hi: finite(t.Hi, t.Mean)}
}

// methodsSection writes the training methods' comparison: a table of test
// errors and M1–M4 verdicts against joint training on the same seeds, a bar
// chart of test error per method with reference lines, and the Λ curves of
// one class that joint training lost, under each method.
func methodsSection(md *strings.Builder, dir, caseName string, lines []result.Line) error {
	groups := byParams(lines)
	var joint []result.Line
	for _, g := range groups {
		if g[0].Params.MethodName() == param.MethodJoint {
			joint = g
		}
	}
	if joint == nil {
		return fmt.Errorf("report: the methods grid has no joint training to compare with")
	}
	jointBy := bySeed(joint)
	p := joint[0].Params
	md.WriteString("\n## Training methods\n\n")
	fmt.Fprintf(md, "Every method trains from the same data and the same W(0) as joint training on each seed; M1–M4 pair each method's runs with joint training's (case %s).\n\n", caseName)
	var names []string
	var points []figures.Point
	var rows [][]string
	bestUni, jointErr := []float64{}, []float64{}
	for _, l := range joint {
		b := math.Inf(1)
		for _, u := range l.Result.Uni {
			b = math.Min(b, u.TestError)
		}
		bestUni = append(bestUni, b)
		jointErr = append(jointErr, l.Result.Joint.TestError)
	}
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool { return g[i].Seed < g[j].Seed })
		var paired, runs []result.Run
		var errs []float64
		for _, l := range g {
			j, ok := jointBy[l.Seed]
			if !ok {
				continue
			}
			paired, runs = append(paired, j), append(runs, l.Result)
			errs = append(errs, l.Result.Joint.TestError)
		}
		label := methodLabel(g[0])
		pt := meanInterval(errs)
		names, points = append(names, strings.Fields(label)[0]), append(points, pt)
		row := []string{label, fmt.Sprint(len(runs)), fmt.Sprintf("%.3f [%.3f, %.3f]", pt.Y, pt.Lo, pt.Hi)}
		for _, v := range claims.CheckMethod(g[0].Params, paired, runs, claims.DefaultMethodTolerances()) {
			row = append(row, fmt.Sprintf("%s %.3g", v.Mark(), v.Statistic))
		}
		rows = append(rows, row)
	}
	header := []string{"method", "seeds", "test error [95% CI]"}
	for _, id := range claims.MethodClaims {
		header = append(header, string(id))
	}
	if err := table.Render(md, table.Markdown, header, rows); err != nil {
		return err
	}
	md.WriteString("\n")
	for _, id := range claims.MethodClaims {
		fmt.Fprintf(md, "- %s: %s\n", id, claims.Describe(id))
	}
	refs := []figures.Reference{{Name: "best uni-modal", Y: mean(bestUni)}, {Name: "joint", Y: mean(jointErr)}}
	if pr, err := theory.WinProbabilities(p); err == nil {
		pm := 0.0
		for r := range pr {
			pm += pr[r] * p.Mu[r]
		}
		refs = append(refs, figures.Reference{Name: "Σᵣ pᵣ μᵣ", Y: pm})
	}
	caption := fmt.Sprintf("case %s, %d seeds", caseName, len(joint))
	f, err := figures.Bars("Test error by training method", "test error", caption, names, points, refs)
	if err != nil {
		return err
	}
	if err := embed(md, dir, f, "methods-error", "Test error by training method",
		fmt.Sprintf("Mean test error of each method's fused net with its 95%% t interval over seeds, against the best uni-modal net, joint training and the theory's Σ_r p_r μ_r (dashed); %s.", caption)); err != nil {
		return err
	}
	return lostClassFigure(md, dir, caseName, joint, groups)
}

// lostClassFigure draws, for the first class joint training lost on its
// first seed, the loser's Λ(t) under every method.
func lostClassFigure(md *strings.Builder, dir, caseName string, joint []result.Line, groups [][]result.Line) error {
	first := joint[0]
	for _, l := range joint {
		if l.Seed < first.Seed {
			first = l
		}
	}
	run := first.Result
	loser, class := -1, -1
	for j := range run.Winner {
		for r := range run.Learned {
			if run.Winner[j] >= 0 && !run.Learned[r][j] && loser < 0 {
				loser, class = r, j
			}
		}
	}
	if loser < 0 {
		return nil
	}
	var curves []figures.Curve
	for _, g := range groups {
		for _, l := range g {
			if l.Seed == first.Seed {
				curves = append(curves, figures.Curve{Name: methodLabel(l), Steps: l.Result.Lambda.Steps, Values: l.Result.Lambda.Joint[loser][class],
					Dashed: l.Params.MethodName() == param.MethodJoint})
			}
		}
	}
	caption := fmt.Sprintf("case %s, seed %d", caseName, first.Seed)
	f, err := figures.LambdaByMethod(fmt.Sprintf("Λ of modality %d on class %d, which joint training lost", loser, class), caption, curves, first.Params.Rho)
	if err != nil {
		return err
	}
	return embed(md, dir, f, "methods-lambda", "A lost class under each method",
		fmt.Sprintf("Λ_{%d,%d}(t) of the fused net's encoder %d under each method (joint training dashed); modality %d lost class %d under joint training. %s; values below %g are drawn at %g.",
			loser, class, loser, loser, class, caption, figures.Floor, figures.Floor))
}

// settingFigure draws a method's test error against the one setting its grid
// varies (alpha for OGM-GE, p_drop for modality dropout), with the best
// uni-modal net's error beside it.
func settingFigure(md *strings.Builder, dir, caseName, key string, lines []result.Line) error {
	series := []figures.Series{
		{Name: "fused net (95% CI over seeds)", Bars: true},
		{Name: "best uni-modal net", Dashed: true},
	}
	var rows [][]string
	method := lines[0].Params.MethodName()
	seeds := 0
	axis := key
	if key == "eps" {
		axis = "log10 eps"
		method = method + " (optimizer adam)" // ε is the optimizer's setting
	}
	for _, g := range byParams(lines) {
		var x, shown float64
		switch key {
		case "alpha":
			x = g[0].Params.Alpha
		case "p_drop":
			x = g[0].Params.PDrop
		case "pre_steps":
			x = float64(g[0].Params.PreSteps)
		case "eps":
			shown = g[0].Params.Eps
			x = math.Log10(shown)
		}
		if key != "eps" {
			shown = x
		}
		var errs, best, both []float64
		for _, l := range g {
			errs = append(errs, l.Result.Joint.TestError)
			b := math.Inf(1)
			for _, u := range l.Result.Uni {
				b = math.Min(b, u.TestError)
			}
			best = append(best, b)
			both = append(both, learnedByAll(l.Result))
		}
		seeds = len(g)
		pt := meanInterval(errs)
		pt.X = x
		series[0].Points = append(series[0].Points, pt)
		series[1].Points = append(series[1].Points, figures.Point{X: x, Y: mean(best)})
		shared := meanInterval(both)
		rows = append(rows, []string{fmt.Sprintf("%g", shown), fmt.Sprintf("%.3f [%.3f, %.3f]", pt.Y, pt.Lo, pt.Hi), fmt.Sprintf("%.3f", mean(best)),
			fmt.Sprintf("%.2f [%.2f, %.2f]", shared.Y, shared.Lo, shared.Hi)})
	}
	caption := fmt.Sprintf("case %s, method %s, %d seeds per point", caseName, method, seeds)
	title := fmt.Sprintf("Test error against %s", key)
	f, err := figures.Lines(title, axis, "test error", caption, series)
	if err != nil {
		return err
	}
	if err := embed(md, dir, f, "error-vs-"+strings.ReplaceAll(key, "_", "-"), title,
		fmt.Sprintf("Test error of the fused net trained by %s against its setting %s, with the best uni-modal net's; %s.", method, key, caption)); err != nil {
		return err
	}
	md.WriteString("\n")
	if err := table.Render(md, table.Markdown, []string{key, "test error [95% CI]", "best uni", "classes learned by every modality [95% CI]"}, rows); err != nil {
		return err
	}
	if key == "eps" {
		return gradientScaleNote(md, lines[0])
	}
	return nil
}

// gradientScaleNote says where Adam's ε sits against the gradient: the root
// mean square of the fused gradient at W(0) on the first line's seed
// (train.InitialGradientScale). Adam's first update is η·g/(|g| + ε) per
// weight: gradient descent of step η/ε where |g| ≪ ε, sign descent of step
// η where |g| ≫ ε.
func gradientScaleNote(md *strings.Builder, l result.Line) error {
	scale, err := train.InitialGradientScale(context.Background(), l.Params, l.Seed, kernel.Kernels{})
	if err != nil {
		return err
	}
	fmt.Fprintf(md, "\nThe fused gradient at W(0) has a root mean square of %.3g per weight (seed %d). Adam's first update is "+
		"η·g/(|g| + ε) per weight: with ε far above that scale its first steps are gradient descent with step η/ε, "+
		"with ε far below it they are sign descent of step η.\n", scale, l.Seed)
	return nil
}

// learnedByAll is the fraction of a run's classes that every modality's
// encoder learned (claims.LearnedByAll), NaN without classes.
func learnedByAll(run result.Run) float64 {
	n, k := claims.LearnedByAll(run)
	return float64(n) / float64(k)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
