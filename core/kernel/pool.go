package kernel

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Pool runs a function over disjoint ranges of [0, n) on a fixed set of worker
// goroutines. It exists so that a training step can run in parallel without
// allocating: goroutines are made once, in NewPool.
//
// A Pool serves one caller at a time. Results never depend on the number of
// workers, because every kernel writes each output from a single range.
//
// Workers and the waiting caller spin for a short while (spinFor) before they
// block. A training step calls Run several times in a row, each call lasting
// tens to hundreds of microseconds; a worker parked on a channel between calls
// was found to run only after the caller had done its own share, so that two
// workers took as long as one.
type Pool struct {
	workers []*worker
	kernels Kernels
}

// spinFor is how long a worker waits for its next range, and the caller for a
// worker to finish, before blocking.
const spinFor = 200 * time.Microsecond

// worker is one goroutine of a Pool and the slot through which it gets ranges.
// The caller publishes fn, lo and hi and then increments posted; the worker runs
// the range and stores the same count in finished. A side that gives up
// spinning sets its sleeping flag, checks its counter once more and blocks on
// its channel; the other side, having advanced the counter, takes the flag
// back and sends a token if none is pending. A token is only a hint: the
// sender may have taken the flag of an earlier wait (its swap delayed past
// the counter it stored), so a woken side checks its counter again.
type worker struct {
	fn     func(lo, hi int)
	lo, hi int

	posted, finished atomic.Uint64
	idle, waiting    atomic.Bool   // worker parked for posted; caller parked for finished
	wake, done       chan struct{} // tokens for the two, buffered
}

// NewPool returns a pool that splits work over the given number of goroutines,
// counting the caller's. workers < 1 is taken as 1 (everything on the caller).
func NewPool(workers int) *Pool {
	p := &Pool{}
	for w := 1; w < workers; w++ {
		wk := &worker{wake: make(chan struct{}, 1), done: make(chan struct{}, 1)}
		p.workers = append(p.workers, wk)
		go wk.loop()
	}
	return p
}

// Use sets the kernels the pool's users compute with (the default: the
// zero Kernels) and returns p. It must not be called while the pool runs.
func (p *Pool) Use(k Kernels) *Pool {
	p.kernels = k
	return p
}

// Kernels returns the kernels the pool's users compute with (see Use); a nil
// pool has the default ones.
func (p *Pool) Kernels() Kernels {
	if p == nil {
		return Kernels{}
	}
	return p.kernels
}

// Workers returns the number of goroutines the pool splits work over.
func (p *Pool) Workers() int { return len(p.workers) + 1 }

// Run calls fn on ranges that cover [0, n) exactly once, each a multiple of
// grain long (but the last), and returns when all have finished. The ranges are
// those Ranges returns; the caller runs the last one.
func (p *Pool) Run(n, grain int, fn func(lo, hi int)) {
	parts, per := p.split(n, grain)
	if parts <= 1 {
		fn(0, n)
		return
	}
	lo := 0
	for _, w := range p.workers[:parts-1] {
		w.post(fn, lo, lo+per)
		lo += per
	}
	fn(lo, n)
	for _, w := range p.workers[:parts-1] {
		w.wait()
	}
}

// Ranges returns the ranges [lo, hi) that Run(n, grain, …) hands out, in order,
// so that a caller can prepare one buffer per range.
func (p *Pool) Ranges(n, grain int) [][2]int {
	parts, per := p.split(n, grain)
	if parts <= 1 {
		return [][2]int{{0, n}}
	}
	var out [][2]int
	for lo := 0; lo < n; lo += per {
		out = append(out, [2]int{lo, min(lo+per, n)})
	}
	return out
}

// split returns how many ranges Run cuts [0, n) into and the length of all but
// the last.
func (p *Pool) split(n, grain int) (parts, per int) {
	if grain < 1 {
		grain = 1
	}
	chunks := (n + grain - 1) / grain
	parts = min(p.Workers(), chunks)
	if parts <= 1 {
		return parts, n
	}
	perChunks := (chunks + parts - 1) / parts
	return (chunks + perChunks - 1) / perChunks, perChunks * grain
}

// Close stops the pool's goroutines. The pool must not be used afterwards.
func (p *Pool) Close() {
	for _, w := range p.workers {
		w.post(nil, 0, 0)
	}
}

// post hands the worker a range; fn == nil stops it.
func (w *worker) post(fn func(lo, hi int), lo, hi int) {
	w.fn, w.lo, w.hi = fn, lo, hi
	w.posted.Add(1)
	notify(&w.idle, w.wake)
}

// wait returns when the worker has finished the range posted last.
func (w *worker) wait() {
	want := w.posted.Load()
	await(&w.finished, want, &w.waiting, w.done)
}

func (w *worker) loop() {
	var seen uint64
	for {
		seen++
		await(&w.posted, seen, &w.idle, w.wake)
		if w.fn == nil {
			return
		}
		w.fn(w.lo, w.hi)
		w.finished.Store(seen)
		notify(&w.waiting, w.done)
	}
}

// await returns once counter reaches want. It spins, yielding to other
// goroutines, for up to spinFor; then it sets sleeping and blocks on token,
// checking counter again before each sleep and after each wake-up.
func await(counter *atomic.Uint64, want uint64, sleeping *atomic.Bool, token chan struct{}) {
	var start time.Time
	for spins := 0; counter.Load() < want; spins++ {
		if spins%64 != 63 {
			continue
		}
		runtime.Gosched()
		if start.IsZero() {
			start = time.Now()
		} else if time.Since(start) > spinFor {
			break
		}
	}
	for counter.Load() < want {
		// A swap rather than a store: the same sequentially consistent
		// operation in Go's memory model, but an atomic read-modify-write,
		// which every emulator keeps ordered before the load below.
		// qemu-aarch64 on an x86 host lets a plain store pass that load,
		// and both sides then sleep (the deadlock core/train showed there).
		sleeping.Swap(true)
		if counter.Load() >= want {
			sleeping.Store(false) // a token may still arrive; a later wait ignores it
			return
		}
		<-token
	}
}

// notify wakes the side that set sleeping, after its counter was advanced.
func notify(sleeping *atomic.Bool, token chan struct{}) {
	if sleeping.Swap(false) {
		select {
		case token <- struct{}{}:
		default: // a token is already pending
		}
	}
}
