package param

import (
	"fmt"
	"math"
)

// The methods whose settings predate the method registry: their settings
// are fields of Case (JSON keys in golden files and sweep grids), so their
// specs are declared here, beside those fields; core/train implements each.
// A new method declares its spec from its own file instead.
func init() {
	RegisterMethod(MethodSpec{Name: MethodJoint, Variants: true,
		Summary: "full-batch gradient descent of the late-fusion net (the paper's)"})
	RegisterMethod(MethodSpec{Name: MethodEnsemble, Variants: true,
		Summary: "the trained uni-modal nets, their logits summed"})
	RegisterMethod(MethodSpec{Name: MethodPretrain, Variants: true, Fields: []string{"pre_steps"},
		Summary:  "each encoder trained as its uni-modal net for pre_steps, then the fused net",
		Validate: validatePretrain})
	RegisterMethod(MethodSpec{Name: MethodModDrop, Fields: []string{"p_drop"},
		Summary:  "each sample's branches dropped at random, never all at once",
		Validate: validateModDrop,
		Label:    func(c Case) string { return fmt.Sprintf("(drop rate %.3g)", c.EffectiveDropRate()) }})
	RegisterMethod(MethodSpec{Name: MethodOGMGE, Fields: []string{"alpha"},
		Summary:  "on-the-fly gradient modulation with generalisation enhancement",
		Validate: validateOGMGE})
	RegisterMethod(MethodSpec{Name: MethodGBlend, Fields: []string{"blend_trial", "blend_holdout"},
		Summary:  "the branches' losses added with Gradient-Blending's offline weights",
		Validate: validateGBlend})
	RegisterMethod(MethodSpec{Name: MethodMMPareto,
		Summary: "each encoder stepped on a Pareto integration of the fused and its own loss"})
}

// finiteField adds a rule for a NaN or infinite v and reports whether v is
// finite.
func finiteField(add func(error), field string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		add(bad(field, "must be a finite number, got %v", v))
		return false
	}
	return true
}

func validatePretrain(c *Case, add func(error)) {
	if c.PreSteps < 0 || c.PreSteps > MaxSteps {
		add(bad("pre_steps", "must be in [0, %d], got %d", MaxSteps, c.PreSteps))
	}
	if c.PreSteps == 0 {
		add(bad("pre_steps", "is required by method pretrain (its uni-modal phase's steps; with 0 it would be joint training): set pre_steps, e.g. pre_steps=%d (T, as the methods suite does)", c.Steps))
	}
}

func validateModDrop(c *Case, add func(error)) {
	if finiteField(add, "p_drop", c.PDrop) && (c.PDrop < 0 || c.PDrop >= 1) {
		add(bad("p_drop", "must be in [0, 1), got %v", c.PDrop))
	}
}

func validateOGMGE(c *Case, add func(error)) {
	if finiteField(add, "alpha", c.Alpha) && c.Alpha < 0 {
		add(bad("alpha", "must be ≥ 0, got %v", c.Alpha))
	}
}

func validateGBlend(c *Case, add func(error)) {
	if c.BlendTrial < 0 || c.BlendTrial > MaxSteps {
		add(bad("blend_trial", "must be in [0, %d], got %d", MaxSteps, c.BlendTrial))
	}
	if finiteField(add, "blend_holdout", c.BlendHoldout) && (c.BlendHoldout < 0 || c.BlendHoldout >= 1) {
		add(bad("blend_holdout", "must be in [0, 1), got %v", c.BlendHoldout))
		return
	}
	if held := int(c.BlendHoldoutFraction() * float64(c.N)); held < 1 || held >= c.N {
		add(bad("blend_holdout", "must leave at least one sample on each side of the split of n=%d, got %d held out", c.N, held))
	}
}
