package figures

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/modcomp/modcomp/core/result"
)

// Reference is a horizontal line across a plot: a named level.
type Reference struct {
	Name string
	Y    float64
}

// Bars draws one bar per name at the points' Y, with their 95% intervals
// (Lo, Hi) as error bars, and dashed horizontal reference lines.
func Bars(title, yLabel, caption string, names []string, points []Point, refs []Reference) (*Figure, error) {
	p := plot.New()
	p.Title.Text = title
	if caption != "" {
		p.Title.Text = caption + "\n" + title
	}
	p.Y.Label.Text = yLabel
	vals := make(plotter.Values, len(points))
	xy := make(plotter.XYs, len(points))
	errs := make(plotter.YErrors, len(points))
	top := 0.0
	for i, pt := range points {
		vals[i] = pt.Y
		xy[i].X, xy[i].Y = float64(i), pt.Y
		errs[i].Low, errs[i].High = pt.Y-pt.Lo, pt.Hi-pt.Y
		top = max(top, pt.Hi)
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(22))
	if err != nil {
		return nil, err
	}
	bars.Color = color.RGBA{R: 0x9e, G: 0xc5, B: 0xe8, A: 0xff}
	p.Add(bars)
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYer
		plotter.YErrorer
	}{xy, errs})
	if err != nil {
		return nil, err
	}
	p.Add(eb)
	for i, ref := range refs {
		line, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref.Y}, {X: float64(len(points)) - 0.5, Y: ref.Y}})
		if err != nil {
			return nil, err
		}
		line.Color = colour(i + 1)
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("%s %.3f", ref.Name, ref.Y), line)
		top = max(top, ref.Y)
	}
	p.NominalX(names...)
	p.Y.Min, p.Y.Max = 0, 1.35*top
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return &Figure{Rows: 1, Cols: 1, Plots: [][]*plot.Plot{{p}}, Width: 16 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

// Curve is a named Λ series over recorded steps.
type Curve struct {
	Name   string
	Steps  []int
	Values []float64
	Dashed bool
}

// LambdaByMethod draws Λ(t) curves on log-log axes (step + 1 against Λ, values
// below Floor at Floor), one per curve, with the threshold ϱ in grey.
func LambdaByMethod(title, caption string, curves []Curve, rho float64) (*Figure, error) {
	p := plot.New()
	p.Title.Text = title
	if caption != "" {
		p.Title.Text = caption + "\n" + title
	}
	p.X.Label.Text, p.Y.Label.Text = "GD step + 1", "Λ"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = powerTicks{step: 1}, powerTicks{step: 2}
	last, top := 1, Floor
	for i, c := range curves {
		for _, v := range c.Values {
			top = max(top, v)
		}
		line, err := plotter.NewLine(series(c.Steps, c.Values))
		if err != nil {
			return nil, err
		}
		line.Color = colour(i)
		line.Width = vg.Points(1.5)
		if c.Dashed {
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(line)
		p.Legend.Add(c.Name, line)
		last = max(last, c.Steps[len(c.Steps)-1]+1)
	}
	thr, err := plotter.NewLine(plotter.XYs{{X: 1, Y: rho}, {X: float64(last), Y: rho}})
	if err != nil {
		return nil, err
	}
	thr.Color = color.Gray{Y: 0x80}
	thr.Width = vg.Points(0.5)
	p.Add(thr)
	p.Legend.Add("ϱ", thr)
	// Three decades of headroom above the highest curve keep the legend off
	// the data.
	p.Y.Max = top * 1e3
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return &Figure{Rows: 1, Cols: 1, Plots: [][]*plot.Plot{{p}}, Width: 16 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

// Imbalance draws the imbalance ratio s_0/max_{r>0} s_r (s_0/s_1 with two
// modalities) of each run's joint net over
// training (step + 1 on a log axis), one line per run, with the balance line
// at 1. Runs without branch scores are skipped.
func Imbalance(title, caption string, runs []result.Run, labels []string) (*Figure, error) {
	p := plot.New()
	p.Title.Text = title
	if caption != "" {
		p.Title.Text = caption + "\n" + title
	}
	p.X.Label.Text, p.Y.Label.Text = "GD step + 1", "s₀ / s₁"
	for _, run := range runs {
		if len(run.Lambda.BranchScore) > 2 {
			p.Y.Label.Text = "s₀ / max(s₁, s₂, …)"
		}
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = powerTicks{step: 1}
	last, top := 1, 1.0
	for i, run := range runs {
		bs := run.Lambda.BranchScore
		if len(bs) < 2 {
			continue
		}
		ratio := make([]float64, len(bs[0]))
		scores := make([]float64, len(bs))
		for s := range ratio {
			for r := range bs {
				scores[r] = bs[r][s]
			}
			ratio[s] = result.Imbalance(scores)
			top = max(top, ratio[s])
		}
		xy := make(plotter.XYs, len(ratio))
		for s, v := range ratio {
			xy[s].X, xy[s].Y = float64(run.Lambda.Steps[s]+1), v
		}
		line, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		line.Color = colour(i)
		line.Width = vg.Points(1.3)
		p.Add(line)
		p.Legend.Add(labels[i], line)
		last = max(last, run.Lambda.Steps[len(run.Lambda.Steps)-1]+1)
	}
	one, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1}, {X: float64(last), Y: 1}})
	if err != nil {
		return nil, err
	}
	one.Color = color.Gray{Y: 0x80}
	one.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(one)
	p.Legend.Add("balance", one)
	p.Y.Min, p.Y.Max = 0, 1.4*top
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return &Figure{Rows: 1, Cols: 1, Plots: [][]*plot.Plot{{p}}, Width: 16 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}
