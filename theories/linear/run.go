package linear

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/linear"
	"github.com/modcomp/modcomp/core/result"
)

// Seeds returns the seeds c runs at size s: 1..n.
func (c Case) Seeds(s cases.Size) []uint64 { return s.Seeds(c.QuickSeeds, c.FullSeeds) }

// Job is one run: a network's parameters and a seed.
type Job struct {
	Params linear.Params
	Seed   uint64
}

// Execute trains every job, workers at a time (0: GOMAXPROCS), and returns
// the runs in the order of jobs; each run is independent of the others and
// of workers. onRun, if not nil, is called after each finished run, one
// call at a time. The first error (or ctx's) stops the rest.
func Execute(ctx context.Context, jobs []Job, workers int, onRun func(done, total int)) ([]linear.Run, error) {
	for _, j := range jobs {
		if err := j.Params.Validate(); err != nil {
			return nil, err
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runs := make([]linear.Run, len(jobs))
	next := make(chan int)
	var mu sync.Mutex
	var first error
	done := 0
	var wg sync.WaitGroup
	for range min(workers, max(len(jobs), 1)) {
		wg.Go(func() {
			for i := range next {
				r, err := linear.Train(ctx, jobs[i].Params, jobs[i].Seed)
				mu.Lock()
				if err != nil && first == nil {
					first = err
					cancel()
				}
				if err == nil {
					runs[i] = r
					done++
					if onRun != nil {
						onRun(done, len(jobs))
					}
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return runs, nil
}

// Outcome is a case's runs at one size and its verdicts.
type Outcome struct {
	Case     Case
	Size     cases.Size
	Seeds    []uint64
	Runs     []linear.Run
	Verdicts []result.Verdict
}

// Evaluate checks c's claims on its runs (runs[i] for seeds[i]).
func Evaluate(c Case, s cases.Size, seeds []uint64, runs []linear.Run) *Outcome {
	return &Outcome{Case: c, Size: s, Seeds: seeds, Runs: runs, Verdicts: linear.Check(runs, c.Tolerances)}
}

// RunCases trains every seed of cs at size s in one pool and checks each
// case's claims.
func RunCases(ctx context.Context, cs []Case, s cases.Size, workers int, onRun func(done, total int)) ([]*Outcome, error) {
	var jobs []Job
	for _, c := range cs {
		for _, seed := range c.Seeds(s) {
			jobs = append(jobs, Job{Params: c.Params, Seed: seed})
		}
	}
	runs, err := Execute(ctx, jobs, workers, onRun)
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

// Result returns the outcome as the plain value the suite's tables render.
func (o *Outcome) Result() *result.Outcome {
	describe := map[result.ClaimID]string{}
	var ids []result.ClaimID
	for _, v := range o.Verdicts {
		ids = append(ids, v.Claim)
		describe[v.Claim] = linear.Describe(v.Claim)
	}
	setting, _ := json.Marshal(o.Case.Params)
	measured, _ := json.Marshal(o.Runs)
	return &result.Outcome{Case: o.Case.Name, Size: o.Size.String(), Seeds: o.Seeds, Claims: ids, Describe: describe,
		Verdicts: o.Verdicts, Expect: o.Case.Expect, Surprises: o.Surprises(), Theory: Name, Setting: setting, Measured: measured}
}

// Surprises lists the verdicts that differ from the case's expectation
// (cases.SurprisesOf).
func (o *Outcome) Surprises() []result.Surprise {
	return cases.SurprisesOf(o.Case.Name, o.Size, len(o.Seeds), o.Verdicts, o.Case.Expect, o.Case.Exceptions, nil)
}
