// Package export writes modcomp's results as long-form ("tidy") CSV tables
// that pandas, R or a spreadsheet load without custom code:
//
//	metrics.csv  one row per (case, point, seed, net, metric[, class | pattern])
//	lambda.csv   one row per (case, point, seed, net, modality, class, step): Λ curves
//	classes.csv  one row per (case, point, seed, class): winners, predictions, Λ, Γ and Γ′ per modality
//	verdicts.csv one row per (case, claim) of a suite (only when there are verdicts)
//
// Columns:
//
//	case       the named case
//	point      a sweep point's overrides as canonical JSON ("" for a run or a suite)
//	seed       the seed
//	net        "joint", "uni R" or "probe R"
//	modality   the modality a uni-modal net or probe reads, or the encoder of a Λ curve ("" for the joint net's metrics)
//	metric     train_error, test_error, final_loss, test_error_by_class, test_error_by_pattern
//	class      the class of a per-class metric or row ("" otherwise)
//	pattern    the insufficiency pattern of a per-pattern metric ("none", "0", "1", "0+1", …)
//	value      the number
//	step       a recorded gradient-descent step; lambda: Λ at that step
//
// Numbers are written with the shortest representation that reads back to the
// same float64, so a table holds exactly the JSON's values. Files are written
// atomically with encoding/csv.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/fileset"
)

// Run is one run with the labels of its rows.
type Run struct {
	Case  string
	Point string
	Run   result.Run
}

// Table names and headers.
var (
	MetricsHeader  = []string{"case", "point", "seed", "net", "modality", "metric", "class", "pattern", "value"}
	LambdaHeader   = []string{"case", "point", "seed", "net", "modality", "class", "step", "lambda"}
	VerdictsHeader = []string{"case", "size", "claim", "holds", "inconclusive", "statistic", "lo", "hi", "tolerance", "rule"}
)

// ClassesHeader is the classes table's header for R modalities: per
// modality, whether it learned the class, Λ at steps 0 and T, Γ and the
// finite-sample Γ′.
func ClassesHeader(r int) []string {
	h := []string{"case", "point", "seed", "class", "winner", "predicted_winner", "predicted_winner_finite"}
	for _, name := range []string{"learned", "lambda_initial", "lambda_final", "gamma", "gamma_finite"} {
		for m := 0; m < r; m++ {
			h = append(h, fmt.Sprintf("%s_%d", name, m))
		}
	}
	return h
}

// Num formats a float64 so that it reads back to the same value.
func Num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func itoa(i int) string { return strconv.Itoa(i) }

// Tables holds the rows of every table.
type Tables struct {
	Metrics, Lambda, Classes, Verdicts [][]string
	modalities                         int
}

