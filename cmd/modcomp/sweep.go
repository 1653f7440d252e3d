package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/cases/grids"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/export"
)

// writableDir creates dir if needed and checks that a file can be written in it;
// a failure is a usage error naming the directory.
func writableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("output directory %s is not writable: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, ".modcomp-probe-*")
	if err != nil {
		return usagef("output directory %s is not writable: %v", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func cmdSweep(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gridPath := fs.String("grid", "", "grid JSON file (required)")
	out := fs.String("out", "results.jsonl", "results file; runs already in it are skipped")
	shardFlag := fs.String("shard", "0/1", "run the deterministic share i/n of the grid")
	quiet := fs.Bool("quiet", false, "no progress bar")
	force := fs.Bool("force", false, "resume a results file written by another revision of modcomp")
	var mem memoryFlag
	mem.register(fs)
	var csvOut csvFlag
	csvOut.register(fs)
	var prof profileFlag
	prof.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *gridPath == "" {
		return usagef("sweep needs -grid FILE")
	}
	if err := csvOut.check(); err != nil {
		return err
	}
	sw, err := readGrid(*gridPath)
	if err != nil {
		return err
	}
	shard, err := sweep.ParseShard(*shardFlag)
	if err != nil {
		return usageError{err}
	}
	mine := shard.Select(sw.Runs)
	var params []param.Case
	for _, r := range mine {
		if err := mem.check(fmt.Sprintf("%s run %d", *gridPath, r.Index), r.Params, 1); err != nil {
			return err
		}
		params = append(params, r.Params)
	}
	if info, err := os.Stat(*out); err == nil && info.IsDir() {
		return usagef("-out %s is a directory; name a results file", *out)
	}
	if err := writableDir(filepath.Dir(*out)); err != nil {
		return err
	}
	ctx, stop, stopProfile, err := prof.begin()
	if err != nil {
		return err
	}
	defer stop()
	bar := newProgress(stderr, *quiet, int64(len(mine)), "sweep")
	prov := currentProvenance()
	ran := 0
	err = sweep.Execute(ctx, sw, mine, *out, sweep.Options{
		Revision:   provenance.Revision(),
		Provenance: &prov,
		Force:      *force,
		Train:      train.Options{Kernels: kernels()},
		Open:       mem.open(params, len(mine)),
		OnRun: func(done, total int) {
			bar.describe("sweep %d/%d", done, total)
			bar.step()
			event("run-written %d", done)
			ran = done
		},
	})
	bar.finish()
	if err != nil {
		return interrupted(err, "finished runs are kept in %s; run the same command again to resume", *out)
	}
	if !*quiet {
		fmt.Fprintf(stderr, "sweep: %s holds the %d runs of this shard (%d run now, %d there before)\n", *out, len(mine), ran, len(mine)-ran)
	}
	if csvOut.dir != "" {
		lines, err := sweep.MergeFiles([]string{*out}, *force)
		if err != nil {
			return err
		}
		var tabs export.Tables
		tabs.AddLines(lines)
		if err := csvOut.write(&tabs); err != nil {
			return err
		}
	}
	return stopProfile()
}

// readGrid reads and expands a grid file, or one of the repository's grids
// built into the binary (package grids) when no file is at its path; every
// problem is a usage error naming the file.
func readGrid(path string) (*sweep.Sweep, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, usagef("%s is a directory, not a grid file", path)
	}
	data, err := readlimit.ReadFile(path, readlimit.Small)
	if errors.Is(err, fs.ErrNotExist) {
		// The repository's grids are built in: cases/grids/NAME.json names
		// one wherever the command runs (a file at that path comes first).
		if embedded, ok := grids.Read(filepath.ToSlash(path)); ok {
			data, err = embedded, nil
		}
	}
	if err != nil {
		return nil, usageError{err}
	}
	sw, err := sweep.ParseGrid(data)
	if err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", path, err)}
	}
	return sw, nil
}

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "merge shards written by different revisions of modcomp")
	var csvOut csvFlag
	csvOut.register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() == 0 {
		return usagef("merge needs one or more results files")
	}
	if err := csvOut.check(); err != nil {
		return err
	}
	lines, err := sweep.MergeFiles(fs.Args(), *force)
	if err != nil {
		return usageError{err}
	}
	var tabs export.Tables
	tabs.AddLines(lines)
	if err := csvOut.write(&tabs); err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

// executeTargets runs the targets' runs in one queue (sweep.ExecuteAll) with a
// progress bar named what, holding as many runs at once as the memory limit
// fits for params (every run's parameters, each already checked to fit
// alone). An interruption's message points at dir's results files.
func executeTargets(ctx context.Context, stderr io.Writer, quiet bool, what, dir string, targets []sweep.Target,
	params []param.Case, mem *memoryFlag, opt sweep.Options) error {
	total := 0
	for _, tg := range targets {
		total += len(tg.Runs)
	}
	bar := newProgress(stderr, quiet, int64(total), what)
	opt.Open = mem.open(params, total)
	opt.OnRun = func(done, total int) {
		bar.describe("%s %d/%d new runs", what, done, total)
		bar.step()
		event("run-written %d", done)
	}
	err := sweep.ExecuteAll(ctx, targets, opt)
	bar.finish()
	if err != nil {
		return interrupted(err, "finished runs are kept in %s; run the same command again to resume",
			filepath.Join(dir, "results-*.jsonl"))
	}
	return nil
}
