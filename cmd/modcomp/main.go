// Command modcomp simulates, checks and reports modality competition in
// late-fusion multi-modal networks (Huang et al., ICML 2022).
//
//	modcomp run       [-case NAME] [-seeds N | -seed S] [-set key=value]... [-params FILE] [-json] [-out DIR] [-csv DIR] [-log FILE]
//	modcomp suite     [-full] [-case a,b] [-json] [-out DIR] [-csv DIR] [-stats] [-costs FILE]
//	modcomp methods   [-case NAME] [-full] [-out DIR]
//	modcomp sweep     -grid GRID.json [-shard i/n] [-out results.jsonl] [-force] [-csv DIR]
//	modcomp merge     [-force] [-csv DIR] a.jsonl b.jsonl ...
//	modcomp export    [-out DIR] FILE
//	modcomp data      [-case NAME] [-seed S] [-set key=value]... [-out DIR]
//	modcomp report    [-case NAME] [-suite] [-seeds N] [-out DIR] [-results FILE] [-phase DIR] [-force]
//	modcomp phase     [-grids a.json,b.json] [-out DIR] [-force]
//	modcomp plan      -costs FILE [-cores 1,2,16,64,256] [-pods 4,16,64] [-pod-cores 16] [-peak GFLOPS]
//	modcomp benchstat [-old FILE] [-new FILE] [-threshold 0.1]
//	modcomp cases
//	modcomp kernels
//	modcomp version   [-json]
//
// Commands that train take -max-memory SIZE (default: the machine's memory).
// MODCOMP_KERNEL=PATH (one of 'modcomp kernels') makes every command train on
// that kernel path instead of the fastest; every path gives the same bits.
//
// Exit status: 0 on success, 2 for bad usage or invalid parameters, 1 when a run fails.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/modcomp/modcomp/cmd/internal/cli"
)

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "train a case (joint, uni-modal nets and probes) and print a summary", cmdRun},
		{"suite", "run the seed suite and print the cases × claims table", cmdSuite},
		{"methods", "train every training method on a case and print the methods × claims table", cmdMethods},
		{"benchstat", "compare two benchmark files; exit 1 on a regression", cmdBenchstat},
		{"sweep", "run a grid of parameters and seeds (sharded, resumable) into a JSONL file", cmdSweep},
		{"merge", "join sweep result files into one, on stdout", cmdMerge},
		{"export", "write a run's JSON or a results file as long-form CSV tables", cmdExport},
		{"data", "write one seed's exact inputs (data, dictionaries, W(0)) as NumPy .npy files", cmdData},
		{"report", "run a case and its sweeps and write report.md with figures", cmdReport},
		{"phase", "run the phase-diagram sweeps and draw their heatmaps (phase.md)", cmdPhase},
		{"plan", "predict a suite's wall time on P cores or n pods from its measured task costs", cmdPlan},
		{"cases", "list the named cases", cmdCases},
		{"kernels", "list the kernel paths of this build and CPU, the one in use last", cmdKernels},
		{"version", "print the build's provenance: version, revision, Go, platform, kernels", cmdVersion},
	}
}

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs the command line args and returns the exit status. A command that
// succeeds but whose output could not all be written to stdout (a full disk,
// /dev/full, a closed pipe) exits 1 with a message: its result is lost.
func Main(args []string, stdout, stderr io.Writer) int {
	out := &cli.StickyWriter{W: stdout}
	code := dispatch(args, out, stderr)
	if code == 0 && out.Err() != nil {
		fmt.Fprintf(stderr, "modcomp: writing the output: %v\n", out.Err())
		return 1
	}
	return code
}

// dispatch runs the command named by args[0].
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printUsage(stdout)
		return 0
	case "help":
		if len(args) == 1 {
			printUsage(stdout)
			return 0
		}
		for _, c := range commands() {
			if c.name == args[1] {
				return cli.ExitStatus(c.run([]string{"-h"}, stdout, stdout), stderr)
			}
		}
		fmt.Fprintf(stderr, "modcomp: unknown command %q\n", args[1])
		printUsage(stderr)
		return 2
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if _, err := cli.ChosenKernels(); err != nil && c.name != "kernels" { // before any work; kernels lists the paths first
				return cli.ExitStatus(err, stderr)
			}
			return cli.ExitStatus(c.run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "modcomp: unknown command %q\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: modcomp <command> [flags]\n\ncommands:")
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w, "\nrun 'modcomp help <command>' or 'modcomp <command> -h' for the flags of a command")
}
