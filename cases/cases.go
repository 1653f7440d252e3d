// Package cases is modcomp's seed suite: a fixed table of named, seeded cases,
// the claims each is expected to satisfy or break, and the golden comparison.
package cases

import (
	"fmt"
	"sort"
	"strings"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
)

// Case is one named entry of the suite.
type Case struct {
	// Name identifies the case on the command line and names its golden file.
	Name string
	// Summary is a one-line description.
	Summary string
	// Params are the model parameters.
	Params param.Case
	// QuickSeeds and FullSeeds are how many seeds (1..n) the quick and the full
	// suite run.
	QuickSeeds, FullSeeds int
	// Tolerances are the thresholds of the claim checks.
	Tolerances claims.Tolerances
	// Golden holds the per-field tolerances of the golden comparison.
	Golden Tolerances
	// Expect records, per claim, whether the theory says it holds (true) or
	// must fail (false) in this case; a claim absent from the map is not
	// predicted either way.
	Expect map[claims.ID]bool
	// Exceptions explains, with numbers, each claim whose measured verdict
	// differs from Expect in the full suite (the quick one may agree with
	// Expect where few seeds leave the interval wide).
	Exceptions map[claims.ID]string
	// QuickExceptions explains verdicts that differ from Expect only in the
	// quick suite, where few seeds leave a statistic's interval across the
	// tolerance.
	QuickExceptions map[claims.ID]string
}

// DefaultName is the case `modcomp run` trains when no -case is given.
const DefaultName = "paper"

func expectAll(hold bool) map[claims.ID]bool {
	m := map[claims.ID]bool{}
	for _, id := range claims.All {
		m[id] = hold
	}
	return m
}

// base returns the suite's common parameters. They scale the best regime the
// model specification reports (d = 1000, N = 500, σ_g = 0.14, ϱ = 0.1,
// σ0 = 1e-6, η = 2, T = 12000) down 16-fold in cost while keeping the
// quantities that govern competition:
//   - σ0/ϱ = 1e-5 (ϱ = 0.01, σ0 = 1e-7): how far below the threshold the
//     encoders start, which sets how long the loser needs to escape;
//   - σ_g²·d/N = 0.039 (d = 250, N = 125): how fast noise can memorise a
//     sample relative to learning a feature;
//   - the gradient-flow time η·T = 12000 (η = 12, T = 1000).
//
// Shrinking ϱ with σ0 shortens the tensor-power phase in proportion, and the
// results do not depend on η at fixed η·T (η = 2, 4, 8, 12 give the same
// winners on seeds 1–4).
func base() param.Case {
	c := param.Default()
	c.D, c.N, c.NTest = 250, 125, 2000
	c.Rho, c.Sigma0 = 0.01, 1e-7
	c.Eta, c.Steps = 12, 1000
	return c
}

// deadSample explains a C1′ failure: exactly zero training error is out of
// reach, at any T, for a net with a dead sample. nets states the counts.
func deadSample(nets string) string {
	return nets + "; in each net that never gets there, one insufficient training sample has every neuron of its class " +
		"at the initial scale (the largest pre-activation about 1e-7 or below 0, against ϱ = 0.01), where the smoothed " +
		"ReLU's slope (z/ϱ)^{q−1} is below 1e-10: the sample gives no gradient, its logits stay near 0 and the loss " +
		"flattens at about ln k / N (seed 8's uni 1 in paper: 0.0184 ≈ ln 10/125 from step 1600 to 64000, " +
		"`modcomp run -seed 8 -set until=zero-error -set steps=64000 -log FILE`), so exact zero error is out of reach " +
		"for that net at any T"
}

