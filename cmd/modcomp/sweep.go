package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/train"
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
	var prof profileFlag
	prof.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *gridPath == "" {
		return usagef("sweep needs -grid FILE")
	}
	data, err := os.ReadFile(*gridPath)
	if err != nil {
		return usageError{err}
	}
	name, runs, err := sweep.ParseGrid(data)
	if err != nil {
		return usageError{fmt.Errorf("%s: %w", *gridPath, err)}
	}
	shard, err := sweep.ParseShard(*shardFlag)
	if err != nil {
		return usageError{err}
	}
	if err := writableDir(filepath.Dir(*out)); err != nil {
		return err
	}
	ctx, stop, stopProfile, err := prof.begin()
	if err != nil {
		return err
	}
	defer stop()
	mine := shard.Select(runs)
	bar := newProgress(stderr, *quiet, int64(len(mine)), "sweep")
	err = sweep.Execute(ctx, name, mine, *out, train.Options{}, func(done, total int) {
		bar.describe("sweep %d/%d", done, total)
		bar.step()
	})
	bar.finish()
	if err != nil {
		return err
	}
	return stopProfile()
}

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() == 0 {
		return usagef("merge needs one or more results files")
	}
	readers := map[string]io.Reader{}
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		readers[name] = f
	}
	lines, err := sweep.Merge(readers, fs.Args())
	if err != nil {
		return usageError{err}
	}
	enc := json.NewEncoder(stdout)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}
