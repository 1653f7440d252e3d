// Package linear renders the linear-network theory's report: the paper's
// sweep figures redrawn from modcomp's runs with the theory's curves over
// them, the sweeps' tables and the cases' claims table.
package linear

import (
	"fmt"
	"io"
	"math"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/reports/figures"
	"github.com/modcomp/modcomp/reports/suitetable"
	"github.com/modcomp/modcomp/reports/table"
)

// Series is one line of a panel: the theory's curve and the measured points
// (mean over seeds with its 95% t interval).
type Series struct {
	Name   string
	Theory plotter.XYs
	Points []figures.Point
	// Verdicts, if not nil, hold the verdict of the claim the panel checks
	// at each point (a cell of suitetable.Cell's form), for the table.
	Verdicts []string
}

// Panel is one figure: series against a swept x.
type Panel struct {
	// Base names the figure's files (base.png, .svg, .pdf).
	Base                  string
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale.
	LogY   bool
	Series []Series
	// Caption is the paragraph under the figure in the report.
	Caption string
	// Verdict heads the table's verdict column (the series' Verdicts).
	Verdict string
}

// Figure draws the panel: each series in its palette colour, the theory as
// a line, the measured points as circles with their intervals.
func (pn Panel) Figure() (*figures.Figure, error) {
	p := plot.New()
	p.Title.Text = pn.Title
	p.X.Label.Text, p.Y.Label.Text = pn.XLabel, pn.YLabel
	p.Legend.Top, p.Legend.Left = true, true
	if pn.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	for i, s := range pn.Series {
		c := figures.Palette[i%len(figures.Palette)]
		if len(s.Theory) > 0 {
			line, err := plotter.NewLine(s.Theory)
			if err != nil {
				return nil, err
			}
			line.Color = c
			p.Add(line)
			p.Legend.Add(s.Name, line)
		}
		if len(s.Points) == 0 {
			continue
		}
		xy := make(plotter.XYs, len(s.Points))
		for n, pt := range s.Points {
			xy[n].X, xy[n].Y = pt.X, pt.Y
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		sc.Color, sc.Shape = c, draw.CircleGlyph{}
		bars, err := figures.IntervalBars(xy, s.Points)
		if err != nil {
			return nil, err
		}
		bars.Color = c
		p.Add(sc, bars)
	}
	return &figures.Figure{Rows: 1, Cols: 1, Plots: [][]*plot.Plot{{p}}, Width: 14 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

// Table is a titled table of the report.
type Table struct {
	Title, Caption string
	Header         []string
	Rows           [][]string
}

// Page is what the report holds.
type Page struct {
	// Command is the command that generated the report.
	Command string
	// Source cites the theory.
	Source string
	// Setting states the sweeps' common parameters in a sentence.
	Setting string
	Panels  []Panel
	// Tables follow the figures.
	Tables []Table
	// Outcomes are the theory's cases with their verdicts.
	Outcomes   []*result.Outcome
	Provenance string
}

// Write draws the panels into dir and writes dir/report.md, returning its
// path. Every file is written atomically.
func Write(dir string, pg Page) (string, error) {
	for _, pn := range pg.Panels {
		f, err := pn.Figure()
		if err != nil {
			return "", err
		}
		if _, err := f.Save(dir, pn.Base); err != nil {
			return "", err
		}
	}
	path := filepath.Join(dir, "report.md")
	err := suitetable.WritePageWith(path, "Unimodal bias in deep linear networks", pg.Command, pg.Provenance, func(w io.Writer) error {
		fmt.Fprintf(w, "Theory: %s.\n\n%s\n\n", pg.Source, pg.Setting)
		for _, pn := range pg.Panels {
			fmt.Fprintf(w, "## %s\n\n![%s](%s.png)\n\n%s\n\n", pn.Title, pn.Title, pn.Base, pn.Caption)
			if err := writePoints(w, pn); err != nil {
				return err
			}
		}
		for _, t := range pg.Tables {
			fmt.Fprintf(w, "## %s\n\n%s\n\n", t.Title, t.Caption)
			if err := table.Render(w, table.Markdown, t.Header, t.Rows); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
		if len(pg.Outcomes) > 0 {
			fmt.Fprintf(w, "\n## The cases' claims\n\n")
			return suitetable.Write(w, pg.Outcomes, table.Markdown)
		}
		return nil
	})
	return path, err
}

// writePoints writes a panel's measured points beside the theory's value
// at each x.
func writePoints(w io.Writer, pn Panel) error {
	var rows [][]string
	header := []string{"series", pn.XLabel, "measured (mean over seeds [95% t])", "theory"}
	for _, s := range pn.Series {
		for i, pt := range s.Points {
			row := []string{s.Name, fmt.Sprintf("%.3g", pt.X), fmt.Sprintf("%.4g [%.4g, %.4g]", pt.Y, pt.Lo, pt.Hi),
				fmt.Sprintf("%.4g", theoryAt(s.Theory, pt.X))}
			if s.Verdicts != nil {
				row = append(row, s.Verdicts[i])
			}
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if pn.Verdict != "" {
		header = append(header, pn.Verdict)
	}
	if err := table.Render(w, table.Markdown, header, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}

// theoryAt is the curve's value at x, linear between its points (NaN off
// the curve).
func theoryAt(xy plotter.XYs, x float64) float64 {
	for i := 1; i < len(xy); i++ {
		if xy[i-1].X <= x && x <= xy[i].X {
			f := (x - xy[i-1].X) / (xy[i].X - xy[i-1].X)
			return xy[i-1].Y + f*(xy[i].Y-xy[i-1].Y)
		}
	}
	return math.NaN()
}
