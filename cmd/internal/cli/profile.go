package cli

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/modcomp/modcomp/internal/atomicfile"
)

// Profile adds -cpuprofile to a command.
type Profile struct{ path string }

// Register adds -cpuprofile to fs.
func (p *Profile) Register(fs *flag.FlagSet) {
	fs.StringVar(&p.path, "cpuprofile", "", "write a CPU profile (pprof) of the command to this file")
}

// start begins profiling when -cpuprofile was given. The profile's file is
// created first (as a temporary file beside it), so that an unwritable place is
// refused before any work; the returned function stops profiling and moves the
// profile into place, and abort drops it.
func (p *Profile) start() (stop func() error, abort func(), err error) {
	if p.path == "" {
		return func() error { return nil }, func() {}, nil
	}
	f, err := atomicfile.Create(p.path)
	if err != nil {
		return nil, nil, Usagef("-cpuprofile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Abort()
		return nil, nil, err
	}
	stopped := false
	stopOnce := func() {
		if !stopped {
			pprof.StopCPUProfile()
			stopped = true
		}
	}
	return func() error {
			stopOnce()
			return f.Commit()
		}, func() {
			stopOnce()
			f.Abort()
		}, nil
}

// Interruptible returns a context cancelled by SIGINT or SIGTERM, so that a long
// command stops between steps, keeps what has finished and exits non-zero.
func Interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	Event("interruptible")
	return ctx, stop
}

// Begin starts what every long command needs: the CPU profile (if asked for)
// and a context that SIGINT or SIGTERM cancels. cancel releases the signal
// handler and drops an unfinished profile; finish stops the profile and
// writes it.
func (p *Profile) Begin() (ctx context.Context, cancel context.CancelFunc, finish func() error, err error) {
	finish, abort, err := p.start()
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, stop := Interruptible()
	return ctx, func() { stop(); abort() }, finish, nil
}
