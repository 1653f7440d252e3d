package cases

import (
	"slices"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/result"
)

// SuiteDocument is the -json output of `modcomp suite`: every case's seeds,
// win probabilities, verdicts and surprises, and the provenance.
type SuiteDocument struct {
	Size       string            `json:"size"`
	Cases      []SuiteCase       `json:"cases"`
	Provenance result.Provenance `json:"provenance"`
}

// SuiteCase is one case of a SuiteDocument.
type SuiteCase struct {
	Case           string           `json:"case"`
	Seeds          []uint64         `json:"seeds"`
	WinProbability []float64        `json:"win_probability"`
	Verdicts       []claims.Verdict `json:"verdicts"`
	Surprises      []string         `json:"surprises"`
}

// NewSuiteDocument describes the outcomes of a suite of size size, run by
// the build prov.
func NewSuiteDocument(size Size, outcomes []*Outcome, prov result.Provenance) SuiteDocument {
	doc := SuiteDocument{Size: size.String(), Provenance: prov}
	for _, o := range outcomes {
		cj := SuiteCase{Case: o.Case.Name, Seeds: o.Seeds, WinProbability: o.WinProbability, Verdicts: o.ToGolden().SafeVerdicts()}
		for _, s := range o.Surprises() {
			cj.Surprises = append(cj.Surprises, s.Message)
		}
		doc.Cases = append(doc.Cases, cj)
	}
	return doc
}

// VariantPanels returns, when outcomes hold the default case and at least
// one standard-training variant, the default case's outcome followed by the
// variants' (the panels of figures.VariantsLambda); otherwise nil.
func VariantPanels(outcomes []*result.Outcome) []*result.Outcome {
	var panels []*result.Outcome
	for _, o := range outcomes {
		if o.Case == DefaultName || slices.Contains(Variants, o.Case) {
			panels = append(panels, o)
		}
	}
	if len(panels) < 2 || panels[0].Case != DefaultName {
		return nil
	}
	return panels
}
