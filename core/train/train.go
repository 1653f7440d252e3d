// Package train runs one modality-competition experiment: it draws the data,
// initialises the encoders, trains the joint net and every uni-modal net by
// full-batch gradient descent from the same initial weights, records Λ on a
// log-spaced schedule, and scores every net and probe.
package train

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/modcomp/modcomp/core/act"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/metrics"
	"github.com/modcomp/modcomp/core/nn"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/rng"
)

// Options tunes how a run executes; none of it changes the results.
type Options struct {
	// Workers is the number of goroutines for the kernels; 0 means GOMAXPROCS.
	Workers int
	// Progress, if not nil, is called after every step of every net with the
	// net's name ("joint", "uni 0", ...), the step just finished and the total.
	Progress func(net string, step, total int)
}

// Error is a failed run: which seed, which net, which step, and why.
type Error struct {
	Seed uint64
	Net  string
	Step int
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("seed %d: %s net: step %d: %v", e.Seed, e.Net, e.Step, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// DivergenceFactor bounds the training loss: a loss above DivergenceFactor times
// the initial loss is taken as divergence (a learning rate too large), as is a
// loss that is NaN or ±Inf. Gradient descent on the cross-entropy with a stable
// learning rate never comes near it.
const DivergenceFactor = 1e3

// LossExplodedError reports a finite loss that grew past DivergenceFactor times
// its initial value.
type LossExplodedError struct {
	Loss, Initial float64
}

func (e *LossExplodedError) Error() string {
	return fmt.Sprintf("loss %.4g exceeds %g × the initial loss %.4g (diverged: lower the learning rate eta)",
		e.Loss, DivergenceFactor, e.Initial)
}

// Schedule returns the steps at which Λ is recorded: 0, T and points−2 more,
// log-spaced between 1 and T, without duplicates, in increasing order.
func Schedule(T, points int) []int {
	steps := []int{0}
	for i := 0; i < points-1; i++ {
		s := int(math.Round(math.Pow(float64(T), float64(i)/float64(points-2))))
		if points == 2 {
			s = T
		}
		s = min(max(s, 1), T)
		if s > steps[len(steps)-1] {
			steps = append(steps, s)
		}
	}
	if steps[len(steps)-1] != T {
		steps = append(steps, T)
	}
	return steps
}

// InitialWeights draws W_r(0) for every modality from the seed's init stream:
// every weight i.i.d. N(0, σ0²), modality 0 first, row-major.
func InitialWeights(c param.Case, seed uint64) [][]float64 {
	src := rng.New(seed, rng.Init)
	w := make([][]float64, c.R)
	for r := range w {
		w[r] = make([]float64, c.K*c.M*c.D)
		for i := range w[r] {
			w[r][i] = c.Sigma0 * src.NormFloat64()
		}
	}
	return w
}

// Run performs one experiment for case c and seed. It returns a *Error naming the
// net and step when training diverges, and ctx.Err() when ctx is cancelled.
func Run(ctx context.Context, c param.Case, seed uint64, opt Options) (result.Run, error) {
	dist, err := data.New(ctx, c, seed)
	if err != nil {
		return result.Run{}, err
	}
	trainSet, err := dist.Sample(ctx, c.N, seed, rng.Train)
	if err != nil {
		return result.Run{}, err
	}
	testSet, err := dist.Sample(ctx, c.NTest, seed, rng.Test)
	if err != nil {
		return result.Run{}, err
	}
	w0 := InitialWeights(c, seed)

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	pool := kernel.NewPool(workers)
	defer pool.Close()

	a := act.New(c.Q, c.Rho)
	all := make([]int, c.R)
	for r := range all {
		all[r] = r
	}
	steps := Schedule(c.Steps, c.LambdaPoints)
	out := result.Run{Seed: seed}
	out.Lambda.Steps = steps

	joint := nn.New(a, c.K, c.M, c.D, all, w0)
	lam, losses, loss, err := descend(ctx, c, seed, "joint", joint, pool, trainSet, dist, steps, opt)
	if err != nil {
		return result.Run{}, err
	}
	out.Lambda.Joint, out.Lambda.JointLoss = lam, losses
	out.Joint = score(-1, joint, pool, trainSet, testSet)
	out.Joint.FinalLoss = loss

	for r := 0; r < c.R; r++ {
		uni := nn.New(a, c.K, c.M, c.D, []int{r}, [][]float64{w0[r]})
		lam, _, loss, err := descend(ctx, c, seed, fmt.Sprintf("uni %d", r), uni, pool, trainSet, dist, steps, opt)
		if err != nil {
			return result.Run{}, err
		}
		out.Lambda.Uni = append(out.Lambda.Uni, lam[0])
		u := score(r, uni, pool, trainSet, testSet)
		u.FinalLoss = loss
		out.Uni = append(out.Uni, u)
		out.Probe = append(out.Probe, score(r, joint.Probe(r), pool, trainSet, testSet))
	}

	final := out.Lambda.Final()
	out.Learned = metrics.Learned(final, c.Rho, c.Kappa)
	out.Winner = metrics.Winners(final, out.Learned)
	out.Gamma = trainSet.Gamma(c.Q)
	out.PredictedWinner = metrics.PredictedWinners(out.Gamma, out.Lambda.Initial(), c.Q)
	return out, nil
}

// descend trains net for c.Steps steps and records Λ of each of its encoders at
// the scheduled steps, indexed [encoder][class][point], the loss at those steps,
// and the final loss (after the last step).
func descend(ctx context.Context, c param.Case, seed uint64, name string, net *nn.Net, pool *kernel.Pool,
	set *data.Set, dist *data.Distribution, steps []int, opt Options) ([][][]float64, []float64, float64, error) {
	tr := nn.NewTrainer(net, pool, set.X, set.Y)
	lam := make([][][]float64, len(net.Mods))
	for e := range lam {
		lam[e] = make([][]float64, c.K)
		for j := range lam[e] {
			lam[e][j] = make([]float64, 0, len(steps))
		}
	}
	record := func() {
		for e, r := range net.Mods {
			for j := 0; j < c.K; j++ {
				lam[e][j] = append(lam[e][j], net.Lambda(e, j, dist.Feature(r, j)))
			}
		}
	}
	losses := make([]float64, 0, len(steps))
	next := 0
	initial := math.NaN()
	for t := 0; t < c.Steps; t++ {
		if ctx.Err() != nil { // checked every step, so a cancelled run stops within one step
			return nil, nil, 0, ctx.Err()
		}
		scheduled := steps[next] == t
		if scheduled {
			record()
		}
		loss, err := tr.Step(c.Eta)
		if err != nil {
			return nil, nil, 0, &Error{Seed: seed, Net: name, Step: t, Err: err}
		}
		if t == 0 {
			initial = loss
		}
		if loss > DivergenceFactor*initial {
			return nil, nil, 0, &Error{Seed: seed, Net: name, Step: t, Err: &LossExplodedError{Loss: loss, Initial: initial}}
		}
		if scheduled {
			losses = append(losses, loss)
			next++
		}
		if opt.Progress != nil {
			opt.Progress(name, t+1, c.Steps)
		}
	}
	final := tr.LossGrad()
	if math.IsNaN(final) || math.IsInf(final, 0) {
		return nil, nil, 0, &Error{Seed: seed, Net: name, Step: c.Steps, Err: &nn.DivergenceError{Loss: final}}
	}
	record()
	losses = append(losses, final)
	return lam, losses, final, nil
}

func score(modality int, net *nn.Net, pool *kernel.Pool, train, test *data.Set) result.Net {
	return metrics.Score(modality,
		net.Predict(pool, train.X, train.N), train,
		net.Predict(pool, test.X, test.N), test)
}
