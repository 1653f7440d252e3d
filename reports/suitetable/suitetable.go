// Package suitetable renders the seed suite's verdicts as a cases × claims table,
// with the statistic and its 95% interval in each cell, and lists every verdict
// that differs from the theory's expectation beside it.
package suitetable

import (
	"fmt"
	"io"
	"math"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/reports/table"
)

// Cell formats one verdict: a mark, the statistic and its interval. The mark is
// "holds" or "fails", followed by "*" when the verdict differs from the case's
// expectation.
func Cell(o *cases.Outcome, id claims.ID) string {
	v := o.Verdict(id)
	mark := "fails"
	if v.Holds {
		mark = "holds"
	}
	if want, ok := o.Case.Expect[id]; ok && want != v.Holds {
		mark += "*"
	}
	if math.IsNaN(v.Statistic) {
		return mark + " (n/a)"
	}
	return fmt.Sprintf("%s %.3g [%.3g, %.3g]", mark, v.Statistic, v.Lo, v.Hi)
}

// Write renders the outcomes as a table, then the claims' rules and the
// unexpected verdicts with their explanations.
func Write(w io.Writer, outcomes []*cases.Outcome, f table.Format) error {
	header := []string{"case", "seeds"}
	for _, id := range claims.All {
		header = append(header, string(id))
	}
	var rows [][]string
	for _, o := range outcomes {
		row := []string{o.Case.Name, fmt.Sprint(len(o.Seeds))}
		for _, id := range claims.All {
			row = append(row, Cell(o, id))
		}
		rows = append(rows, row)
	}
	if err := table.Render(w, f, header, rows); err != nil {
		return err
	}
	bullet := "  "
	if f == table.Markdown {
		bullet = "- "
	}
	fmt.Fprintln(w, "\nCells: verdict, statistic [95% interval]; * marks a verdict the theory did not expect.")
	if f == table.Markdown {
		fmt.Fprintln(w)
	}
	for _, id := range claims.All {
		if len(outcomes) == 0 {
			break
		}
		v := outcomes[0].Verdict(id)
		fmt.Fprintf(w, "%s%s %s: %s (tolerance %g in case %s)\n", bullet, id, claims.Describe(id), v.Rule, v.Tolerance, outcomes[0].Case.Name)
	}
	var surprises []cases.Surprise
	for _, o := range outcomes {
		surprises = append(surprises, o.Surprises()...)
	}
	if len(surprises) > 0 {
		fmt.Fprintln(w, "\nVerdicts that differ from the theory's expectation:")
		if f == table.Markdown {
			fmt.Fprintln(w)
		}
		for _, s := range surprises {
			line := bullet + s.Message
			if s.Known {
				line += " — " + s.Why
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}
