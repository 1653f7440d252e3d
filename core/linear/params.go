package linear

import (
	"fmt"
	"math"
)

// Activation names a hidden layer's nonlinearity.
const (
	// Linear is the identity: a deep linear network.
	Linear = "linear"
	// ReLU is max(0, z).
	ReLU = "relu"
)

// Initialisation schemes.
const (
	// Normal draws every weight i.i.d. N(0, γ²).
	Normal = "normal"
	// Constant sets every weight to γ.
	Constant = "constant"
)

// Params are one linear-network experiment: the toy data of Zhang, Latham
// & Saxe (ICML 2024, §3; yedizhang/unimodal-bias data.py gen_toy_data), the
// network of their net.py deep_fusion, and full-batch gradient descent on
// the mean squared error (main.py: nn.MSELoss, optim.SGD). The zero value is
// not valid; start from Default.
type Params struct {
	// Ratio is r = σ_A/σ_B, the ratio of the modalities' standard
	// deviations, σ_B = 1 (gen_toy_data's ratio): modality A is the one with
	// the larger variance, learned first when r > 1.
	Ratio float64 `json:"ratio"`
	// Rho is ρ, the correlation of x_A and x_B, in (−1, 1).
	Rho float64 `json:"rho"`
	// Noise is the standard deviation of the label noise: y = x_A + x_B + ε.
	Noise float64 `json:"noise"`
	// Dim is each modality's dimension: 0 or 1 for the scalar toy data;
	// above 1, gen_multi_data's "single" data (data.py): x_A ~ N(0, r²I) and
	// x_B ~ N(0, I) independent (so ρ must be 0), y = Weight·Σ(x_A, x_B) + ε,
	// for linear networks of depth 2.
	Dim int `json:"dim,omitempty"`
	// Weight is the target's coefficient on every coordinate of
	// multi-dimensional data (gen_multi_data's 0.1); unused for the toy data.
	Weight float64 `json:"weight,omitempty"`
	// N is the number of training samples (gen_toy_data's size).
	N int `json:"n"`
	// Depth is L, the number of weight layers on the path from an input to
	// the output, at least 2.
	Depth int `json:"depth"`
	// FuseDepth is L_f, the layer that joins the modalities: 1 is early
	// fusion (one net on the concatenated input), L late fusion (each
	// modality has its own L−1 layers and the last layer adds them).
	FuseDepth int `json:"fuse_depth"`
	// Width is the width of every hidden layer (each modality's own layers
	// and the fused ones).
	Width int `json:"width"`
	// Activation is Linear or ReLU, applied after every hidden layer.
	Activation string `json:"activation"`
	// Init is γ, the initial scale: every weight starts i.i.d. N(0, γ²)
	// (net.py _init_weights), or at γ itself with InitScheme Constant.
	Init float64 `json:"init"`
	// InitScheme is Normal (the default, also when empty) or Constant
	// (every weight γ: the balanced start of the theory's scalar network,
	// net.py's commented-out nn.init.constant_).
	InitScheme string `json:"init_scheme,omitempty"`
	// Eta is the gradient-descent step on the mean squared error; the
	// time a run reports is t = step·η.
	Eta float64 `json:"eta"`
	// Steps is the number of gradient steps (with StopAt, the most).
	Steps int `json:"steps"`
	// StopAt, when positive, ends the run at the first step after StopAt·t_B
	// at which both total weights are within 0.1% of the least-squares
	// weights (at least 2: cases whose t_B spans a decade and more share one
	// rule), or at Steps.
	StopAt float64 `json:"stop_at,omitempty"`
	// Points is how many steps of the trajectory a run records, log-spaced
	// (train.Schedule); t_A, t_B and the overshoot are read at every step.
	Points int `json:"points"`
}

// Default is the late-fusion toy case of the paper's Figure 3: r = 2, ρ =
// 0.5, a two-layer linear net with one hidden unit per modality, 4096
// samples without noise.
func Default() Params {
	return Params{Ratio: 2, Rho: 0.5, N: 4096, Depth: 2, FuseDepth: 2, Width: 1, Activation: Linear,
		Init: 1e-12, Eta: 4e-3, Steps: 12000, Points: 200}
}

// Limits on the sizes a case may ask for, so that a run's memory and time
// are known before it starts.
const (
	MaxN      = 1 << 20
	MaxDepth  = 12
	MaxWidth  = 64
	MaxDim    = 64
	MaxSteps  = 5_000_000
	MaxPoints = 10_000
	// MaxBytes bounds a run's buffers, about 48·N·Width·2L bytes (the
	// forward and backward passes' per-layer matrices) plus 16 bytes a step.
	MaxBytes = 2 << 30
	// MaxWork bounds N·Width·Depth·Steps, a run's multiply-adds up to a
	// small factor (about 10^12: hours on one core).
	MaxWork = 1e12
)

