package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/kernel"
)

func cmdCases(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cases", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	width := 0
	for _, c := range cases.All() {
		width = max(width, len(c.Name))
	}
	for _, c := range cases.All() {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, c.Name, c.Summary)
	}
	return nil
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the provenance as JSON")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *asJSON {
		return cli.WriteJSON(stdout, cli.Provenance())
	}
	return cli.WriteProvenance(stdout, cli.Provenance())
}

func cmdKernels(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kernels", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	for _, p := range kernel.Paths() {
		fmt.Fprintln(stdout, p)
	}
	k, err := cli.ChosenKernels()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "in use: %s (all paths give the same bits; %s=PATH chooses one)\n", k.Name(), cli.KernelEnv)
	return nil
}
