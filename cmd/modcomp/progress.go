package main

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress shows a progress bar with an ETA on stderr when stderr is a terminal
// and quiet is false; otherwise every method does nothing.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a bar over total units (for example seeds × steps).
func newProgress(stderr io.Writer, quiet bool, total int64, what string) *progress {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !isatty.IsTerminal(f.Fd()) || total <= 0 {
		return &progress{}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(200_000_000),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar}
}

// step advances the bar by one unit.
func (p *progress) step() {
	if p.bar == nil {
		return
	}
	p.bar.Add64(1)
}

// describe changes the bar's label, e.g. to "seed 2/5 joint".
func (p *progress) describe(format string, args ...any) {
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf(format, args...))
}

// finish clears the bar.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.bar.Finish()
}

// trainHook returns a train.Options.Progress callback that advances the bar one
// unit per step and labels it with the seed and net.
func (p *progress) trainHook(seedLabel func() string) func(net string, step, total int) {
	if p.bar == nil {
		return nil
	}
	return func(net string, step, total int) {
		if step == 1 {
			p.describe("%s %s", seedLabel(), net)
		}
		p.step()
	}
}