// Validate reports the first parameter out of its range.
func (p Params) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !finite(p.Ratio) || p.Ratio < 1 || p.Ratio > 100:
		return fmt.Errorf("ratio = %v: want 1 ≤ r ≤ 100 (modality A is the one with the larger variance)", p.Ratio)
	case !finite(p.Rho) || p.Rho <= -1 || p.Rho >= 1:
		return fmt.Errorf("rho = %v: want −1 < ρ < 1", p.Rho)
	case !finite(p.Noise) || p.Noise < 0 || p.Noise > 100:
		return fmt.Errorf("noise = %v: want 0 ≤ noise ≤ 100", p.Noise)
	case p.N < 2 || p.N > MaxN:
		return fmt.Errorf("n = %d: want 2 ≤ n ≤ %d", p.N, MaxN)
	case p.Depth < 2 || p.Depth > MaxDepth:
		return fmt.Errorf("depth = %d: want 2 ≤ L ≤ %d", p.Depth, MaxDepth)
	case p.FuseDepth < 1 || p.FuseDepth > p.Depth:
		return fmt.Errorf("fuse_depth = %d: want 1 ≤ L_f ≤ L = %d", p.FuseDepth, p.Depth)
	case p.Width < 1 || p.Width > MaxWidth:
		return fmt.Errorf("width = %d: want 1 ≤ width ≤ %d", p.Width, MaxWidth)
	case p.Activation != Linear && p.Activation != ReLU:
		return fmt.Errorf("activation = %q: want %q or %q", p.Activation, Linear, ReLU)
	case p.Activation == ReLU && p.FuseDepth != p.Depth:
		return fmt.Errorf("activation = relu needs late fusion (fuse_depth = depth = %d): only then is a modality's total weight its own branch's slope", p.Depth)
	case p.InitScheme != "" && p.InitScheme != Normal && p.InitScheme != Constant:
		return fmt.Errorf("init_scheme = %q: want %q or %q", p.InitScheme, Normal, Constant)
	case !finite(p.Init) || p.Init <= 1e-200 || p.Init > 1:
		return fmt.Errorf("init = %v: want 1e-200 < γ ≤ 1", p.Init)
	case !finite(p.Eta) || p.Eta <= 0 || p.Eta > 1:
		return fmt.Errorf("eta = %v: want 0 < η ≤ 1", p.Eta)
	case p.Dim < 0 || p.Dim > MaxDim:
		return fmt.Errorf("dim = %d: want 0 ≤ dim ≤ %d", p.Dim, MaxDim)
	case p.Dim > 1 && (p.Rho != 0 || p.Activation != Linear || p.Depth != 2):
		return fmt.Errorf("dim = %d: multi-dimensional data has uncorrelated modalities (rho = 0) and a linear network of depth 2", p.Dim)
	case p.Dim > 1 && (!finite(p.Weight) || p.Weight <= 0 || p.Weight > 100):
		return fmt.Errorf("weight = %v: multi-dimensional data wants 0 < weight ≤ 100", p.Weight)
	case p.Dim <= 1 && p.Weight != 0:
		return fmt.Errorf("weight = %v: only multi-dimensional data (dim > 1) has a weight", p.Weight)
	case p.Steps < 1 || p.Steps > MaxSteps:
		return fmt.Errorf("steps = %d: want 1 ≤ steps ≤ %d", p.Steps, MaxSteps)
	case p.StopAt != 0 && (!finite(p.StopAt) || p.StopAt < 2 || p.StopAt > 100):
		return fmt.Errorf("stop_at = %v: want 0 (off) or 2 ≤ stop_at ≤ 100", p.StopAt)
	case p.Points < 2 || p.Points > MaxPoints:
		return fmt.Errorf("points = %d: want 2 ≤ points ≤ %d", p.Points, MaxPoints)
	case p.Bytes() > MaxBytes:
		return fmt.Errorf("n = %d, width = %d, depth = %d, steps = %d need about %.3g GB: above %d GB", p.N, p.Width, p.Depth, p.Steps, p.Bytes()/1e9, MaxBytes>>30)
	case float64(p.N)*float64(p.Width)*float64(p.Depth)*float64(p.Steps) > MaxWork:
		return fmt.Errorf("n·width·depth·steps = %.3g: above %.0g multiply-adds a run", float64(p.N)*float64(p.Width)*float64(p.Depth)*float64(p.Steps), MaxWork)
	}
	return nil
}

// Bytes is about how much memory a run of p holds.
func (p Params) Bytes() float64 {
	return 48*float64(p.N)*float64(max(p.Width, p.Dim))*float64(2*p.Depth) + 16*float64(p.Steps)
}

// dim is each modality's input dimension.
func (p Params) dim() int { return max(p.Dim, 1) }
