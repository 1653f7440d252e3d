package sweep

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/modcomp/modcomp/cases"
)

// ReportKinds are the report's grids, in the order they run.
var ReportKinds = []string{"base", "strength", "mu", "methods", "alpha", "p_drop", "eps"}

// ReportGrids returns the sweeps behind a case's report: the case itself, modality
// 1's strength (b_1), μ_1 at the case's other μ_r, every training method of
// the methods suite, OGM-GE's α and modality dropout's p_drop, and for Adam its ε. The other
// modalities keep the case's values, so any R works. A real dataset's case
// has no strength or μ grid: those settings describe the paper's
// distribution. A case whose training
// does not combine with every method (a minibatch, a learned head, Adam) has
// no method grids.
func ReportGrids(c cases.Case, seeds int) (map[string]string, error) {
	p := c.Params
	vary := func(v []float64, values ...float64) string {
		lists := make([][]float64, len(values))
		for i, x := range values {
			lists[i] = slices.Clone(v)
			lists[i][1] = x
		}
		js, _ := json.Marshal(lists)
		return string(js)
	}
	a1 := p.A[1]
	grids := map[string]string{"base": fmt.Sprintf(`{"case": %q, "seeds": %d}`, c.Name, seeds)}
	if p.Source == "" { // b and μ describe the paper's distribution; a real dataset has neither
		grids["strength"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"b": %s}}`,
			c.Name, seeds, vary(p.B, a1+0.3, a1+0.5, a1+0.7, a1+0.9, a1+1.1))
		grids["mu"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"mu": %s}}`,
			c.Name, seeds, vary(p.Mu, 0.1, 0.2, 0.3, 0.4, 0.5))
	}
	if p.Adam() {
		grids["eps"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"eps": %s}}`, c.Name, seeds, EpsValues)
	}
	if p.Batch != 0 || p.LearnedHead() || p.Adam() {
		return grids, nil
	}
	var points []map[string]json.RawMessage
	for _, e := range cases.Methods() {
		pt, err := e.Point()
		if err != nil {
			return nil, err
		}
		points = append(points, pt)
	}
	pointsJSON, err := json.Marshal(points)
	if err != nil {
		return nil, err
	}
	grids["methods"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "points": %s}`, c.Name, seeds, pointsJSON)
	grids["alpha"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"method": ["ogm-ge"], "alpha": %s}}`, c.Name, seeds, AlphaValues)
	grids["p_drop"] = fmt.Sprintf(`{"case": %q, "seeds": %d, "params": {"method": ["moddrop"], "p_drop": %s}}`, c.Name, seeds, PDropValues)
	return grids, nil
}

// The settings the report sweeps, as in cases/grids/alpha-sweep.json and
// cases/grids/pdrop-sweep.json.
const (
	AlphaValues = "[0, 0.1, 0.3, 0.5, 1, 2]"
	PDropValues = "[0, 0.1, 0.25, 0.5, 0.75, 0.9]"
	// EpsValues are Adam's ε from far below the gradient's scale at W(0)
	// to far above it (as in cases/grids/adam-eps.json).
	EpsValues = "[1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]"
)
