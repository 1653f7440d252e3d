// Package result defines the plain, JSON-tagged values a modcomp run produces.
// The same structs feed the command line's -json output, golden files, claim
// checks, reports and sweeps.
package result

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/modcomp/modcomp/core/param"
)

// Document is the output of one case over one or more seeds.
type Document struct {
	Case   string     `json:"case"`
	Params param.Case `json:"params"`
	Runs   []Run      `json:"runs"`
	// Provenance names the build that produced the runs.
	Provenance *Provenance `json:"provenance,omitempty"`
}

// Run is everything measured in one training run (one case, one seed).
type Run struct {
	Seed uint64 `json:"seed"`
	// Joint is the late-fusion network trained on all modalities, by the
	// case's method.
	Joint Net `json:"joint"`
	// Uni[r] is the uni-modal network trained on modality r alone, from the same
	// initial encoder as the joint net.
	Uni []Net `json:"uni"`
	// Probe[r] is the joint net's encoder r evaluated alone (no retraining).
	Probe []Net `json:"probe"`
	// Lambda holds Λ_{r,j}(t) on a log-spaced schedule of steps.
	Lambda Lambda `json:"lambda"`
	// Winner[j] is the modality with the largest Λ_{r,j}(T) among those that
	// learned class j, or −1 when none did.
	Winner []int `json:"winner"`
	// Learned[r][j] reports whether encoder r of the joint net learned class j:
	// Λ_{r,j}(T) ≥ ϱ and Λ_{r,j}(T) ≥ κ · max_r' Λ_{r',j}(T).
	Learned [][]bool `json:"learned"`
	// PredictedWinner[j] = argmax_r Γ_{r,j} · (Λ_{r,j}(0)_+)^{q−2}, the winner the
	// tensor-power dynamics predict from the initialisation.
	PredictedWinner []int `json:"predicted_winner"`
	// Gamma[r][j] is Γ_{r,j}, the training set's signal strength of class j in
	// modality r.
	Gamma [][]float64 `json:"gamma"`
	// GammaFinite[r][j] is Γ′_{r,j}, the training set's finite-sample signal
	// (theory.FiniteGamma): the target signal of every sample of class j and
	// the off-target pull of the other classes' samples on feature j.
	GammaFinite [][]float64 `json:"gamma_finite"`
	// PredictedWinnerFinite[j] = argmax_r Γ′_{r,j} · (Λ_{r,j}(0)_+)^{q−2}.
	PredictedWinnerFinite []int `json:"predicted_winner_finite"`
	// BlendWeights are Gradient-Blending's weights [w_joint, w_0, …] when the
	// case's method is gblend, and absent otherwise.
	BlendWeights []float64 `json:"blend_weights,omitempty"`
	// BlendGain and BlendOverfit are the trial's G and O behind each weight
	// (w ∝ G/O² where G > 0): the held-out loss gained, and the gap between
	// held-out and fitted loss gained, of the fused net and each uni-modal
	// net; absent for the other methods.
	BlendGain    []float64 `json:"blend_gain,omitempty"`
	BlendOverfit []float64 `json:"blend_overfit,omitempty"`
	// HeadMass is, with a learned head, each modality's share of the fused
	// net's head weight Σ|H_r| / Σ|H| after training (nil for the fixed head).
	HeadMass []float64 `json:"head_mass,omitempty"`
}

// Net holds the 0-1 errors of one network (or probe) and its final loss.
type Net struct {
	// Modality is the modality a uni-modal net or probe reads; −1 for the joint net.
	Modality int `json:"modality"`
	// TrainError and TestError are 0-1 error rates.
	TrainError float64 `json:"train_error"`
	TestError  float64 `json:"test_error"`
	// TestErrorByClass[j] is the test error on samples of class j, or −1 when the
	// test set has no sample of class j.
	TestErrorByClass []float64 `json:"test_error_by_class"`
	// TestErrorByPattern maps an insufficiency pattern to the test error on the
	// samples with that pattern. The key lists the insufficient modalities
	// ("none", "0", "1", "0+1", ...).
	TestErrorByPattern map[string]float64 `json:"test_error_by_pattern"`
	// FinalLoss is the mean training cross-entropy after the last step (0 for
	// probes, which are not trained on their own).
	FinalLoss float64 `json:"final_loss"`
	// Steps is the number of steps the net took: the case's T, or fewer
	// when until=zero-error stopped it (0 for probes and an ensemble, which
	// are not trained as one net).
	Steps int `json:"steps"`
	// ZeroErrorStep is the first step t at which W(t) classified every
	// training sample right, or −1 when none did: within the steps taken,
	// or, for a uni-modal net run with a convergence budget (the suite's
	// C1′), within that budget. It is −1 for probes and an ensemble.
	ZeroErrorStep int `json:"zero_error_step"`
}

