package phase

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/modcomp/modcomp/reports/figures"
)

// grid is one quantity of a diagram as gonum's GridXYZ, on cell indices.
type grid struct {
	d *Diagram
	q Quantity
}

func (g grid) Dims() (c, r int)   { return len(g.d.X), len(g.d.Y) }
func (g grid) Z(c, r int) float64 { return g.q.Of(g.d.Cells[r][c]) }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }
func ticks(values []float64) plot.Ticker {
	t := make([]plot.Tick, len(values))
	for i, v := range values {
		t[i] = plot.Tick{Value: float64(i), Label: Label(v)}
	}
	return plot.ConstantTicks(t)
}

// Figure draws the diagram's three quantities as heatmaps side by side, each
// cell labelled with its value and the marks drawn as rings with their names.
func (d *Diagram) Figure() (*figures.Figure, error) {
	f := &figures.Figure{Rows: 1, Cols: len(Quantities), Width: 30 * vg.Centimeter, Height: 10 * vg.Centimeter}
	row := make([]*plot.Plot, len(Quantities))
	for k, q := range Quantities {
		p := plot.New()
		p.Title.Text = q.Title
		p.X.Label.Text, p.Y.Label.Text = d.XAxis.Name, d.YAxis.Name
		p.X.Tick.Marker, p.Y.Tick.Marker = ticks(d.X), ticks(d.Y)
		g := grid{d: d, q: q}
		var pal palette.Palette
		lo, hi := 0.0, 1.0
		if q.Diverging {
			m := 0.0
			for _, cells := range d.Cells {
				for _, c := range cells {
					if v := math.Abs(q.Of(c)); !math.IsNaN(v) {
						m = max(m, v)
					}
				}
			}
			lo, hi = -max(m, 1e-3), max(m, 1e-3)
			cmap := moreland.SmoothBlueRed()
			cmap.SetMin(lo)
			cmap.SetMax(hi)
			pal = cmap.Palette(255)
		} else {
			pal = palette.Heat(255, 1)
		}
		h := plotter.NewHeatMap(g, pal)
		h.Min, h.Max = lo, hi
		h.NaN = color.Gray{Y: 0xdd}
		p.Add(h)
		var xys plotter.XYs
		var labels []string
		for r := range d.Y {
			for c := range d.X {
				xys = append(xys, plotter.XY{X: float64(c), Y: float64(r)})
				labels = append(labels, q.Format(g.Z(c, r)))
			}
		}
		cellLabels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return nil, err
		}
		for i := range cellLabels.TextStyle {
			cellLabels.TextStyle[i].Font.Size = vg.Points(6)
			cellLabels.TextStyle[i].XAlign, cellLabels.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
		}
		p.Add(cellLabels)
		if err := d.addMarks(p); err != nil {
			return nil, err
		}
		row[k] = p
	}
	f.Plots = [][]*plot.Plot{row}
	return f, nil
}

// addMarks rings the cells of the marks that lie on the grid and names them.
func (d *Diagram) addMarks(p *plot.Plot) error {
	var xys plotter.XYs
	var names []string
	for _, m := range d.Marks {
		c, r := index(d.X, m.X), index(d.Y, m.Y)
		if c < 0 || r < 0 {
			continue
		}
		xys = append(xys, plotter.XY{X: float64(c), Y: float64(r)})
		names = append(names, m.Name)
	}
	if len(xys) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return err
	}
	s.GlyphStyle.Shape = draw.RingGlyph{}
	s.GlyphStyle.Radius = vg.Points(9)
	s.GlyphStyle.Color = color.Black
	p.Add(s)
	shifted := make(plotter.XYs, len(xys))
	for i, xy := range xys {
		shifted[i] = plotter.XY{X: xy.X, Y: xy.Y - 0.32}
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: shifted, Labels: names})
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = vg.Points(5)
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
	}
	p.Add(l)
	return nil
}

// index returns the position of v in values up to rounding, or −1.
func index(values []float64, v float64) int {
	for i, x := range values {
		if math.Abs(x-v) <= 1e-9*math.Abs(x) {
			return i
		}
	}
	return -1
}
