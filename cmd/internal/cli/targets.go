package cli

import (
	"context"
	"io"
	"path/filepath"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/param"
)

// ExecuteTargets runs the targets' runs in one queue (sweep.ExecuteAll) with a
// progress bar named what, holding as many runs at once as the memory limit
// fits for params (every run's parameters, each already checked to fit
// alone). An interruption's message points at dir's results files.
func ExecuteTargets(ctx context.Context, stderr io.Writer, quiet bool, what, dir string, targets []sweep.Target,
	params []param.Case, mem *MemoryFlag, opt sweep.Options) error {
	total := 0
	for _, tg := range targets {
		total += len(tg.Runs)
	}
	bar := NewProgress(stderr, quiet, int64(total), what)
	opt.Open = mem.Open(params, total)
	opt.OnRun = func(done, total int) {
		bar.Set(int64(done), int64(total), "%s %d/%d new runs", what, done, total)
		Event("run-written %d", done)
	}
	err := sweep.ExecuteAll(ctx, targets, opt)
	bar.Finish()
	if err != nil {
		return Interrupted(err, "finished runs are kept in %s; run the same command again to resume",
			filepath.Join(dir, "results-*.jsonl"))
	}
	return nil
}