// winsMoreThanP0 explains a C7 (or C7′) that fails on its frequency half
// by a hair: freq is modality 0's win frequency over seeds with its
// interval, p the theory's value it excludes, by gap.
func winsMoreThanP0(freq, p, gap string) string {
	return "modality 0, the modality with fewer insufficient samples, wins " + freq + " of the single-winner classes over 20 " +
		"seeds (mean over seeds), against " + p + ": the interval over seeds excludes it by " + gap + " (the pooled " +
		"Clopper–Pearson interval, which counted the classes as independent draws, contained it). The stronger modality wins " +
		"a little more often than the theory's probability, as in three-modalities, where the gap is 0.16"
}

// All returns the suite in a fixed order.
func All() []Case {
	tol := claims.DefaultTolerances()
	gold := DefaultGoldenTolerances()
	mk := func(name, summary string, p param.Case, expect map[claims.ID]bool) Case {
		return Case{Name: name, Summary: summary, Params: p, QuickSeeds: 3, FullSeeds: 20,
			Tolerances: tol, Golden: gold, Expect: expect,
			Exceptions: map[claims.ID]string{}, QuickExceptions: map[claims.ID]string{}}
	}

	paper := mk("paper", "canonical case: μ=(0.1,0.3), equal strengths, small init; C1–C7 expected", base(), expectAll(true))

	strong := base()
	strong.A, strong.B = []float64{1, 1.4}, []float64{1.5, 1.9}
	strong.Mu = []float64{0.1, 0.3}
	strongCase := mk("strong-modality", "modality 1's sufficient signal is stronger (a_1 > a_0): p_1 > p_0", strong, expectAll(true))
	strongCase.Exceptions[claims.C5] = "about one class in five is shared: the weaker modality holds it at 26–49% of the " +
		"winner's Λ, below κ = 0.5, so the Λ view counts it as lost while its probe reaches 50–90% accuracy there; over 20 " +
		"seeds the probes average 26.7% [21.1, 32.4] on lost classes (mean over seeds), an interval across the 0.25 tolerance, so " +
		"C5 is undecided. With κ = 0.25 (seeds 1–6) the probes' accuracy on lost classes falls to 3.9% but only 63% of the " +
		"classes stay single-winner (C4 would fail)."
	strongCase.Exceptions[claims.C7] = "p_r is computed from the expected signal E[Γ_r], but with N = 125 each class has about 12 " +
		"training samples, so the realised Γ_{r,j} fluctuates from class to class and the weaker modality wins more often than " +
		"p_0 says: over 20 seeds modality 0 wins 40 of 159 single-winner classes (0.25 [0.18, 0.32], mean over seeds) against " +
		"p_0 = 0.159. The per-class prediction from the realised Γ_{r,j} and Λ(0), the other half of C7, is right for 167 of 200 " +
		"classes (0.835 [0.784, 0.886])."

	paper.Exceptions[claims.C7] = winsMoreThanP0("0.738 [0.6764, 0.800]", "p_0 = 0.6755", "0.0009") +
		"; the per-class prediction, the other half, is right for 153 of 200 won classes, 0.765 [0.689, 0.841] over seeds, " +
		"undecided against the 0.7 tolerance"
	paper.Exceptions[claims.C7Finite] = winsMoreThanP0("0.738 [0.6764, 0.800]", "p′_0 = 0.669", "0.008") +
		"; the winner by Γ′ is right for 157 of 200 won classes, 0.785 [0.709, 0.861]"
	paper.Exceptions[claims.C1Converged] = deadSample("39 of 40 uni-modal nets reach exactly zero training error over 20 seeds " +
		"(first zero-error step: median 771, 90th percentile 1485, max 2143; 25 by T = 1000)")
	strongCase.Exceptions[claims.C1Converged] = deadSample("39 of 40 uni-modal nets reach exactly zero training error " +
		"(median 764, max 2120); the other is seed 8's uni 1, with paper's dead sample (modality 1's data do not depend on a_1 " +
		"for an insufficient sample)")

	equal := base()
	equal.Mu = []float64{0.2, 0.2}
	equalExpect := expectAll(true)
	delete(equalExpect, claims.C6) // with equal μ there is no degradation to detect; C6 checks only the plug-in
	equalCase := mk("equal-modalities", "μ_0 = μ_1 and equal strengths: p ≈ 1/2", equal, equalExpect)
	equalCase.Exceptions[claims.C5] = "the probes' accuracy on lost classes is 20.6% [15.2, 26.0] over 20 seeds (mean over " +
		"seeds), an interval across the 0.25 tolerance (3 seeds: 25.3% [11.6, 39.0]); pooled over (seed, modality, class) cases " +
		"it read 20.3% [15.7, 24.8], narrower than the seeds allow"
	equalCase.Exceptions[claims.C7] = "the per-class prediction is right for 145 of 200 won classes, 0.725 [0.656, 0.794] over " +
		"20 seeds, an interval across the 0.7 tolerance; the frequency half holds (modality 0 wins 0.514 [0.455, 0.573] of " +
		"single-winner classes against p_0 = 0.5). With equal modalities Γ_{0,j} and Γ_{1,j} are close, and so is the call"
	equalCase.Exceptions[claims.C7Finite] = "the winner by Γ′ is right for 151 of 200 won classes, 0.755 [0.692, 0.819] over 20 " +
		"seeds, across the 0.7 tolerance; p′_0 = 0.502 lies inside the frequency's interval [0.455, 0.573]"

	// Twice the classes at the same number of samples per class (N = 250) and
	// the same σ_g²·d/N (d = 500). With N = 125 (6 samples per class) the
	// uni-modal nets generalise worse than μ_r (0.118 and 0.367 against 0.1 and
	// 0.3 over 20 seeds): C2 needs the samples per class, not just the classes.
	// With m = 5 instead of 10 the uni-modal nets leave 1.5% of the training set
	// unmemorised (C1) at T = 1000.
	k20 := base()
	k20.K, k20.N, k20.D = 20, 250, 500
	k20Case := mk("k20", "twenty classes, 12.5 samples per class as in paper (N = 250, d = 500)", k20, expectAll(true))
	k20Case.Exceptions[claims.C1Converged] = deadSample("35 of 40 uni-modal nets reach exactly zero training error (median " +
		"962, max 2332); 5 nets keep one training sample wrong")
	k20Case.Exceptions[claims.C7Finite] = "the finite-sample predictor does no better than E[Γ_r]'s: the winner by Γ′ is right for " +
		"263 of 400 won classes (0.658 [0.620, 0.695] over seeds) against 261 for C7's, and p′_0 = 0.668 against 0.676 (both " +
		"inside the frequency's interval 0.663 [0.609, 0.717]). Class sizes and the off-target pull do not explain the drop at k = 20"
	k20Case.Exceptions[claims.C7] = "at k = 20 the init-predicted winner argmax_r Γ_{r,j}·Λ_{r,j}(0) is right for 261 of 400 won " +
		"classes over 20 seeds (0.653 [0.612, 0.693], mean over seeds), below the 0.7 tolerance, against 0.77 at k = 10; the " +
		"other half of C7 holds: modality 0 wins 226 of 343 single-winner classes (0.663 [0.609, 0.717]) against p_0 = 0.676. The predictor ignores the " +
		"off-target signal that other classes' insufficient samples put on feature j; why it matters more at k = 20 is open."

	bigInit := base()
	bigInit.Sigma0 = 0.5 * bigInit.Rho
	bigInitCase := mk("control-large-init", "negative control: σ0 = ϱ/2, both encoders learn every class", bigInit,
		map[claims.ID]bool{claims.C1: true, claims.C2: true, claims.C3: true, claims.C4: false, claims.C5: false})

	long := base()
	long.Sigma0 = 1e-5
	long.Steps = 4000
	longCase := mk("control-long-training", "negative control: σ0/ϱ = 1e-3 and 4× longer training, the loser escapes", long,
		map[claims.ID]bool{claims.C1: true, claims.C2: true, claims.C3: true, claims.C4: false, claims.C5: false})

	// The theorem's end point: every net trains until it classifies every
	// training sample right (at most 4000 steps; the paper's uni-modal nets
	// need 360–1500), so C1 holds exactly rather than within a tolerance.
	zero := base()
	zero.Until, zero.Steps = param.UntilZeroError, 4000
	zeroCase := mk("zero-error", "paper trained to exactly zero training error (until=zero-error, at most 4000 steps)", zero, expectAll(true))
	zeroCase.Exceptions[claims.C7] = "the per-class prediction is right for 153 of 200 won classes, 0.765 [0.689, 0.841] over " +
		"20 seeds (as in paper: the same runs up to T), across the 0.7 tolerance; the frequency half holds (0.687 [0.632, 0.741] " +
		"against p_0 = 0.676)"
	zeroCase.Exceptions[claims.C1Converged] = deadSample("every net stops at exactly zero training error except seed 8's uni 1 " +
		"(39 of 40; median 771, max 2143)")

	// Twenty neurons per class leave no sample dead: every uni-modal net of
	// cases/grids/zero-error.json's m = 20 points reaches zero error.
	zero20 := zero.Clone()
	zero20.M = 20
	zero20Case := mk("zero-error-m20", "zero-error with m = 20 neurons per class: every net can reach exactly zero training error", zero20, expectAll(true))

	// The controls only need to show C4 and C5 failing: two quick seeds suffice.
	bigInitCase.QuickSeeds, longCase.QuickSeeds = 2, 2
	all := append([]Case{paper, strongCase, equalCase, k20Case, bigInitCase, longCase, zeroCase, zero20Case}, variants(mk)...)
	return append(all, realData(mk)...)
}

