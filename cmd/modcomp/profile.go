package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/modcomp/modcomp/internal/atomicfile"
)

// profileFlag adds -cpuprofile to a command.
type profileFlag struct{ path string }

func (p *profileFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&p.path, "cpuprofile", "", "write a CPU profile (pprof) of the command to this file")
}

// start begins profiling when -cpuprofile was given; the returned function stops
// it and writes the profile atomically.
func (p *profileFlag) start() (stop func() error, err error) {
	if p.path == "" {
		return func() error { return nil }, nil
	}
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return atomicfile.WriteFile(p.path, buf.Bytes())
	}, nil
}

// interruptible returns a context cancelled by SIGINT or SIGTERM, so that a long
// command stops between steps, keeps what has finished and exits non-zero.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// begin starts what every long command needs: the CPU profile (if asked for)
// and a context that SIGINT or SIGTERM cancels. cancel releases the signal
// handler; finish stops the profile and writes it.
func (p *profileFlag) begin() (ctx context.Context, cancel context.CancelFunc, finish func() error, err error) {
	finish, err = p.start()
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel = interruptible()
	return ctx, cancel, finish, nil
}
