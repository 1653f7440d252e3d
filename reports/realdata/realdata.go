// Package realdata renders the outcomes of the real-data cases: a page with
// every net's test error over seeds, the Λ view's winners, the verdicts of
// R1–R3 and figures (per-class accuracy of each view's uni-modal net and
// probe, the errors over seeds, the init-time predictor's hit rate).
package realdata

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/stats"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

// Page is the page's file name in its directory.
const Page = "real-data.md"

// Write writes the page and its figures into dir (which must exist), each
// file atomically, and returns the files' names. command is the command
// line that regenerates them, provenance the build's.
func Write(dir, title, command, provenance string, outcomes []*result.Outcome) ([]string, error) {
	var files []string
	save := func(f *figures.Figure, err error, base string) error {
		if err != nil {
			return err
		}
		names, err := f.Save(dir, base)
		files = append(files, names...)
		return err
	}
	for i, o := range outcomes {
		f, err := Errors(o)
		if err := save(f, err, fmt.Sprintf("errors-%d", i+1)); err != nil {
			return nil, err
		}
		f, err = figures.ClassAccuracy(o.Runs[0], fmt.Sprintf("%s, seed %d", o.Case, o.Runs[0].Seed))
		if err := save(f, err, fmt.Sprintf("classes-%d", i+1)); err != nil {
			return nil, err
		}
	}
	f, err := Predictor(outcomes)
	if err := save(f, err, "predictor"); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, Page)
	err = suitetable.WritePageWith(path, title, command, provenance, func(w io.Writer) error { return body(w, outcomes) })
	return append(files, Page), err
}

// nets lists the nets of a run the page reports, with their labels.
func nets(run result.Run) ([]string, []result.Net) {
	labels, out := []string{"joint"}, []result.Net{run.Joint}
	for r, u := range run.Uni {
		labels, out = append(labels, fmt.Sprintf("uni %d", r)), append(out, u)
	}
	for r, p := range run.Probe {
		labels, out = append(labels, fmt.Sprintf("probe %d", r)), append(out, p)
	}
	return labels, out
}

// testErrors returns, per net of the runs (in nets' order), the test error
// of each seed.
func testErrors(o *result.Outcome) ([]string, [][]float64) {
	labels, _ := nets(o.Runs[0])
	errs := make([][]float64, len(labels))
	for _, run := range o.Runs {
		_, ns := nets(run)
		for i, n := range ns {
			errs[i] = append(errs[i], n.TestError)
		}
	}
	return labels, errs
}

// bar is a bar at x of height mean with its interval; an interval one seed
// cannot give is drawn as none, and a mean no seed gives as an empty bar
// whose label says so.
func bar(x int, label string, mean, lo, hi float64) (string, figures.Point) {
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return label + " (none)", figures.Point{X: float64(x)}
	}
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsNaN(hi) || math.IsInf(hi, 0) {
		lo, hi = mean, mean
	}
	return label, figures.Point{X: float64(x), Y: mean, Lo: lo, Hi: hi}
}

// Errors draws the mean test error of every net of the case over its seeds,
// with 95% intervals.
func Errors(o *result.Outcome) (*figures.Figure, error) {
	labels, errs := testErrors(o)
	points := make([]figures.Point, len(errs))
	for i, e := range errs {
		t := stats.OverSeeds(e)
		labels[i], points[i] = bar(i, labels[i], t.Mean, t.Lo, t.Hi)
	}
	return figures.Bars(o.Case+": test error over seeds", "test error", fmt.Sprintf("%d seeds, mean and 95%% interval", len(o.Runs)), labels, points, nil)
}

// Predictor draws R3's statistic per case, the fraction of single-winner
// classes whose winner the init-time predictor names, against chance.
func Predictor(outcomes []*result.Outcome) (*figures.Figure, error) {
	names := make([]string, len(outcomes))
	points := make([]figures.Point, len(outcomes))
	chance := 0.0
	for i, o := range outcomes {
		v := o.Verdict(claims.R3)
		names[i], points[i] = bar(i, o.Case, v.Statistic, v.Lo, v.Hi)
		chance = v.Tolerance
	}
	return figures.Bars("init-time predictor: winners named right", "fraction of single-winner classes",
		"argmax_r Γ′_r,j · Λ_r,j(0)^(q−2), mean over seeds and 95% interval", names, points,
		[]figures.Reference{{Name: "chance", Y: chance}})
}

