package linear

import (
	"context"
	"math"

	"github.com/modcomp/modcomp/core/train"
)

// Point is the state of a run at one recorded step.
type Point struct {
	Step int `json:"step"`
	// T is the gradient-flow time step·η.
	T float64 `json:"t"`
	// WA and WB are the modalities' total weights (TotalWeights).
	WA   float64 `json:"wa"`
	WB   float64 `json:"wb"`
	Loss float64 `json:"loss"`
}

// Run is what one seed of a case measures.
type Run struct {
	Seed uint64 `json:"seed"`
	// SampleRatio and SampleRho are the training set's r̂ and ρ̂ (Moments).
	SampleRatio float64 `json:"sample_ratio"`
	SampleRho   float64 `json:"sample_rho"`
	// TA is the time modality A's total weight first reaches half its
	// plateau value c_A/S_AA, TB the time B's first reaches half its
	// final value, the least-squares ŵ_B (util.py time_half: the plateau
	// for the faster modality, the end for the slower); both interpolated
	// linearly between steps, −1 when not reached within the steps.
	TA float64 `json:"t_a"`
	TB float64 `json:"t_b"`
	// TimeRatio is TB/TA (0 when either is −1).
	TimeRatio float64 `json:"time_ratio"`
	// Overshoot is A's misattribution (sweep.py sweep): its total weight at
	// the midpoint (t_A+t_B)/2 relative to its final value, minus 1.
	Overshoot float64 `json:"overshoot"`
	// PlateauLoss is the loss at that midpoint, FinalLoss at the last step.
	PlateauLoss float64 `json:"plateau_loss"`
	FinalLoss   float64 `json:"final_loss"`
	// FinalWA and FinalWB are the total weights at the last step, SolutionWA
	// and SolutionWB the sample's least-squares weights they converge to.
	FinalWA    float64 `json:"final_wa"`
	FinalWB    float64 `json:"final_wb"`
	SolutionWA float64 `json:"solution_wa"`
	SolutionWB float64 `json:"solution_wb"`
	// Predicted are the theory's values at the sample's r̂ and ρ̂.
	Predicted Prediction `json:"predicted"`
	// Trajectory is the state at the log-spaced steps of train.Schedule.
	Trajectory []Point `json:"trajectory"`
}

// Converged reports whether both modalities were learned: B's weight
// crossed half its final value and both end within 1% of the
// least-squares weights.
func (r Run) Converged() bool {
	return r.TA >= 0 && r.TB >= 0 && within(r.FinalWA, r.SolutionWA, 0.01) && within(r.FinalWB, r.SolutionWB, 0.01)
}

// within reports whether w is within rel·|s| of s.
func within(w, s, rel float64) bool { return math.Abs(w-s) <= rel*math.Abs(s) }

// Train trains p's network on seed's training set by full-batch gradient
// descent and measures the run. It stops early, returning ctx's error, when
// ctx is done.
func Train(ctx context.Context, p Params, seed uint64) (Run, error) {
	if err := p.Validate(); err != nil {
		return Run{}, err
	}
	d := Sample(p, seed)
	tg := toyTargets
	if p.Dim > 1 {
		tg = multiTargets
	}
	t := tg(p, d)
	net := NewNet(p, seed)
	ps := newPass(net, d.XA, d.XB, d.Y)
	probe := newProbe(net, d, t)
	run := Run{Seed: seed, SampleRatio: t.ratio, SampleRho: t.rho, TA: -1, TB: -1, Predicted: t.pred,
		SolutionWA: t.solA, SolutionWB: t.solB}
	halfA, halfB := t.plateauA/2, t.solB/2
	schedule := train.Schedule(p.Steps, p.Points) // with StopAt, the points past the end are not reached
	next := 0
	hist := make([]float64, 0, p.Steps+1) // W_A at every step, for the midpoint
	losses := make([]float64, 0, p.Steps+1)
	var prevA, prevB float64
	for s := 0; ; s++ {
		if s%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return Run{}, err
			}
		}
		out := net.forward(ps)
		loss := ps.loss(out)
		wa, wb := probe.weights()
		hist, losses = append(hist, wa), append(losses, loss)
		if s > 0 {
			if run.TA < 0 && wa >= halfA {
				run.TA = crossing(s, prevA, wa, halfA, p.Eta)
			}
			if run.TB < 0 && wb >= halfB {
				run.TB = crossing(s, prevB, wb, halfB, p.Eta)
			}
		}
		prevA, prevB = wa, wb
		if next < len(schedule) && schedule[next] == s {
			run.Trajectory = append(run.Trajectory, Point{Step: s, T: float64(s) * p.Eta, WA: wa, WB: wb, Loss: loss})
			next++
		}
		if s == p.Steps || p.StopAt > 0 && run.TB >= 0 && float64(s)*p.Eta >= p.StopAt*run.TB &&
			within(wa, run.SolutionWA, 1e-3) && within(wb, run.SolutionWB, 1e-3) {
			run.FinalWA, run.FinalWB, run.FinalLoss = wa, wb, loss
			break
		}
		net.backward(ps, out)
		net.step()
	}
	if run.TA > 0 && run.TB >= 0 {
		run.TimeRatio = run.TB / run.TA
		mid := min(int(math.Round((run.TA+run.TB)/2/p.Eta)), len(hist)-1)
		run.Overshoot = hist[mid]/run.FinalWA - 1
		run.PlateauLoss = losses[mid]
	}
	return run, nil
}

