package kernel

import "sync"

// Pool runs a function over disjoint ranges of [0, n) on a fixed set of worker
// goroutines. It exists so that a training step can run in parallel without
// allocating: goroutines and channels are made once, in NewPool.
//
// A Pool serves one caller at a time. Results never depend on the number of
// workers, because every kernel writes each output from a single range.
type Pool struct {
	workers int
	tasks   chan task
	wg      sync.WaitGroup
}

type task struct {
	fn     func(lo, hi int)
	lo, hi int
	wg     *sync.WaitGroup
}

// NewPool returns a pool that splits work over the given number of goroutines,
// counting the caller's. workers < 1 is taken as 1 (everything on the caller).
func NewPool(workers int) *Pool {
	if workers < 1 {
		workers = 1
	}
	p := &Pool{workers: workers, tasks: make(chan task)}
	for w := 1; w < workers; w++ {
		go func() {
			for t := range p.tasks {
				t.fn(t.lo, t.hi)
				t.wg.Done()
			}
		}()
	}
	return p
}

// Workers returns the number of goroutines the pool splits work over.
func (p *Pool) Workers() int { return p.workers }

// Run calls fn on ranges that cover [0, n) exactly once, each a multiple of
// grain long (but the last), and returns when all have finished.
func (p *Pool) Run(n, grain int, fn func(lo, hi int)) {
	if grain < 1 {
		grain = 1
	}
	chunks := (n + grain - 1) / grain
	parts := min(p.workers, chunks)
	if parts <= 1 {
		fn(0, n)
		return
	}
	perChunks := (chunks + parts - 1) / parts
	parts = (chunks + perChunks - 1) / perChunks
	per := perChunks * grain
	p.wg.Add(parts - 1)
	lo := 0
	for k := 0; k < parts-1; k++ {
		p.tasks <- task{fn: fn, lo: lo, hi: lo + per, wg: &p.wg}
		lo += per
	}
	fn(lo, n)
	p.wg.Wait()
}

// Close stops the pool's goroutines. The pool must not be used afterwards.
func (p *Pool) Close() { close(p.tasks) }
