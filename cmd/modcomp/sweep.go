package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/reports/export"
)

func cmdSweep(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gridPath := fs.String("grid", "", "grid JSON file (required)")
	out := fs.String("out", "results.jsonl", "results file; runs already in it are skipped")
	shardFlag := fs.String("shard", "0/1", "run the deterministic share i/n of the grid")
	quiet := fs.Bool("quiet", false, "no progress bar")
	force := fs.Bool("force", false, "resume a results file written by another revision of modcomp")
	var mem cli.MemoryFlag
	mem.Register(fs)
	var csvOut cli.CSVFlag
	csvOut.Register(fs)
	var prof cli.Profile
	prof.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *gridPath == "" {
		return cli.Usagef("sweep needs -grid FILE")
	}
	if err := csvOut.Check(); err != nil {
		return err
	}
	sw, err := cli.ReadGrid(*gridPath)
	if err != nil {
		return err
	}
	shard, err := sweep.ParseShard(*shardFlag)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	mine := shard.Select(sw.Runs)
	var params []param.Case
	for _, r := range mine {
		if err := mem.Check(fmt.Sprintf("%s run %d", *gridPath, r.Index), r.Params, 1); err != nil {
			return err
		}
		params = append(params, r.Params)
	}
	if info, err := os.Stat(*out); err == nil && info.IsDir() {
		return cli.Usagef("-out %s is a directory; name a results file", *out)
	}
	if err := cli.WritableDir(filepath.Dir(*out)); err != nil {
		return err
	}
	ctx, stop, stopProfile, err := prof.Begin()
	if err != nil {
		return err
	}
	defer stop()
	bar := cli.NewProgress(stderr, *quiet, int64(len(mine)), "sweep")
	prov := cli.Provenance()
	ran := 0
	err = sweep.Execute(ctx, sw, mine, *out, sweep.Options{
		Revision:   provenance.Revision(),
		Provenance: &prov,
		Force:      *force,
		Train:      train.Options{Kernels: cli.Kernels()},
		Open:       mem.Open(params, len(mine)),
		OnRun: func(done, total int) {
			bar.Set(int64(done), int64(total), "sweep %d/%d new runs", done, total)
			cli.Event("run-written %d", done)
			ran = done
		},
	})
	bar.Finish()
	if err != nil {
		return cli.Interrupted(err, "finished runs are kept in %s; run the same command again to resume", *out)
	}
	if !*quiet {
		fmt.Fprintf(stderr, "sweep: %s holds the %d runs of this shard (%d run now, %d there before)\n", *out, len(mine), ran, len(mine)-ran)
	}
	if csvOut.Dir != "" {
		lines, err := sweep.MergeFiles([]string{*out}, *force)
		if err != nil {
			return err
		}
		var tabs export.Tables
		tabs.AddLines(lines)
		if err := csvOut.Write(&tabs); err != nil {
			return err
		}
	}
	return stopProfile()
}

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "merge shards written by different revisions of modcomp")
	var csvOut cli.CSVFlag
	csvOut.Register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return cli.UsageError{Err: err}
	}
	if fs.NArg() == 0 {
		return cli.Usagef("merge needs one or more results files")
	}
	if err := csvOut.Check(); err != nil {
		return err
	}
	lines, err := sweep.MergeFiles(fs.Args(), *force)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	var tabs export.Tables
	tabs.AddLines(lines)
	if err := csvOut.Write(&tabs); err != nil {
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
