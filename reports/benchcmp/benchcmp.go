// Package benchcmp compares two `go test -bench` outputs the way benchstat does,
// with the x/perf packages: benchfmt reads the files, benchproc groups results
// by benchmark name, and benchmath summarises each sample (median and its
// confidence interval, no normality assumed) and compares old with new by the
// Mann–Whitney U-test. It renders the comparison as a markdown or text table and
// flags regressions for a CI gate.
package benchcmp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/table"
)

// Samples maps a benchmark name, then a unit, to its measured values.
type Samples map[string]map[string][]float64

// Read parses a benchmark file. It fails, naming the file and line, on a
// malformed line, and when the file holds no benchmark results at all.
func Read(name string, r io.Reader) (Samples, error) {
	var parser benchproc.ProjectionParser
	proj, err := parser.Parse(".fullname", nil)
	if err != nil {
		return nil, err
	}
	out := Samples{}
	reader := benchfmt.NewReader(r, name)
	for reader.Scan() {
		switch rec := reader.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			key := proj.Project(rec).StringValues()
			if out[key] == nil {
				out[key] = map[string][]float64{}
			}
			for _, v := range rec.Values {
				if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
					file, line := rec.Pos()
					return nil, fmt.Errorf("%s:%d: %s: %v %s is not a finite measurement", file, line, rec.Name, v.Value, v.Unit)
				}
				if v.Value < 0 {
					file, line := rec.Pos()
					return nil, fmt.Errorf("%s:%d: %s: %v %s is negative; no benchmark measures less than nothing", file, line, rec.Name, v.Value, v.Unit)
				}
				out[key][v.Unit] = append(out[key][v.Unit], v.Value)
			}
		}
	}
	if err := reader.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	return out, nil
}

// ReadFile reads a benchmark file from disk.
func ReadFile(path string) (Samples, error) {
	f, err := readlimit.Open(path, readlimit.Medium)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(path, readlimit.Reader(f, path, readlimit.Medium))
}

// Row is the comparison of one benchmark in one unit.
type Row struct {
	Name, Unit string
	Old, New   benchmath.Summary
	// Delta is new/old − 1 of the medians; NaN when old is 0.
	Delta float64
	// P is the U-test p-value; Significant is P < Alpha.
	P           float64
	Significant bool
	// Worse reports a significant change in the bad direction (slower, more
	// memory, fewer GFLOP/s) beyond the threshold.
	Worse bool
	// Warnings are benchmath's notes (too few samples, ...).
	Warnings []string
}

// Options tunes Compare. The zero value is usable: Alpha 0 means 0.05, and
// Threshold 0 means 0.10.
type Options struct {
	// Alpha is the significance level of the U-test.
	Alpha float64
	// Threshold is the relative slowdown that counts as a regression.
	Threshold float64
}

// HigherIsBetter reports whether a larger value of unit is an improvement.
func HigherIsBetter(unit string) bool {
	return strings.HasSuffix(unit, "/s") || strings.HasSuffix(unit, "/sec")
}

// Comparison is the result of Compare.
type Comparison struct {
	Rows []Row
	// Geomean is the geometric mean of new/old over the sec/op rows, minus one.
	Geomean float64
}

// Regressions returns the rows that got significantly worse beyond the threshold.
func (c *Comparison) Regressions() []Row {
	var out []Row
	for _, r := range c.Rows {
		if r.Worse {
			out = append(out, r)
		}
	}
	return out
}

