// Package figures draws modcomp's plots with gonum/plot and writes each as PNG
// and SVG, atomically: the feature-learning curves Λ_{r,j}(t), per-class
// accuracy of uni-modal nets against probes, the winning probability against
// relative strength, and the test error against μ.
package figures

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/atomicfile"
)

// Palette colours modality r (and the methods of a methods figure: ten
// colours, so that the methods suite's nine lines are told apart); winners
// are drawn solid, losers dashed.
var Palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
	color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff},
	color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
}

func colour(r int) color.Color { return Palette[r%len(Palette)] }

// Floor is the smallest Λ drawn on a log axis; smaller and negative values are
// drawn at Floor.
const Floor = 1e-9

// Figure is a drawing of one or more plots in a grid, with a caption.
type Figure struct {
	Rows, Cols int
	Plots      [][]*plot.Plot
	Width      vg.Length
	Height     vg.Length
}

// DPI is the resolution of the PNG files (print quality).
const DPI = 300

// PDFDate is the creation and modification date written into every PDF, in
// place of the time of writing, so that a figure regenerates byte for byte.
var PDFDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// pinPDFDates sets PDFDate as the PDF library's default, once (the library
// keeps it in a package variable).
var pinPDFDates sync.Once

// Save writes the figure as base.png (DPI dots per inch), base.svg and
// base.pdf in dir and returns the three file names. Every format is a
// function of the figure alone: the same figure gives the same bytes.
func (f *Figure) Save(dir, base string) ([]string, error) {
	var names []string
	for _, ext := range []string{"png", "svg", "pdf"} {
		var buf bytes.Buffer
		var c draw.Canvas
		var writeTo func() error
		switch ext {
		case "png":
			img := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(DPI))
			c = draw.New(img)
			writeTo = func() error { _, err := vgimg.PngCanvas{Canvas: img}.WriteTo(&buf); return err }
		case "svg":
			svg := vgsvg.New(f.Width, f.Height)
			c = draw.New(svg)
			writeTo = func() error { _, err := svg.WriteTo(&buf); return err }
		case "pdf":
			pinPDFDates.Do(func() {
				fpdf.SetDefaultCreationDate(PDFDate)
				fpdf.SetDefaultModificationDate(PDFDate)
			})
			pdf := vgpdf.New(f.Width, f.Height)
			c = draw.New(pdf)
			writeTo = func() error { _, err := pdf.WriteTo(&buf); return err }
		}
		f.draw(c)
		if err := writeTo(); err != nil {
			return nil, err
		}
		name := base + "." + ext
		if err := atomicfile.WriteFile(filepath.Join(dir, name), buf.Bytes()); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

func (f *Figure) draw(c draw.Canvas) {
	if f.Rows == 1 && f.Cols == 1 {
		f.Plots[0][0].Draw(c)
		return
	}
	tiles := draw.Tiles{Rows: f.Rows, Cols: f.Cols, PadX: vg.Millimeter * 2, PadY: vg.Millimeter * 2,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(f.Plots, tiles, c)
	for i := range f.Plots {
		for j := range f.Plots[i] {
			if f.Plots[i][j] != nil {
				f.Plots[i][j].Draw(canvases[i][j])
			}
		}
	}
}

// LambdaCurves draws Λ_{r,j}(t) of the joint net for the given classes, one
// panel per class, on log-log axes (step + 1 against Λ). The class's winner is
// drawn solid and thick, other modalities dashed; with uni true the uni-modal
// nets' curves are added in thin dotted lines as a reference.
func LambdaCurves(run result.Run, classes []int, rho float64, uni bool, caption string) (*Figure, error) {
	cols := min(len(classes), 5)
	rows := (len(classes) + cols - 1) / cols
	f := &Figure{Rows: rows, Cols: cols, Width: vg.Length(cols) * 7 * vg.Centimeter, Height: vg.Length(vg.Length(rows)*6*vg.Centimeter) + vg.Centimeter}
	f.Plots = make([][]*plot.Plot, rows)
	for i := range f.Plots {
		f.Plots[i] = make([]*plot.Plot, cols)
	}
	steps := run.Lambda.Steps
	for n, j := range classes {
		p := plot.New()
		winner := run.Winner[j]
		title := fmt.Sprintf("class %d: winner %d", j, winner)
		if winner < 0 {
			title = fmt.Sprintf("class %d: no winner", j)
		}
		p.Title.Text = title
		p.X.Label.Text = "GD step + 1"
		p.Y.Label.Text = "Λ (joint encoder)"
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = powerTicks{step: 1}, powerTicks{step: 2}
		for r := range run.Lambda.Joint {
			line, err := lambdaLine(series(steps, run.Lambda.Joint[r][j]), r, winner)
			if err != nil {
				return nil, err
			}
			p.Add(line)
			if n == 0 {
				p.Legend.Add(fmt.Sprintf("joint %d", r), line)
			}
			if uni && r < len(run.Lambda.Uni) {
				ul, err := plotter.NewLine(series(steps, run.Lambda.Uni[r][j]))
				if err != nil {
					return nil, err
				}
				ul.Color = colour(r)
				ul.Width = vg.Points(0.7)
				ul.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
				p.Add(ul)
				if n == 0 {
					p.Legend.Add(fmt.Sprintf("uni %d", r), ul)
				}
			}
		}
		if err := addThreshold(p, rho, steps[len(steps)-1], n == 0); err != nil {
			return nil, err
		}
		if n == 0 {
			p.Legend.Top, p.Legend.Left = true, true
			p.Legend.TextStyle.Font.Size = vg.Points(7)
		}
		f.Plots[n/cols][n%cols] = p
	}
	if caption != "" {
		f.Plots[0][0].Title.Text = caption + "\n" + f.Plots[0][0].Title.Text
	}
	return f, nil
}

// lambdaLine draws modality r's Λ curve in its colour: solid and thick for
// the class's winner, thin and dashed otherwise.
func lambdaLine(xy plotter.XYs, r, winner int) (*plotter.Line, error) {
	line, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	line.Color = colour(r)
	line.Width = vg.Points(1)
	if r == winner {
		line.Width = vg.Points(2.2)
	} else {
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return line, nil
}

// addThreshold draws the threshold ϱ as a thin grey line from step 1 to
// last + 1, named in the legend when legend is true.
func addThreshold(p *plot.Plot, rho float64, last int, legend bool) error {
	thr, err := plotter.NewLine(plotter.XYs{{X: 1, Y: rho}, {X: float64(last + 1), Y: rho}})
	if err != nil {
		return err
	}
	thr.Color = color.Gray{Y: 0x80}
	thr.Width = vg.Points(0.5)
	p.Add(thr)
	if legend {
		p.Legend.Add("ϱ", thr)
	}
	return nil
}

// powerTicks labels every step-th power of ten as "1e-4" (plot.LogTicks prints
// rounding noise such as 9.999999999999999e-05 for some powers).
type powerTicks struct{ step int }

func (pt powerTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := int(math.Floor(math.Log10(lo))); e <= int(math.Ceil(math.Log10(hi))); e++ {
		v := math.Pow(10, float64(e))
		if v < lo || v > hi {
			continue
		}
		label := ""
		if e%pt.step == 0 {
			label = fmt.Sprintf("1e%d", e)
			if e >= 0 && e <= 3 {
				label = fmt.Sprintf("%g", v)
			}
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

func series(steps []int, values []float64) plotter.XYs {
	xy := make(plotter.XYs, len(steps))
	for i, s := range steps {
		xy[i].X = float64(s + 1)
		xy[i].Y = math.Max(values[i], Floor)
	}
	return xy
}

// ClassAccuracy draws, for each modality, grouped bars of the test accuracy per
// class of the uni-modal net and of the probe of the joint encoder. Classes the
// modality lost (another modality won them) are marked with "×" under the axis.
func ClassAccuracy(run result.Run, caption string) (*Figure, error) {
	R := len(run.Uni)
	f := &Figure{Rows: R, Cols: 1, Width: 16 * vg.Centimeter, Height: vg.Length(vg.Length(R)*6*vg.Centimeter) + vg.Centimeter}
	f.Plots = make([][]*plot.Plot, R)
	for r := 0; r < R; r++ {
		k := len(run.Uni[r].TestErrorByClass)
		uni, probe := make(plotter.Values, k), make(plotter.Values, k)
		for j := 0; j < k; j++ {
			// A class with no test sample (error −1) is drawn as an empty bar.
			if e := run.Uni[r].TestErrorByClass[j]; e >= 0 {
				uni[j] = 1 - e
			}
			if e := run.Probe[r].TestErrorByClass[j]; e >= 0 {
				probe[j] = 1 - e
			}
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("modality %d: uni-modal net vs probe of the joint encoder", r)
		if r == 0 && caption != "" {
			p.Title.Text = caption + "\n" + p.Title.Text
		}
		p.Y.Label.Text = "test accuracy"
		p.X.Label.Text = "class (× = lost to another modality)"
		p.Y.Min, p.Y.Max = 0, 1.3 // room above the bars for the legend
		w := vg.Points(7)
		b1, err := plotter.NewBarChart(uni, w)
		if err != nil {
			return nil, err
		}
		b1.Color = colour(r)
		b1.LineStyle.Width = 0
		b1.Offset = -w / 2
		b2, err := plotter.NewBarChart(probe, w)
		if err != nil {
			return nil, err
		}
		b2.Color = color.Gray{Y: 0x99}
		b2.LineStyle.Width = 0
		b2.Offset = w / 2
		p.Add(b1, b2)
		p.Legend.Add("uni-modal", b1)
		p.Legend.Add("probe", b2)
		p.Legend.Top = true
		names := make([]string, k)
		for j := range names {
			names[j] = fmt.Sprint(j)
			if run.Winner[j] >= 0 && run.Winner[j] != r && !run.Learned[r][j] {
				names[j] += "×"
			}
		}
		p.NominalX(names...)
		f.Plots[r] = []*plot.Plot{p}
	}
	return f, nil
}

// Point is one x position of a swept quantity with a measured value, its 95%
// interval, and optionally a theory value.
type Point struct {
	X, Y, Lo, Hi float64
}

// Series is a named line of points; with Bars its intervals are drawn.
type Series struct {
	Name   string
	Points []Point
	Bars   bool
	Dashed bool
}

// Lines draws series against a swept x, with error bars where asked; a
// series without points is left out.
func Lines(title, xLabel, yLabel, caption string, series []Series) (*Figure, error) {
	p := plot.New()
	p.Title.Text = title
	if caption != "" {
		p.Title.Text = caption + "\n" + title
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = vg.Centimeter
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, pt := range s.Points {
			for _, y := range []float64{pt.Y, pt.Lo, pt.Hi} {
				if !math.IsNaN(y) && !math.IsInf(y, 0) && (y != 0 || pt.Y == 0) {
					lo, hi = math.Min(lo, y), math.Max(hi, y)
				}
			}
		}
	}
	if hi > lo {
		// Headroom above the data for the legend, which sits at the top.
		p.Y.Min, p.Y.Max = lo, hi+0.4*(hi-lo)
	}
	for i, s := range series {
		if len(s.Points) == 0 { // nothing measured or predicted: no line, no legend entry
			continue
		}
		xy := make(plotter.XYs, len(s.Points))
		for n, pt := range s.Points {
			xy[n].X, xy[n].Y = pt.X, pt.Y
		}
		line, points, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		line.Color, points.Color = colour(i), colour(i)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			points.Radius = 0
		}
		p.Add(line, points)
		p.Legend.Add(s.Name, line, points)
		if s.Bars {
			bars, err := IntervalBars(xy, s.Points)
			if err != nil {
				return nil, err
			}
			bars.Color = colour(i)
			p.Add(bars)
		}
	}
	return &Figure{Rows: 1, Cols: 1, Plots: [][]*plot.Plot{{p}}, Width: 16 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

// IntervalBars returns error bars at xy's positions spanning each point's
// interval [Lo, Hi].
func IntervalBars(xy plotter.XYs, points []Point) (*plotter.YErrorBars, error) {
	errs := make(plotter.YErrors, len(points))
	for n, pt := range points {
		errs[n].Low, errs[n].High = pt.Y-pt.Lo, pt.Hi-pt.Y
	}
	return plotter.NewYErrorBars(struct {
		plotter.XYer
		plotter.YErrorer
	}{xy, errs})
}
