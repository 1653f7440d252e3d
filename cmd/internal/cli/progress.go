package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// Progress shows a Progress bar with an ETA on stderr when stderr is a terminal
// and quiet is false; otherwise every method does nothing.
type Progress struct {
	bar *progressbar.ProgressBar
}

// NewProgress returns a bar over total units (for example seeds × steps).
func NewProgress(stderr io.Writer, quiet bool, total int64, what string) *Progress {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !isatty.IsTerminal(f.Fd()) || total <= 0 {
		return &Progress{}
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
	return &Progress{bar: bar}
}

// Step advances the bar by one unit.
func (p *Progress) Step() {
	if p.bar == nil {
		return
	}
	p.bar.Add64(1)
}

// Add advances the bar by n units.
func (p *Progress) Add(n int64) {
	if p.bar == nil {
		return
	}
	p.bar.Add64(n)
}

// Set moves the bar to done units of total (a total that a command learns
// only as it runs, such as a resumed sweep's new runs, replaces the one
// NewProgress was given), then labels it: the count and the label always
// agree on screen.
func (p *Progress) Set(done, total int64, format string, args ...any) {
	if p.bar == nil {
		return
	}
	if total != p.bar.GetMax64() {
		p.bar.ChangeMax64(total)
	}
	_ = p.bar.Set64(done)
	p.Describe(format, args...)
}

// Describe changes the bar's label, e.g. to "seed 2/5 joint".
func (p *Progress) Describe(format string, args ...any) {
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf(format, args...))
}

// Finish clears the bar.
func (p *Progress) Finish() {
	if p.bar == nil {
		return
	}
	p.bar.Finish()
}

// TrainHook returns a train.Options.Progress callback that advances the bar one
// unit per step and labels it with the seed and net.
func (p *Progress) TrainHook(seedLabel func() string) func(net string, step, total int) {
	if p.bar == nil {
		return nil
	}
	return func(net string, step, total int) {
		if step == 1 {
			p.Describe("%s %s", seedLabel(), net)
		}
		p.Step()
	}
}
