package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/theory"
	"github.com/modcomp/modcomp/core/train"
)

// Size selects how many seeds a case runs.
type Size int

const (
	// Quick runs Case.QuickSeeds seeds: the suite `go test ./...` checks.
	Quick Size = iota
	// Full runs Case.FullSeeds seeds: `go test ./cases -full`, `make suite`.
	Full
)

func (s Size) String() string {
	if s == Full {
		return "full"
	}
	return "quick"
}

// Seeds returns the seeds the case runs at size s: 1..n.
func (c Case) Seeds(s Size) []uint64 {
	n := c.QuickSeeds
	if s == Full {
		n = c.FullSeeds
	}
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	return seeds
}

// Outcome is a case's runs at one size and the verdict of every claim.
type Outcome struct {
	Case  Case
	Size  Size
	Seeds []uint64
	// WinProbability is the theory's p_r (nil when it cannot be computed).
	WinProbability []float64
	// FiniteWinProbability is the finite-sample p′_r (nil when it cannot be
	// computed): theory.FiniteWinProbabilities with FiniteDraws sets from
	// the stream of seed 1.
	FiniteWinProbability []float64
	Runs                 []result.Run
	Verdicts             []claims.Verdict
}

// Verdict returns the verdict of claim id.
func (o *Outcome) Verdict(id claims.ID) claims.Verdict {
	for _, v := range o.Verdicts {
		if v.Claim == id {
			return v
		}
	}
	return claims.Verdict{Claim: id}
}

// Surprise is a claim whose verdict differs from the case's expectation.
type Surprise = result.Surprise

// Result returns the outcome as the plain value reports render.
func (o *Outcome) Result() *result.Outcome {
	expect := map[claims.ID]bool{}
	for id, v := range o.Case.Expect {
		expect[id] = v
	}
	describe := map[claims.ID]string{}
	for _, id := range o.claimIDs() {
		describe[id] = claims.Describe(id)
	}
	return &result.Outcome{Case: o.Case.Name, Size: o.Size.String(), Params: o.Case.Params, Seeds: o.Seeds,
		WinProbability: o.WinProbability, Runs: o.Runs, Claims: o.claimIDs(), Describe: describe, Verdicts: o.Verdicts,
		Expect: expect, Surprises: o.Surprises()}
}

func (o *Outcome) claimIDs() []claims.ID {
	ids := make([]claims.ID, len(o.Verdicts))
	for i, v := range o.Verdicts {
		ids[i] = v.Claim
	}
	return ids
}

// Results returns the plain values of outcomes.
func Results(outcomes []*Outcome) []*result.Outcome {
	out := make([]*result.Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = o.Result()
	}
	return out
}

// Surprises lists the claims whose verdict differs from the case's expectation.
func (o *Outcome) Surprises() []Surprise {
	var out []Surprise
	for _, v := range o.Verdicts {
		want, ok := o.Case.Expect[v.Claim]
		if !ok || want == v.Holds {
			continue
		}
		why, known := o.Case.Exceptions[v.Claim]
		if !known && o.Size == Quick {
			why, known = o.Case.QuickExceptions[v.Claim]
		}
		out = append(out, Surprise{Claim: v.Claim, Known: known, Why: why,
			Message: fmt.Sprintf("%s %s: expected holds=%v, got holds=%v (%s)", o.Case.Name, v.Claim, want, v.Holds, v.Explanation)})
	}
	return out
}

// Run trains every seed of c at size s and checks the claims. When
// opt.Workers is 0 and there are several seeds, the seeds run concurrently,
// GOMAXPROCS at a time with one kernel worker each (small cases use two cores
// better that way); results never depend on how the work is split. onSeed, if
// not nil, is called after each finished seed with the number finished.
func Run(ctx context.Context, c Case, s Size, opt train.Options, onSeed func(done, total int)) (*Outcome, error) {
	seeds := c.Seeds(s)
	runs, err := runSeeds(ctx, c.Name, c.Params, seeds, opt, onSeed)
	if err != nil {
		return nil, err
	}
	return Evaluate(c, s, seeds, runs), nil
}

// runSeeds trains p for every seed (see Run for the concurrency).
func runSeeds(ctx context.Context, name string, p param.Case, seeds []uint64, opt train.Options, onSeed func(done, total int)) ([]result.Run, error) {
	runs := make([]result.Run, len(seeds))
	parallel := 1
	if opt.Workers == 0 && len(seeds) > 1 {
		parallel = min(runtime.GOMAXPROCS(0), len(seeds))
		opt.Workers = 1
	}
	var (
		mu    sync.Mutex
		done  int
		first error
	)
	next := make(chan int)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				run, err := train.Run(ctx, p, seeds[i], opt)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("case %s: %w", name, err)
				}
				runs[i] = run
				done++
				if err == nil && onSeed != nil {
					onSeed(done, len(seeds))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range seeds {
		mu.Lock()
		stop := first != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return runs, nil
}

// finite caches p′_r by the case's parameters: the Monte Carlo takes a
// fraction of a second, and the suite, its methods and reports evaluate
// the same parameters more than once.
var finite sync.Map // canonical JSON of param.Case → []float64 (nil: not computable)

// finiteWinProbabilities returns the case's p′_r, or nil when the theory
// does not cover it.
func finiteWinProbabilities(p param.Case) []float64 {
	key, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	if v, ok := finite.Load(string(key)); ok {
		return v.([]float64)
	}
	pf, err := theory.FiniteWinProbabilities(p, theory.FiniteDraws(p.K), 1)
	if err != nil {
		pf = nil
	}
	finite.Store(string(key), pf)
	return pf
}

// Evaluate checks the claims on finished runs of c (run[i] for seeds[i]), with
// the theory's p_r when it can be computed.
func Evaluate(c Case, s Size, seeds []uint64, runs []result.Run) *Outcome {
	o := &Outcome{Case: c, Size: s, Seeds: seeds, Runs: runs}
	if p, err := theory.WinProbabilities(c.Params); err == nil {
		o.WinProbability = p
	}
	o.FiniteWinProbability = finiteWinProbabilities(c.Params)
	o.Verdicts = claims.Check(c.Params, runs, c.Tolerances, o.WinProbability, o.FiniteWinProbability)
	return o
}
