// Package phase maps where competition appears: it aggregates the runs of a
// two-parameter sweep (σ0/ϱ against a second axis) into a diagram of three
// quantities per point and draws each as a heatmap, with the suite's cases
// marked on it.
//
// Per point, over its seeds:
//   - the single-winner fraction: the share of (seed, class) pairs learned
//     by exactly one modality (C4's statistic);
//   - the probes' accuracy on lost classes: the mean test accuracy of probe
//     r on the classes r lost, over every (seed, modality, class) that lost
//     one (C5's; blank where no class was lost);
//   - joint − best uni-modal test error: the joint net's mean test error
//     minus the smallest uni-modal mean (C6's degradation).
package phase

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// Axis reads one coordinate of a point from its parameters.
type Axis struct {
	// Name labels the axis; Key names the grid parameter it follows.
	Name, Key string
	// Of returns the coordinate of p.
	Of func(p param.Case) float64
}

// The axes of the diagrams.
var (
	// InitScale is σ0/ϱ, the initial weights' scale against the activation's
	// threshold.
	InitScale = Axis{Name: "σ0/ϱ", Key: "sigma0", Of: func(p param.Case) float64 { return p.Sigma0 / p.Rho }}
	// Strength is a_1/a_0, modality 1's lower target bound against
	// modality 0's.
	Strength = Axis{Name: "a₁/a₀", Key: "a", Of: func(p param.Case) float64 { return p.A[1] / p.A[0] }}
	// Length is η·T, the training's gradient-flow time.
	Length = Axis{Name: "η·T", Key: "steps", Of: func(p param.Case) float64 { return p.Eta * float64(p.Steps) }}
)

// Cell is one point of a diagram.
type Cell struct {
	// Runs is the number of seeds at the point.
	Runs int
	// SingleWinner, LostProbeAccuracy and Degradation are the point's
	// single-winner fraction, probe accuracy on lost classes (NaN when no
	// class was lost) and joint − best uni-modal test error.
	SingleWinner, LostProbeAccuracy, Degradation float64
}

// Mark is a named point drawn on a diagram (a suite case).
type Mark struct {
	Name string
	X, Y float64
}

// Diagram is a sweep's points on a grid: Cells[y][x] at (X[x], Y[y]).
type Diagram struct {
	Name  string
	XAxis Axis
	YAxis Axis
	X, Y  []float64
	Cells [][]Cell
	Marks []Mark
}

// Build aggregates the lines of one sweep over the x and y axes. Every
// combination of the axes' values must have runs.
func Build(name string, lines []result.Line, x, y Axis) (*Diagram, error) {
	if len(lines) == 0 {
		return nil, errors.New("phase: no runs")
	}
	d := &Diagram{Name: name, XAxis: x, YAxis: y}
	for _, l := range lines {
		if !slices.Contains(d.X, x.Of(l.Params)) {
			d.X = append(d.X, x.Of(l.Params))
		}
		if !slices.Contains(d.Y, y.Of(l.Params)) {
			d.Y = append(d.Y, y.Of(l.Params))
		}
	}
	slices.Sort(d.X)
	slices.Sort(d.Y)
	runs := make([][][]result.Run, len(d.Y))
	var params [][]param.Case
	for i := range runs {
		runs[i] = make([][]result.Run, len(d.X))
		params = append(params, make([]param.Case, len(d.X)))
	}
	for _, l := range lines {
		i, j := slices.Index(d.Y, y.Of(l.Params)), slices.Index(d.X, x.Of(l.Params))
		runs[i][j] = append(runs[i][j], l.Result)
		params[i][j] = l.Params
	}
	d.Cells = make([][]Cell, len(d.Y))
	for i := range d.Y {
		d.Cells[i] = make([]Cell, len(d.X))
		for j := range d.X {
			if len(runs[i][j]) == 0 {
				return nil, fmt.Errorf("phase: no runs at %s = %g, %s = %g", x.Name, d.X[j], y.Name, d.Y[i])
			}
			d.Cells[i][j] = measure(params[i][j], runs[i][j])
		}
	}
	return d, nil
}

// measure computes a point's cell from its runs.
func measure(p param.Case, runs []result.Run) Cell {
	c := Cell{Runs: len(runs)}
	single, pairs := 0, 0
	lostAcc, lost := 0.0, 0
	joint := 0.0
	uni := make([]float64, p.R)
	for _, run := range runs {
		for j := 0; j < p.K; j++ {
			learners := 0
			for r := range run.Learned {
				if run.Learned[r][j] {
					learners++
				}
			}
			pairs++
			if learners == 1 {
				single++
			}
			w := run.Winner[j]
			for r := range run.Learned {
				if w < 0 || w == r || run.Learned[r][j] {
					continue
				}
				if e := run.Probe[r].TestErrorByClass[j]; e >= 0 {
					lostAcc += 1 - e
					lost++
				}
			}
		}
		joint += run.Joint.TestError
		for r, u := range run.Uni {
			uni[r] += u.TestError
		}
	}
	c.SingleWinner = float64(single) / float64(pairs)
	c.LostProbeAccuracy = math.NaN()
	if lost > 0 {
		c.LostProbeAccuracy = lostAcc / float64(lost)
	}
	c.Degradation = (joint - slices.Min(uni)) / float64(len(runs))
	return c
}

// Markdown writes the diagram's three quantities as tables (rows y, columns
// x), the numbers behind the heatmaps.
func (d *Diagram) Markdown(w io.Writer) error {
	for _, q := range Quantities {
		if _, err := fmt.Fprintf(w, "%s (rows %s, columns %s):\n\n| %s \\ %s |", q.Title, d.YAxis.Name, d.XAxis.Name, d.YAxis.Name, d.XAxis.Name); err != nil {
			return err
		}
		for _, x := range d.X {
			fmt.Fprintf(w, " %s |", Label(x))
		}
		fmt.Fprint(w, "\n|---|")
		for range d.X {
			fmt.Fprint(w, "---:|")
		}
		fmt.Fprintln(w)
		for i := len(d.Y) - 1; i >= 0; i-- {
			fmt.Fprintf(w, "| %s |", Label(d.Y[i]))
			for j := range d.X {
				fmt.Fprintf(w, " %s |", q.Format(q.Of(d.Cells[i][j])))
			}
			fmt.Fprintln(w)
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}

// Quantity is one of a cell's measures, as a heatmap draws it.
type Quantity struct {
	Title string
	Of    func(Cell) float64
	// Diverging quantities are drawn on a blue–red scale centred on 0;
	// the others on [0, 1].
	Diverging bool
}

// Format prints a value of the quantity with three decimals ("–" for NaN).
func (Quantity) Format(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// Quantities are the three measures, in the order of the figure's panels.
var Quantities = []Quantity{
	{Title: "single-winner fraction", Of: func(c Cell) float64 { return c.SingleWinner }},
	{Title: "probe accuracy on lost classes", Of: func(c Cell) float64 { return c.LostProbeAccuracy }},
	{Title: "joint − best uni-modal test error", Of: func(c Cell) float64 { return c.Degradation }, Diverging: true},
}

// Label prints an axis value compactly: small powers of ten as 1e-7,
// whole numbers as integers, others with four significant digits.
func Label(v float64) string {
	if e := math.Log10(v); v > 0 && v <= 1e-2 && math.Abs(e-math.Round(e)) < 1e-9 {
		return fmt.Sprintf("1e%d", int(math.Round(e)))
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
