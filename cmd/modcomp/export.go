package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/internal/fileset"
)

func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out/csv", "directory for the CSV tables")
	force := fs.Bool("force", false, "export a results file whose lines come from different revisions")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return cli.UsageError{Err: err}
	}
	if fs.NArg() != 1 {
		return cli.Usagef("export needs one file: a run's JSON (run -json, run.json) or a results file (.jsonl)")
	}
	path := fs.Arg(0)
	tabs, err := cli.ReadTables(path, *force)
	if err != nil {
		return err
	}
	if err := cli.WritableDir(*out); err != nil {
		return err
	}
	previous, err := fileset.Previous(*out)
	if err != nil {
		return err
	}
	names, err := tabs.Write(*out)
	if err != nil {
		return err
	}
	if len(previous) > 0 {
		fmt.Fprintf(stdout, "replaced the earlier set of tables in %s (%s)\n", *out, strings.Join(previous, ", "))
	}
	for _, n := range names {
		fmt.Fprintln(stdout, "wrote", n)
	}
	return nil
}
