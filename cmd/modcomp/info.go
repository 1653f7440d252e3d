package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/kernel"
)

// noFlags registers nothing: the command takes no flags but -h.
func noFlags(*flag.FlagSet) {}

func cmdCases(args []string, stdout, stderr io.Writer) error {
	if _, err := cli.Parse("cases", args, stderr, noFlags); err != nil {
		return err
	}
	width := 0
	for _, c := range cases.All() {
		width = max(width, len(c.Name))
	}
	for _, th := range cases.Theories() {
		for _, c := range th.Cases() {
			width = max(width, len(c.Name))
		}
	}
	for _, c := range cases.All() {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, c.Name, c.Summary)
	}
	for _, th := range cases.Theories() {
		for _, c := range th.Cases() {
			fmt.Fprintf(stdout, "%-*s  [%s theory] %s\n", width, c.Name, th.Name(), c.Summary)
		}
	}
	return nil
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	asJSON := false
	if _, err := cli.Parse("version", args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print the provenance as JSON")
	}); err != nil {
		return err
	}
	if asJSON {
		return cli.WriteJSON(stdout, cli.Provenance())
	}
	return cli.WriteProvenance(stdout, cli.Provenance())
}

func cmdKernels(args []string, stdout, stderr io.Writer) error {
	if _, err := cli.Parse("kernels", args, stderr, noFlags); err != nil {
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
