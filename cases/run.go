package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/queue"
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
func (c Case) Seeds(s Size) []uint64 { return s.Seeds(c.QuickSeeds, c.FullSeeds) }

// Seeds returns the seeds 1..n of a case that runs quick seeds at the
// quick size and full at the full size.
func (s Size) Seeds(quick, full int) []uint64 {
	n := quick
	if s == Full {
		n = full
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

// Surprises lists the claims whose verdict differs from the case's
// expectation (SurprisesOf).
func (o *Outcome) Surprises() []Surprise {
	return SurprisesOf(o.Case.Name, o.Size, len(o.Seeds), o.Verdicts, o.Case.Expect, o.Case.Exceptions, o.Case.QuickExceptions)
}

// SurprisesOf lists the verdicts of case name, run at size s over seeds
// seeds, that differ from expect, an inconclusive verdict included, each
// with its explanation from exceptions (or, at the quick size,
// quickExceptions). At the quick size an inconclusive verdict is a known
// surprise: a few seeds cannot decide a claim whose interval is over seeds;
// the full size must decide it. Every family of cases shares it.
func SurprisesOf(name string, s Size, seeds int, verdicts []claims.Verdict, expect map[claims.ID]bool,
	exceptions, quickExceptions map[claims.ID]string) []Surprise {
	var out []Surprise
	for _, v := range verdicts {
		want, ok := expect[v.Claim]
		if !ok || (want == v.Holds && !v.Inconclusive) {
			continue
		}
		why, known := exceptions[v.Claim]
		if !known && s == Quick {
			why, known = quickExceptions[v.Claim]
		}
		if !known && s == Quick && v.Inconclusive {
			why, known = fmt.Sprintf("%d seeds cannot decide it: the 95%% interval [%.3g, %.3g] contains the threshold %.3g", seeds, v.Lo, v.Hi, v.Tolerance), true
		}
		expected := map[bool]string{true: "holds", false: "fails"}[want]
		out = append(out, Surprise{Claim: v.Claim, Known: known, Why: why,
			Message: fmt.Sprintf("%s %s: expected %s, got %s (%s)", name, v.Claim, expected, v.Mark(), v.Explanation)})
	}
	return out
}

// Run trains every seed of c at size s and checks the claims: RunAll of one
// case.
func Run(ctx context.Context, c Case, s Size, opt train.Options, onRun func(done, total int)) (*Outcome, error) {
	out, err := RunAll(ctx, []Case{c}, s, opt, Options{OnRun: onRun})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// RunAll trains every seed of every case at size s in one queue and checks
// each case's claims. The queue (package queue) runs the nets of all runs
// (the fused net and each uni-modal net of a seed) longest first,
// opt.Workers at a time (0: GOMAXPROCS), one kernel goroutine each; results
// never depend on how the work is split. q bounds the runs in memory and
// sees the work as it finishes.
func RunAll(ctx context.Context, cs []Case, s Size, opt train.Options, q Options) ([]*Outcome, error) {
	var jobs []queue.Job
	var names []string // case of each job
	for _, c := range cs {
		for _, seed := range c.Seeds(s) {
			jobs = append(jobs, queue.Job{Params: c.Params, Seed: seed})
			names = append(names, c.Name)
		}
	}
	done := 0
	onDone := func(int) {
		if done++; q.OnRun != nil {
			q.OnRun(done, len(jobs))
		}
	}
	var onTask func(queue.Cost)
	if q.OnTask != nil {
		onTask = func(c queue.Cost) { q.OnTask(TaskCost{Case: names[c.Job], Seed: jobs[c.Job].Seed, Cost: c}) }
	}
	runs, err := runJobs(ctx, jobs, opt, q.Open, onTask, onDone, func(job int) string { return names[job] })
	if err != nil {
		return nil, err
	}
	out := make([]*Outcome, len(cs))
	for i, c := range cs {
		n := len(c.Seeds(s))
		out[i] = Evaluate(c, s, c.Seeds(s), runs[:n:n])
		runs = runs[n:]
	}
	return out, nil
}

// Options tunes RunAll's queue; none of it changes the results. Its
// functions are called one at a time.
type Options struct {
	// Open bounds the runs held in memory at once (0: the queue's default,
	// queue.DefaultOpen of its workers).
	Open int
	// OnRun, if not nil, is called after each finished run with the number
	// finished and the total.
	OnRun func(done, total int)
	// OnTask, if not nil, is called after each finished task (a net of a
	// run) with its measured cost.
	OnTask func(TaskCost)
	// Methods names the methods RunMethods trains (nil: the whole methods
	// suite); joint training always runs first, since the others pair with
	// it.
	Methods []string
}

// TaskCost is the measured cost of one net of one run: its case, its seed,
// and its queue job's index, task and cost.
type TaskCost struct {
	Case string
	Seed uint64
	queue.Cost
}

// runJobs runs jobs in one queue (see RunAll), naming a failed job's case
// by caseOf, with at most open runs in memory (0: the default). onTask, if not nil, sees every finished task and onDone every
// finished job, one call at a time.
func runJobs(ctx context.Context, jobs []queue.Job, opt train.Options, open int, onTask func(queue.Cost), onDone func(job int),
	caseOf func(job int) string) ([]result.Run, error) {
	runs, err := queue.Execute(ctx, jobs, queue.Options{Workers: opt.Workers, Open: open, Train: opt, OnTask: onTask,
		OnDone: func(job int, _ result.Run) error {
			onDone(job)
			return nil
		}})
	if je, ok := errors.AsType[*queue.JobError](err); ok {
		return nil, fmt.Errorf("case %s: %w", caseOf(je.Job), err)
	}
	return runs, err
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

// Evaluate checks the claims on finished runs of c (run[i] for seeds[i]):
// C1–C7 with the theory's p_r when it can be computed, or, for a real
// dataset's case, R1–R3.
func Evaluate(c Case, s Size, seeds []uint64, runs []result.Run) *Outcome {
	o := &Outcome{Case: c, Size: s, Seeds: seeds, Runs: runs}
	if c.Params.Source != "" {
		o.Verdicts = claims.CheckRealData(c.Params, runs, claims.DefaultRealDataTolerances())
		return o
	}
	if p, err := theory.WinProbabilities(c.Params); err == nil {
		o.WinProbability = p
	}
	o.FiniteWinProbability = finiteWinProbabilities(c.Params)
	o.Verdicts = claims.Check(c.Params, runs, c.Tolerances, o.WinProbability, o.FiniteWinProbability)
	return o
}
