// Package suitetable renders the seed suite's verdicts as a cases × claims table,
// with the statistic and its 95% interval in each cell, and lists every verdict
// that differs from the theory's expectation beside it.
package suitetable

import (
	"fmt"
	"io"
	"math"

	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/reports/table"
)

// Extra adds columns after the claims: their headers, and a function giving
// an outcome's cells.
type Extra struct {
	Headers []string
	Cells   func(*result.Outcome) []string
}

// Cell formats one verdict: a mark, the statistic and its interval. The mark is
// "holds" or "fails", followed by "*" when the verdict differs from the case's
// expectation.
func Cell(o *result.Outcome, id result.ClaimID) string {
	v := o.Verdict(id)
	mark := "fails"
	if v.Holds {
		mark = "holds"
	}
	if want, ok := o.Expect[id]; ok && want != v.Holds {
		mark += "*"
	}
	if math.IsNaN(v.Statistic) {
		return mark + " (n/a)"
	}
	return fmt.Sprintf("%s %.3g [%.3g, %.3g]", mark, v.Statistic, v.Lo, v.Hi)
}

// Write renders the outcomes as a table, then the claims' rules and the
// unexpected verdicts with their explanations. The columns are the first
// outcome's claims.
func Write(w io.Writer, outcomes []*result.Outcome, f table.Format) error {
	return WriteRows(w, outcomes, "case", func(o *result.Outcome) string { return o.Case }, nil, f)
}

// WriteRows is Write with a chosen first column (its header and a label for
// each outcome) and extra columns after the claims (nil for none).
func WriteRows(w io.Writer, outcomes []*result.Outcome, first string, label func(*result.Outcome) string,
	extra *Extra, f table.Format) error {
	var ids []result.ClaimID
	if len(outcomes) > 0 {
		ids = outcomes[0].Claims
	}
	header := []string{first, "seeds"}
	for _, id := range ids {
		header = append(header, string(id))
	}
	if extra != nil {
		header = append(header, extra.Headers...)
	}
	var rows [][]string
	for _, o := range outcomes {
		row := []string{label(o), fmt.Sprint(len(o.Seeds))}
		for _, id := range ids {
			row = append(row, Cell(o, id))
		}
		if extra != nil {
			row = append(row, extra.Cells(o)...)
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
	for _, id := range ids {
		v := outcomes[0].Verdict(id)
		fmt.Fprintf(w, "%s%s %s: %s (tolerance %g in %s %s)\n", bullet, id, outcomes[0].Describe[id], v.Rule, v.Tolerance, first, label(outcomes[0]))
	}
	var surprises []result.Surprise
	for _, o := range outcomes {
		surprises = append(surprises, o.Surprises...)
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