// Compare compares every benchmark and unit present in both old and new. It
// fails when they have no benchmark in common.
func Compare(old, new Samples, opt Options) (*Comparison, error) {
	if opt.Alpha == 0 {
		opt.Alpha = 0.05
	}
	if opt.Threshold == 0 {
		opt.Threshold = 0.10
	}
	thresholds := benchmath.DefaultThresholds
	thresholds.CompareAlpha = opt.Alpha
	var names []string
	for name := range new {
		if _, ok := old[name]; ok {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("no benchmarks in common between the old and the new file")
	}
	sort.Strings(names)
	c := &Comparison{}
	logSum, logN := 0.0, 0
	for _, name := range names {
		var units []string
		for unit := range new[name] {
			if _, ok := old[name][unit]; ok {
				units = append(units, unit)
			}
		}
		sort.Strings(units)
		for _, unit := range units {
			s1 := benchmath.NewSample(old[name][unit], &thresholds)
			s2 := benchmath.NewSample(new[name][unit], &thresholds)
			a := benchmath.AssumeNothing
			row := Row{Name: name, Unit: unit,
				Old: a.Summary(s1, 0.95), New: a.Summary(s2, 0.95)}
			cmp := a.Compare(s1, s2)
			row.P = cmp.P
			row.Significant = cmp.P < cmp.Alpha
			row.Delta = math.NaN()
			if row.Old.Center != 0 {
				row.Delta = row.New.Center/row.Old.Center - 1
			}
			bad := row.Delta
			if HigherIsBetter(unit) {
				bad = -bad
			}
			row.Worse = row.Significant && bad > opt.Threshold
			for _, w := range append(append(cmp.Warnings, row.Old.Warnings...), row.New.Warnings...) {
				row.Warnings = append(row.Warnings, w.Error())
			}
			if unit == "sec/op" && row.Old.Center > 0 && row.New.Center > 0 {
				logSum += math.Log(row.New.Center / row.Old.Center)
				logN++
			}
			c.Rows = append(c.Rows, row)
		}
	}
	c.Geomean = math.NaN()
	if logN > 0 {
		c.Geomean = math.Exp(logSum/float64(logN)) - 1
	}
	return c, nil
}

func formatValue(v float64, unit string) string {
	if unit == "sec/op" {
		switch {
		case v >= 1:
			return fmt.Sprintf("%.3fs", v)
		case v >= 1e-3:
			return fmt.Sprintf("%.3fms", v*1e3)
		case v >= 1e-6:
			return fmt.Sprintf("%.3fµs", v*1e6)
		}
		return fmt.Sprintf("%.1fns", v*1e9)
	}
	return fmt.Sprintf("%.4g", v)
}

// Write renders the comparison: one row per benchmark and unit with old and new
// medians (± the interval's half-width as a percentage), the delta ("~" when not
// significant), the p-value and a REGRESSION mark, then the sec/op geomean and
// benchmath's warnings.
func Write(w io.Writer, c *Comparison, f table.Format) error {
	header := []string{"benchmark", "unit", "old", "new", "delta", "p", ""}
	var rows [][]string
	var warnings []string
	for _, r := range c.Rows {
		delta := "~"
		if r.Significant && !math.IsNaN(r.Delta) {
			delta = fmt.Sprintf("%+.2f%%", 100*r.Delta)
		}
		mark := ""
		if r.Worse {
			mark = "REGRESSION"
		}
		rows = append(rows, []string{r.Name, r.Unit,
			formatValue(r.Old.Center, r.Unit) + " ±" + r.Old.PctRangeString(),
			formatValue(r.New.Center, r.Unit) + " ±" + r.New.PctRangeString(),
			delta, fmt.Sprintf("%.3f", r.P), mark})
		for _, warn := range r.Warnings {
			warnings = append(warnings, r.Name+" "+r.Unit+": "+warn)
		}
	}
	geo := "–"
	if !math.IsNaN(c.Geomean) {
		geo = fmt.Sprintf("%+.2f%%", 100*c.Geomean)
	}
	rows = append(rows, []string{"geomean", "sec/op", "", "", geo, "", ""})
	if err := table.Render(w, f, header, rows); err != nil {
		return err
	}
	sort.Strings(warnings)
	warnings = dedupe(warnings)
	for _, warn := range warnings {
		fmt.Fprintln(w, "warning:", warn)
	}
	return nil
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