// targets are the levels a run's total weights are measured against.
type targets struct {
	// ratio and rho are the sample's r̂ and ρ̂ (for multi-dimensional data
	// √(tr S_AA/tr S_BB) and 0).
	ratio, rho float64
	// plateauA is A's weight on the plateau, its uni-modal least squares.
	plateauA float64
	// solA and solB are the least-squares weights the run converges to.
	solA, solB float64
	// uA and uB are, for multi-dimensional data, the unit directions the
	// weight vectors are projected on (nil for scalars).
	uA, uB []float64
	pred   Prediction
}

// toyTargets are the scalar toy data's targets, from its moments.
func toyTargets(p Params, d Data) targets {
	m := MomentsOf(d)
	t := targets{ratio: m.Ratio(), rho: m.Rho(), plateauA: m.Unimodal(), pred: Predict(p, m)}
	t.solA, t.solB = m.Solution()
	return t
}

// crossing returns the time at which a weight that was prev at step s−1
// and cur at step s crossed level, interpolating linearly.
func crossing(s int, prev, cur, level, eta float64) float64 {
	frac := 1.0
	if cur != prev {
		frac = (level - prev) / (cur - prev)
	}
	return (float64(s-1) + frac) * eta
}

// probe measures a net's total weights: the output at the unit inputs
// ±e_A and ±e_B. A net without biases is positively homogeneous in each
// input alone, so with the other modality at zero its output along x_r is
// |x_r|·f(±e_r); the total weight W_r is that function's least-squares slope
// on the training set, (f(e_r)·P_r − f(−e_r)·Q_r)/(P_r + Q_r) with P_r and
// Q_r the sums of x_r² over the samples with x_r > 0 and x_r < 0. For a
// linear net it is f(e_r), the product of the weights along r's paths
// (main.py plot_weight), and is computed so.
//
// For multi-dimensional data (linear networks) the probe's rows are the unit
// vectors of A's coordinates, then B's, and W_r is the weight vector's
// projection on t's direction for r.
type probe struct {
	net    *Net
	ps     *pass
	pa, qa float64
	pb, qb float64
	uA, uB []float64
}

func newProbe(n *Net, d Data, t targets) *probe {
	if t.uA != nil {
		D := d.Dim
		xa, xb := make([]float64, 2*D*D), make([]float64, 2*D*D)
		for j := range D {
			xa[j*D+j] = 1
			xb[(D+j)*D+j] = 1
		}
		return &probe{net: n, ps: newPass(n, xa, xb, make([]float64, 2*D)), uA: t.uA, uB: t.uB}
	}
	pr := &probe{net: n, ps: newPass(n, []float64{1, -1, 0, 0}, []float64{0, 0, 1, -1}, make([]float64, 4))}
	for i := range d.XA {
		if x := d.XA[i]; x > 0 {
			pr.pa = math.FMA(x, x, pr.pa)
		} else {
			pr.qa = math.FMA(x, x, pr.qa)
		}
		if x := d.XB[i]; x > 0 {
			pr.pb = math.FMA(x, x, pr.pb)
		} else {
			pr.qb = math.FMA(x, x, pr.qb)
		}
	}
	return pr
}

func (pr *probe) weights() (wa, wb float64) {
	f := pr.net.forward(pr.ps)
	if pr.uA != nil {
		D := len(pr.uA)
		return dot(f[:D], pr.uA), dot(f[D:], pr.uB)
	}
	if pr.net.p.Activation == Linear {
		return f[0], f[2]
	}
	slope := func(pos, neg, p, q float64) float64 {
		return (float64(pos*p) - float64(neg*q)) / (p + q) // float64(): no fused multiply-add
	}
	return slope(f[0], f[1], pr.pa, pr.qa), slope(f[2], f[3], pr.pb, pr.qb)
}