// Lambda records Λ_{r,j}(t) = max_l ⟨w_{r,j,l}(t), M_r e_j⟩.
type Lambda struct {
	// Steps lists the recorded steps, from 0 to T.
	Steps []int `json:"steps"`
	// Joint[r][j][s] is Λ_{r,j} of the joint net's encoder r at Steps[s].
	Joint [][][]float64 `json:"joint"`
	// Uni[r][j][s] is Λ_{r,j} of the uni-modal net of modality r at Steps[s].
	Uni [][][]float64 `json:"uni"`
	// JointLoss[s] is the joint net's training loss at Steps[s].
	JointLoss []float64 `json:"joint_loss"`
	// BranchScore[r][s] is the joint net's branch r's mean softmax
	// probability of the label over the training set at Steps[s]:
	// (1/N) Σ_i softmax(F_r(x_i))_{y_i}, OGM-GE's s_r over N. The ratio of
	// two modalities' scores is the imbalance OGM-GE modulates.
	BranchScore [][]float64 `json:"branch_score,omitempty"`
}

// Final returns Λ_{r,j}(T) of the joint net, indexed [r][j].
func (l *Lambda) Final() [][]float64 { return l.at(len(l.Steps) - 1) }

// Initial returns Λ_{r,j}(0) of the joint net, indexed [r][j].
func (l *Lambda) Initial() [][]float64 { return l.at(0) }

func (l *Lambda) at(s int) [][]float64 {
	out := make([][]float64, len(l.Joint))
	for r, byClass := range l.Joint {
		out[r] = make([]float64, len(byClass))
		for j, series := range byClass {
			out[r][j] = series[s]
		}
	}
	return out
}

// Point is one (parameters, seed) point of a sweep.
type Point struct {
	// Index is the point's position in the grid's expansion: combinations in
	// order, seeds innermost.
	Index int `json:"index"`
	// ID names the point within its grid: the canonical overrides and the seed.
	ID string `json:"id"`
	// Key identifies the run independently of any grid: a hash of the case
	// name, the full resolved parameters and the seed. Resuming a sweep skips
	// a run only when a line with the same key is present.
	Key string `json:"key"`
	// Overrides are the grid's values for this point, by parameter key, in
	// canonical JSON.
	Overrides map[string]json.RawMessage `json:"overrides"`
	Seed      uint64                     `json:"seed"`
	Params    param.Case                 `json:"params"`
}

// Line is one line of a sweep's results file: a point, where it comes from,
// and its run.
type Line struct {
	Point
	// Case names the case the grid varies.
	Case string `json:"case"`
	// Grid identifies the grid the point belongs to (a hash of its canonical
	// form).
	Grid string `json:"grid"`
	// Revision is the build that ran it; Provenance describes that build.
	Revision   string      `json:"revision"`
	Provenance *Provenance `json:"provenance,omitempty"`
	Result     Run         `json:"result"`
}

// Imbalance returns the imbalance of branch scores s (one per modality):
// s_0 / max_{r>0} s_r, which is s_0/s_1 with two modalities. It is NaN with
// fewer than two scores.
func Imbalance(s []float64) float64 {
	if len(s) < 2 {
		return math.NaN()
	}
	return s[0] / slices.Max(s[1:])
}

// Revisions describes the builds that ran lines, for a report's footer:
// "revision abc (12 runs)", or several such, the largest share first.
func Revisions(lines []Line) string {
	count := map[string]int{}
	for _, l := range lines {
		rev := l.Revision
		if rev == "" {
			rev = "unknown"
		}
		count[rev]++
	}
	revs := slices.Collect(maps.Keys(count))
	slices.SortFunc(revs, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(revs))
	for i, r := range revs {
		parts[i] = fmt.Sprintf("revision %s (%d runs)", r, count[r])
	}
	return strings.Join(parts, ", ")
}