// body writes the page's tables.
func body(w io.Writer, outcomes []*result.Outcome) error {
	fmt.Fprintf(w, "## Cases\n\nEach case's data and the settings that set its regime; the rest is the model's (docs/model.md), as `modcomp run -case NAME` prints it.\n\n")
	header := []string{"case", "source", "view_noise", "d", "N", "N_test", "m", "q", "ϱ", "σ0", "η", "T", "method"}
	var rows [][]string
	for _, o := range outcomes {
		p := o.Params
		rows = append(rows, []string{o.Case, p.Source, fmt.Sprint(p.ViewNoise), fmt.Sprint(p.D), fmt.Sprint(p.N), fmt.Sprint(p.NTest),
			fmt.Sprint(p.M), fmt.Sprint(p.Q), fmt.Sprint(p.Rho), fmt.Sprint(p.Sigma0), fmt.Sprint(p.Eta), fmt.Sprint(p.Steps), p.MethodName()})
	}
	if err := table.Render(w, table.Markdown, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Test error\n\nMean over seeds and 95%% interval (Student t over seeds).\n\n")
	labels, _ := testErrors(outcomes[0])
	header, rows = append(append([]string{"case", "seeds"}, labels...), "train error: joint, uni-modal"), nil
	for _, o := range outcomes {
		_, errs := testErrors(o)
		row := []string{o.Case, fmt.Sprint(len(o.Runs))}
		for _, e := range errs {
			s := stats.OverSeeds(e)
			row = append(row, fmt.Sprintf("%.4f [%.4f, %.4f]", s.Mean, s.Lo, s.Hi))
		}
		rows = append(rows, append(row, trainErrors(o)))
	}
	if err := table.Render(w, table.Markdown, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Who learns which class\n\nThe Λ view (class j's feature in view r: the unit class mean of the centred training view; "+
		"learned: Λ_{r,j}(T) ≥ ϱ and ≥ κ·max_r′ Λ_{r′,j}(T)), counted over all (seed, class) pairs, and the functional view "+
		"(a probe or uni-modal net learns a class at 50%% test accuracy on it).\n\n")
	header, rows = []string{"case", "(seed, class) pairs", "view 0 alone", "view 1 alone", "both", "neither", "probes: one alone", "uni-modal nets: one alone"}, nil
	for _, o := range outcomes {
		rows = append(rows, learnedRow(o))
	}
	if err := table.Render(w, table.Markdown, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Verdicts\n\n")
	if err := suitetable.Write(w, outcomes, table.Markdown); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Figures\n\n")
	for i, o := range outcomes {
		fmt.Fprintf(w, "![%s: test errors](errors-%d.png)\n![%s: per-class accuracy, seed %d](classes-%d.png)\n\n", o.Case, i+1, o.Case, o.Runs[0].Seed, i+1)
	}
	_, err := fmt.Fprintf(w, "![init-time predictor's hit rate](predictor.png)\n")
	return err
}

// learnedRow counts, over the case's (seed, class) pairs, who learned each
// class in the Λ view, and the classes one probe or one uni-modal net alone
// reaches R2's class accuracy on.
func learnedRow(o *result.Outcome) []string {
	var alone [2]int
	both, neither, pairs, probes, unis := 0, 0, 0, 0, 0
	acc := claims.DefaultRealDataTolerances().ClassAccuracy
	for _, run := range o.Runs {
		for j := range run.Winner {
			pairs++
			var by []int
			for r := range run.Learned {
				if run.Learned[r][j] {
					by = append(by, r)
				}
			}
			switch {
			case len(by) == 0:
				neither++
			case len(by) == 1 && by[0] < 2:
				alone[by[0]]++
			default:
				both++
			}
			if claims.LearnedAlone(run.Probe, j, acc) {
				probes++
			}
			if claims.LearnedAlone(run.Uni, j, acc) {
				unis++
			}
		}
	}
	frac := func(n int) string { return fmt.Sprintf("%d (%.2f)", n, float64(n)/float64(pairs)) }
	return []string{o.Case, fmt.Sprint(pairs), frac(alone[0]), frac(alone[1]), frac(both), frac(neither), frac(probes), frac(unis)}
}

// trainErrors lists the mean training error over seeds of the joint net and
// of each uni-modal net.
func trainErrors(o *result.Outcome) string {
	mean := func(pick func(result.Run) float64) string {
		sum := 0.0
		for _, run := range o.Runs {
			sum += pick(run)
		}
		return fmt.Sprintf("%.4f", sum/float64(len(o.Runs)))
	}
	parts := []string{mean(func(r result.Run) float64 { return r.Joint.TrainError })}
	for u := range o.Runs[0].Uni {
		parts = append(parts, mean(func(r result.Run) float64 { return r.Uni[u].TrainError }))
	}
	return strings.Join(parts, ", ")
}
