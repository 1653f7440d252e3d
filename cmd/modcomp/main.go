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
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// usageError marks an error caused by the command line; it exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

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
	out := &stickyWriter{w: stdout}
	code := dispatch(args, out, stderr)
	if code == 0 && out.err != nil {
		fmt.Fprintf(stderr, "modcomp: writing the output: %v\n", out.err)
		return 1
	}
	return code
}

// stickyWriter passes writes on to w until one fails, and keeps that error:
// the commands print with fmt.Fprint*, whose errors they do not check one by
// one, and Main reports the first.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
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
				return exitStatus(c.run([]string{"-h"}, stdout, stdout), stderr)
			}
		}
		fmt.Fprintf(stderr, "modcomp: unknown command %q\n", args[1])
		printUsage(stderr)
		return 2
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if _, err := chosenKernels(); err != nil && c.name != "kernels" { // before any work; kernels lists the paths first
				return exitStatus(err, stderr)
			}
			return exitStatus(c.run(args[1:], stdout, stderr), stderr)
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

func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue usageError
	var fe *param.FieldError
	if errors.Is(err, flag.ErrHelp) {
		return 0 // the flag set has printed the command's usage
	}
	var ie interruptedError
	if errors.As(err, &ie) {
		fmt.Fprintln(stderr, "modcomp: interrupted;", ie.kept)
		return 1
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "modcomp: interrupted; nothing was written")
		return 1
	}
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintln(stderr, "modcomp:", msg)
	var mismatch *sweep.MismatchError
	var held *filelock.HeldError
	if errors.As(err, &ue) || errors.As(err, &fe) || errors.As(err, &mismatch) || errors.As(err, &held) || readlimit.IsTooLarge(err) {
		return 2
	}
	return 1
}

// interruptedError is a command stopped by SIGINT or SIGTERM; kept says what
// it kept ("the 3 finished runs are in results.jsonl").
type interruptedError struct {
	kept string
	err  error
}

func (e interruptedError) Error() string { return "interrupted; " + e.kept }
func (e interruptedError) Unwrap() error { return e.err }

// interrupted wraps err, when it is a cancellation, with what was kept.
func interrupted(err error, format string, args ...any) error {
	if errors.Is(err, context.Canceled) {
		return interruptedError{kept: fmt.Sprintf(format, args...), err: err}
	}
	return err
}