// Add appends the rows of one run.
func (t *Tables) Add(r Run) {
	run := r.Run
	seed := strconv.FormatUint(run.Seed, 10)
	base := []string{r.Case, r.Point, seed}
	row := func(cols ...string) []string { return append(slices.Clone(base), cols...) }
	net := func(name, modality string, n result.Net, loss bool) {
		t.Metrics = append(t.Metrics,
			row(name, modality, "train_error", "", "", Num(n.TrainError)),
			row(name, modality, "test_error", "", "", Num(n.TestError)))
		if loss {
			t.Metrics = append(t.Metrics, row(name, modality, "final_loss", "", "", Num(n.FinalLoss)),
				row(name, modality, "steps", "", "", itoa(n.Steps)),
				row(name, modality, "zero_error_step", "", "", itoa(n.ZeroErrorStep)))
		}
		for j, e := range n.TestErrorByClass {
			if e >= 0 {
				t.Metrics = append(t.Metrics, row(name, modality, "test_error_by_class", itoa(j), "", Num(e)))
			}
		}
		for _, p := range slices.Sorted(maps.Keys(n.TestErrorByPattern)) {
			t.Metrics = append(t.Metrics, row(name, modality, "test_error_by_pattern", "", p, Num(n.TestErrorByPattern[p])))
		}
	}
	net("joint", "", run.Joint, true)
	for m, u := range run.Uni {
		net(fmt.Sprintf("uni %d", m), itoa(m), u, true)
	}
	for m, p := range run.Probe {
		net(fmt.Sprintf("probe %d", m), itoa(m), p, false)
	}
	curves := func(name string, lam [][][]float64, uni bool) {
		for m, byClass := range lam {
			label := name
			if uni {
				label = fmt.Sprintf("uni %d", m)
			}
			for j, series := range byClass {
				for s, v := range series {
					t.Lambda = append(t.Lambda, row(label, itoa(m), itoa(j), itoa(run.Lambda.Steps[s]), Num(v)))
				}
			}
		}
	}
	curves("joint", run.Lambda.Joint, false)
	curves("uni", run.Lambda.Uni, true)
	r0, rT := run.Lambda.Initial(), run.Lambda.Final()
	t.modalities = max(t.modalities, len(r0))
	for j := range run.Winner {
		cols := []string{itoa(j), itoa(run.Winner[j]), itoa(run.PredictedWinner[j]), itoa(run.PredictedWinnerFinite[j])}
		for m := range run.Learned {
			cols = append(cols, strconv.FormatBool(run.Learned[m][j]))
		}
		for m := range r0 {
			cols = append(cols, Num(r0[m][j]))
		}
		for m := range rT {
			cols = append(cols, Num(rT[m][j]))
		}
		for m := range run.Gamma {
			cols = append(cols, Num(run.Gamma[m][j]))
		}
		for m := range run.GammaFinite {
			cols = append(cols, Num(run.GammaFinite[m][j]))
		}
		t.Classes = append(t.Classes, row(cols...))
	}
}

// AddOutcome appends an outcome's runs and verdicts.
func (t *Tables) AddOutcome(o *result.Outcome) {
	for _, run := range o.Runs {
		t.Add(Run{Case: o.Case, Run: run})
	}
	for _, v := range o.Verdicts {
		t.Verdicts = append(t.Verdicts, []string{o.Case, o.Size, string(v.Claim), strconv.FormatBool(v.Holds), strconv.FormatBool(v.Inconclusive),
			Num(v.Statistic), Num(v.Lo), Num(v.Hi), Num(v.Tolerance), v.Rule})
	}
}

// AddLines appends the runs of sweep lines; a line's point is its overrides.
func (t *Tables) AddLines(lines []result.Line) {
	for _, l := range lines {
		point, _, _ := strings.Cut(l.ID, "/seed=")
		t.Add(Run{Case: l.Case, Point: point, Run: l.Result})
	}
}

// Write writes the tables into dir (created if needed) as one set
// (internal/fileset) and returns the file names written: they replace the
// tables of an earlier export or run -csv into dir whole (a table the new set
// lacks, such as a suite's verdicts.csv, is removed), and a second writer is
// refused while the first works.
func (t *Tables) Write(dir string) ([]string, error) {
	set, err := fileset.Begin(dir)
	if err != nil {
		return nil, err
	}
	defer set.Abort()
	tables := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"metrics.csv", MetricsHeader, t.Metrics},
		{"lambda.csv", LambdaHeader, t.Lambda},
		{"classes.csv", ClassesHeader(t.modalities), t.Classes},
	}
	if len(t.Verdicts) > 0 {
		tables = append(tables, struct {
			name   string
			header []string
			rows   [][]string
		}{"verdicts.csv", VerdictsHeader, t.Verdicts})
	}
	for _, tab := range tables {
		err := set.Write(tab.name, func(f io.Writer) error {
			w := csv.NewWriter(f)
			if err := w.Write(tab.header); err != nil {
				return err
			}
			if err := w.WriteAll(tab.rows); err != nil {
				return err
			}
			return w.Error()
		})
		if err != nil {
			return nil, err
		}
	}
	return set.Commit()
}

// DocumentTables returns the CSV tables of doc's runs.
func DocumentTables(doc *result.Document) *Tables {
	var tabs Tables
	for _, run := range doc.Runs {
		tabs.Add(Run{Case: doc.Case, Run: run})
	}
	return &tabs
}
