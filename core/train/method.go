package train

import (
	"context"

	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
)

// Method is a way of training the late-fusion net of a run: the seam between
// the run (data, W(0), Λ, scoring) and how steps update the weights. A method
// never changes how the kernels compute; the networks do not know which method
// drives them. One file per method implements it; NewMethod picks the case's.
//
// A run calls Init once, then Step for each of the plan's steps on a trainer
// of the plan's start net, with the plan's objective set.
type Method interface {
	// Init prepares the method for the run env describes and returns its
	// plan: the net the joint steps start from, how many steps to take and
	// what they minimise.
	Init(ctx context.Context, env *Env) (Plan, error)
	// Step takes joint step t of tr with learning rate eta and returns the
	// loss before the step (a *nn.DivergenceError when it is not finite).
	Step(tr *nn.Trainer, t int, eta float64) (float64, error)
}

// Plan is what a method's Init decides.
type Plan struct {
	// Start is the fused net the joint steps start from; the run trains it
	// in place.
	Start *nn.Net
	// Steps is the number of joint steps; 0 when Start is already trained
	// (then History gives its Λ and losses on the run's schedule).
	Steps int
	// Objective is set on the trainer before the first step.
	Objective nn.Objective
	// History is the Λ and loss record of a net trained elsewhere (Steps 0).
	History *History
	// BlendWeights are Gradient-Blending's weights, reported with the run
	// (nil for the other methods).
	BlendWeights []float64
	// BlendGain and BlendOverfit are the trial's G and O behind each weight.
	BlendGain, BlendOverfit []float64
}

// History is Λ of a net's encoders at the schedule's steps, indexed
// [encoder][class][point], and its training loss at those steps.
type History struct {
	Lambda [][][]float64
	Loss   []float64
	// BranchScore[e][point] is a fused net's branch scores over N (nil for
	// a uni-modal net and for an ensemble).
	BranchScore [][]float64
	// Steps is the number of steps the net took: the plan's, or fewer when
	// the case's until=zero-error stopped it.
	Steps int
	// ZeroErrorStep is the first step t at which W(t) classified every
	// training sample right, or −1 when none did (within the steps taken, or
	// the convergence budget of Options.Converge for a uni-modal net).
	ZeroErrorStep int
}

// StepsPerRun is the number of gradient steps one run of c takes over all
// the nets it trains: the R uni-modal nets and the fused net, plus a method's
// own (pretrain's uni-modal phase, gblend's trial). Progress bars and the
// methods' cost column use it.
func StepsPerRun(c param.Case) int64 {
	fused, _ := fusedCost(c)
	return int64(c.R)*int64(c.Steps) + fused // the uni-modal nets, then the fused net's task
}
