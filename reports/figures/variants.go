package figures

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/modcomp/modcomp/core/result"
)

// LostClass returns the first class of run that modality 0 won and modality
// 1 did not learn (a class modality 1 lost), or −1 when there is none.
func LostClass(run result.Run) int {
	for j, w := range run.Winner {
		if w == 0 && len(run.Learned) > 1 && !run.Learned[1][j] {
			return j
		}
	}
	return -1
}

// LambdaAcross draws, one panel per outcome, Λ_{r,j}(t) of the joint net of
// the outcome's first run for class j, every modality r in its colour, the
// class's winner solid and thick and the others dashed, with ϱ in grey: how
// one class's competition plays out under each training variant. Every panel
// shares the y range, so the curves compare across variants.
func LambdaAcross(outcomes []*result.Outcome, j int, caption string) (*Figure, error) {
	cols := min(len(outcomes), 4)
	rows := (len(outcomes) + cols - 1) / cols
	f := &Figure{Rows: rows, Cols: cols, Width: vg.Length(cols) * 6.5 * vg.Centimeter,
		Height: vg.Length(vg.Length(rows)*6.5*vg.Centimeter) + vg.Centimeter}
	f.Plots = make([][]*plot.Plot, rows)
	for i := range f.Plots {
		f.Plots[i] = make([]*plot.Plot, cols)
	}
	lo, hi := 1.0, Floor
	for _, o := range outcomes {
		run := o.Runs[0]
		for r := range run.Lambda.Joint {
			for _, v := range run.Lambda.Joint[r][j] {
				if v > 0 {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
	}
	lo = max(lo, Floor)
	for n, o := range outcomes {
		run := o.Runs[0]
		steps := run.Lambda.Steps
		p := plot.New()
		winner := run.Winner[j]
		p.Title.Text = fmt.Sprintf("%s: winner %d", o.Case, winner)
		if winner < 0 {
			p.Title.Text = o.Case + ": no winner"
		}
		p.Title.TextStyle.Font.Size = vg.Points(9)
		p.X.Label.Text, p.Y.Label.Text = "step (epoch) + 1", fmt.Sprintf("Λ of class %d", j)
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = powerTicks{step: 1}, powerTicks{step: 2}
		p.Y.Min, p.Y.Max = lo, hi*1e3 // headroom for the legend
		for r := range run.Lambda.Joint {
			line, err := lambdaLine(series(steps, run.Lambda.Joint[r][j]), r, winner)
			if err != nil {
				return nil, err
			}
			p.Add(line)
			if n == 0 || len(run.Lambda.Joint) != len(outcomes[0].Runs[0].Lambda.Joint) {
				p.Legend.Add(fmt.Sprintf("modality %d", r), line)
			}
		}
		if err := addThreshold(p, o.Params.Rho, steps[len(steps)-1], n == 0); err != nil {
			return nil, err
		}
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.TextStyle.Font.Size = vg.Points(7)
		f.Plots[n/cols][n%cols] = p
	}
	if caption != "" {
		f.Plots[0][0].Title.Text = caption + "\n" + f.Plots[0][0].Title.Text
	}
	return f, nil
}

// VariantsLambda draws the Λ curves of one class that modality 1 lost in
// the first panel's seed-1 run, under the paper's training (the first panel)
// and each standard-training variant (the others; cases.VariantPanels),
// into dir as base.png/.pdf/.svg. It draws nothing when no class was lost.
func VariantsLambda(dir, base string, panels []*result.Outcome) error {
	if len(panels) < 2 {
		return nil
	}
	j := LostClass(panels[0].Runs[0])
	if j < 0 {
		return nil
	}
	f, err := LambdaAcross(panels, j, fmt.Sprintf("seed %d, class %d (lost by modality 1 in %s)", panels[0].Runs[0].Seed, j, panels[0].Case))
	if err != nil {
		return err
	}
	_, err = f.Save(dir, base)
	return err
}
