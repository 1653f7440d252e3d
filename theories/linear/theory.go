package linear

import (
	"context"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/result"
)

// Name is the theory's name: `modcomp suite -theory linear`, golden/linear/.
const Name = "linear"

// Source cites the theory.
const Source = "Zhang, Latham & Saxe, Understanding Unimodal Bias in Multimodal Deep Linear Networks, ICML 2024 " +
	"(arXiv 2312.00935); code yedizhang/unimodal-bias"

func init() { cases.RegisterTheory(theory{}) }

// theory is the linear family as cases.Theory.
type theory struct{}

func (theory) Name() string   { return Name }
func (theory) Source() string { return Source }

func (theory) Cases() []cases.TheoryCase {
	var out []cases.TheoryCase
	for _, c := range All() {
		out = append(out, cases.TheoryCase{Name: c.Name, Summary: c.Summary})
	}
	return out
}

func (theory) Run(ctx context.Context, names []string, s cases.Size, workers int, onRun func(done, total int)) ([]*result.Outcome, error) {
	var cs []Case
	for _, n := range names {
		c, err := Lookup(n)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	outcomes, err := RunCases(ctx, cs, s, workers, onRun)
	if err != nil {
		return nil, err
	}
	out := make([]*result.Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = o.Result()
	}
	return out, nil
}

func (theory) Report(ctx context.Context, dir string, opt cases.ReportOptions) (string, error) {
	return Report(ctx, dir, opt)
}
