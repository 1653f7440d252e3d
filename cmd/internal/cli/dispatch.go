package cli

import (
	"fmt"
	"io"
)

// Command is one command of the program: its name, a one-line summary
// for the usage, and the function that runs it on its arguments.
type Command struct {
	Name, Summary string
	Run           func(args []string, stdout, stderr io.Writer) error
}

// Main runs the command named by args[0] among commands and returns the exit
// status. A command that succeeds but whose output could not all be written
// to stdout (a full disk, /dev/full, a closed pipe) exits 1 with a message:
// its result is lost.
func Main(commands []Command, args []string, stdout, stderr io.Writer) int {
	out := &StickyWriter{W: stdout}
	code := dispatch(commands, args, out, stderr)
	if code == 0 && out.Err() != nil {
		fmt.Fprintf(stderr, "modcomp: writing the output: %v\n", out.Err())
		return 1
	}
	return code
}

// dispatch runs the command named by args[0].
func dispatch(commands []Command, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr, commands)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printUsage(stdout, commands)
		return 0
	case "help":
		if len(args) == 1 {
			printUsage(stdout, commands)
			return 0
		}
		for _, c := range commands {
			if c.Name == args[1] {
				return ExitStatus(c.Run([]string{"-h"}, stdout, stdout), stderr)
			}
		}
		fmt.Fprintf(stderr, "modcomp: unknown command %q\n", args[1])
		printUsage(stderr, commands)
		return 2
	}
	for _, c := range commands {
		if c.Name == args[0] {
			if _, err := ChosenKernels(); err != nil && c.Name != "kernels" { // before any work; kernels lists the paths first
				return ExitStatus(err, stderr)
			}
			return ExitStatus(c.Run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "modcomp: unknown command %q\n", args[0])
	printUsage(stderr, commands)
	return 2
}

func printUsage(w io.Writer, commands []Command) {
	fmt.Fprintln(w, "usage: modcomp <command> [flags]\n\ncommands:")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.Name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nrun 'modcomp help <command>' or 'modcomp <command> -h' for the flags of a command")
}