// Variants names the standard-training variants of the suite, in order.
var Variants = []string{"head-learned", "minibatch", "adam", "adam-minibatch", "relu", "three-modalities"}

// variants returns the standard-training variants (Variants): the paper case trained
// with one of the theorem's assumptions replaced by what networks are usually
// trained with. The theory does not speak for them, so their expectations
// are the verdicts the full suite measured (docs/results.md, "Does competition survive
// standard training?").
func variants(mk func(name, summary string, p param.Case, expect map[claims.ID]bool) Case) []Case {
	head := base()
	head.Head = param.HeadLearned
	mini := base()
	mini.Batch = 25
	adam := base()
	adam.Optimizer, adam.Beta1, adam.Beta2, adam.Eps, adam.Eta = param.OptimizerAdam, 0.9, 0.999, 1e-8, 1e-3
	adamMini := adam.Clone()
	adamMini.Batch = 25
	relu := base()
	relu.Activation = param.ActivationReLU
	three := base()
	three.R = 3
	three.Mu, three.A, three.B = []float64{0.1, 0.2, 0.3}, []float64{1, 1, 1}, []float64{1.5, 1.5, 1.5}
	measured := func(fail ...claims.ID) map[claims.ID]bool {
		m := expectAll(true)
		for _, id := range fail {
			m[id] = false
		}
		return m
	}
	lost := []claims.ID{claims.C4, claims.C5, claims.C6, claims.C7}
	headCase := mk("head-learned", "paper with a learned linear head over all neurons, started at the all-ones pattern", head, measured(claims.C2))
	headCase.Exceptions[claims.C1Converged] = deadSample("39 of 40 uni-modal nets reach exactly zero training error (median 601, " +
		"max 2024); the other is seed 8's uni 1, with paper's dead sample")
	headCase.Exceptions[claims.C7Finite] = winsMoreThanP0("0.734 [0.670, 0.798]", "p′_0 = 0.669", "0.001") +
		"; p_0 = 0.676 lies inside, and C7 holds"
	miniCase := mk("minibatch", "paper trained by minibatch SGD (batch 25 of 125, reshuffled every epoch, same η·T)", mini, measured())
	miniCase.QuickExceptions[claims.C6] = "with 3 seeds joint − best uni is +0.059 [−0.038, 0.156]; over 20 seeds +0.038 [0.024, 0.051], and C6 holds"
	miniCase.Exceptions[claims.C7] = winsMoreThanP0("0.733 [0.6763, 0.790]", "p_0 = 0.6755", "0.0008") +
		"; the per-class prediction is right for 153 of 200 won classes, 0.765 [0.689, 0.841], undecided against 0.7"
	miniCase.Exceptions[claims.C7Finite] = winsMoreThanP0("0.733 [0.6763, 0.790]", "p′_0 = 0.669", "0.008")
	adamCase := mk("adam", "paper trained by full-batch Adam (β = 0.9, 0.999, ε = 1e-8, η = 1e-3)", adam, measured(append([]claims.ID{claims.C1, claims.C1Converged, claims.C7Finite}, lost...)...))
	adamMiniCase := mk("adam-minibatch", "paper trained by minibatch Adam (batch 25, η·|batch|/N per step)", adamMini, measured(append([]claims.ID{claims.C1, claims.C1Converged, claims.C7Finite}, lost...)...))
	reluCase := mk("relu", "paper with the plain ReLU in place of the smoothed one (the theorem needs q ≥ 3)", relu, measured(append([]claims.ID{claims.C7Finite}, lost...)...))
	threeCase := mk("three-modalities", "three modalities, μ = (0.1, 0.2, 0.3), equal strengths: p_r from the R-modality quadrature", three, expectAll(true))
	threeCase.Exceptions[claims.C7] = "the per-class prediction is right for 140 of 200 won classes (0.70 [0.647, 0.753], " +
		"undecided) and modality 0 wins 97 of 152 single-winner classes over 20 seeds (0.64 [0.563, 0.716]) against p_0 = 0.480 " +
		"from E[Γ_r]: the strongest modality wins more often than the expected signal says, as in paper (0.738 [0.676, 0.800] " +
		"against 0.6755, just outside there); with three modalities the gap is 0.16. Why is open"
	threeCase.Exceptions[claims.C1Converged] = deadSample("56 of 60 uni-modal nets reach exactly zero training error (median 935, " +
		"max 2546); the 4 that do not are all modality 2's (μ = 0.3), each with one training sample wrong")
	threeCase.Exceptions[claims.C7Finite] = "the finite-sample p′_0 = 0.469 moves away from the observed 0.64 [0.563, 0.716], not " +
		"towards it (p_0 = 0.480); the winner by Γ′ is right for 142 of 200 won classes (0.71). The strongest modality's extra " +
		"wins are not a finite-sample effect of Γ"
	threeCase.QuickExceptions[claims.C6] = "with 3 seeds joint − best uni is +0.014 [−0.055, 0.083]; over 20 seeds +0.015 [0.004, 0.026], and C6 holds"
	threeCase.Exceptions[claims.C1] = "the uni-modal nets leave 0.8% [0.40, 1.20] of the training set wrong at T (modality 2's; " +
		"mean over 20 seeds), an interval across the 1% tolerance; pooled over samples the same 20 of 2500 read as a pass"
	threeCase.Exceptions[claims.C4] = "0.76 [0.697, 0.823] of the classes are single-winner over 20 seeds: the mean clears the " +
		"0.7 tolerance, the interval does not"
	adamCase.Exceptions[claims.C1] = "uni 1 leaves 1.04% [0.65, 1.43] of its training set wrong at T over 20 seeds, an interval " +
		"across the 1% tolerance; pooled over samples (26 of 2500) it read as a failure on the point estimate alone"
	return []Case{headCase, miniCase, adamCase, adamMiniCase, reluCase, threeCase}
}

// Lookup returns the case named name, or an error listing the known names.
func Lookup(name string) (Case, error) {
	var names []string
	for _, c := range All() {
		if c.Name == name {
			c.Params = c.Params.Clone()
			return c, nil
		}
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return Case{}, fmt.Errorf("unknown case %q (known: %s)", name, strings.Join(names, ", "))
}
