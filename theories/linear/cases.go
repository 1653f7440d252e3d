package linear

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/modcomp/modcomp/core/linear"
	"github.com/modcomp/modcomp/core/result"
)

// Case is one named case of the linear theory.
type Case struct {
	Name, Summary string
	Params        linear.Params
	// QuickSeeds and FullSeeds are how many seeds (1..n) the quick and the
	// full suite run.
	QuickSeeds, FullSeeds int
	Tolerances            linear.Tolerances
	// Expect records, per claim, whether the theory says it holds.
	Expect map[result.ClaimID]bool
	// Exceptions explains, with numbers, each verdict that differs from
	// Expect.
	Exceptions map[result.ClaimID]string
}

// late is the suite's base: the late-fusion toy case of the paper's
// Figure 3 (r = 2, ρ = 0.5) as a two-layer network with one hidden unit per
// modality started at γ = 1e-12 in the balanced configuration the theory
// assumes (every weight γ: InitScheme Constant), on 1024 samples, η = 4e-3,
// until twice t_B and within 0.1% of the least-squares weights (at most
// 40000 steps).
func late() linear.Params {
	p := linear.Default()
	p.N, p.InitScheme, p.StopAt, p.Steps = 1024, linear.Constant, 2, 40000
	return p
}

// deep is a depth-4 network fused at layer fuse from γ: lag_depth's
// prediction depends on γ, and the measured ratio approaches it as γ
// shrinks (docs/linear.md); the escape time grows like γ^{2−L}, so a
// smaller γ costs steps.
func deep(fuse int, gamma float64) linear.Params {
	p := late()
	p.Depth, p.FuseDepth, p.Init, p.Steps = 4, fuse, gamma, 100000
	return p
}

func expect(l1, l2, l3 bool) map[result.ClaimID]bool {
	return map[result.ClaimID]bool{linear.L1: l1, linear.L2: l2, linear.L3: l3}
}

// All returns the theory's cases in table order.
func All() []Case {
	mk := func(name, summary string, p linear.Params, e map[result.ClaimID]bool) Case {
		return Case{Name: name, Summary: summary, Params: p, QuickSeeds: 3, FullSeeds: 20,
			Tolerances: linear.DefaultTolerances(), Expect: e, Exceptions: map[result.ClaimID]string{}}
	}
	anti := late()
	anti.Rho = -0.5
	early := late()
	early.FuseDepth = 1
	equal := late()
	equal.Ratio = 1
	// A ReLU branch is active on one sign of its input: it needs units of
	// both signs, so N(0, γ²) weights and 16 units a modality (with fewer,
	// a seed can stall with half of x_A unfitted).
	reluNet := late()
	reluNet.Activation, reluNet.InitScheme, reluNet.Width, reluNet.Steps = linear.ReLU, linear.Normal, 16, 60000
	relu := mk("linear-late-relu", "late fusion with ReLU, 16 units a modality, random init: the linear network's ratio and misattribution",
		reluNet, expect(true, true, true))
	// gen_multi_data's "single" data: five coordinates a modality, A's of
	// variance 3, y = 0.1·Σx (data.py).
	multiNet := late()
	multiNet.Dim, multiNet.Ratio, multiNet.Rho, multiNet.Weight, multiNet.Steps = 5, math.Sqrt(3), 0, 0.1, 100000
	multi := mk("linear-multi", "late fusion on 5-dimensional modalities (gen_multi_data): lag_twolayer's ratio",
		multiNet, expect(true, true, true))
	deepMid := mk("linear-deep", "depth 4 fused at layer 3 from γ = 0.025: the lag of lag_depth's integral", deep(3, 0.025), expect(true, true, true))
	return []Case{
		mk("linear-late", "late fusion, r = 2, ρ = 0.5: A first, t_B/t_A = 5, misattribution ρ/r", late(), expect(true, true, true)),
		mk("linear-late-anti", "late fusion, r = 2, ρ = −0.5: A under-attributed on the plateau (ρ/r < 0)", anti, expect(true, true, true)),
		mk("linear-early", "early fusion (L_f = 1): no unimodal phase, no plateau to misattribute on", early, expect(false, true, false)),
		mk("linear-equal", "late fusion with equal variances (r = 1): neither modality first", equal, expect(false, true, false)),
		relu,
		multi,
		deepMid,
		mk("linear-deep-late", "depth 4 fused at the last layer: the late-fusion ratio (γ = 0.1)", deep(4, 0.1), expect(true, true, true)),
	}
}

// Lookup returns the case named name.
func Lookup(name string) (Case, error) {
	var names []string
	for _, c := range All() {
		if c.Name == name {
			return c, nil
		}
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return Case{}, fmt.Errorf("unknown linear case %q (known: %s)", name, strings.Join(names, ", "))
}
