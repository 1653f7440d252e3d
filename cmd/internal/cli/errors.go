package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// UsageError marks an error caused by the command line; it exits with status 2.
type UsageError struct{ Err error }

// Error is the underlying error's message.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, args ...any) error { return UsageError{Err: fmt.Errorf(format, args...)} }

// StickyWriter passes writes on to W until one fails, and keeps that error:
// the commands print with fmt.Fprint*, whose errors they do not check one by
// one, and the command's main reports the first (Err).
type StickyWriter struct {
	W   io.Writer
	err error
}

// Err is the first write's error, or nil.
func (s *StickyWriter) Err() error { return s.err }

// Write writes p to W unless an earlier write failed.
func (s *StickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.W.Write(p)
	s.err = err
	return n, err
}

// ExitStatus prints err (if any) on stderr and returns the exit status: 0
// for none or -h, 2 for bad usage, invalid parameters, a mismatched or held
// results file and an input too large, 1 for everything else (a failed or
// interrupted run).
func ExitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue UsageError
	var fe *param.FieldError
	if errors.Is(err, flag.ErrHelp) {
		return 0 // the flag set has printed the command's usage
	}
	var ie InterruptedError
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

// InterruptedError is a command stopped by SIGINT or SIGTERM; kept says what
// it kept ("the 3 finished runs are in results.jsonl").
type InterruptedError struct {
	kept string
	err  error
}

// Error says that the command was interrupted and what it kept.
func (e InterruptedError) Error() string { return "interrupted; " + e.kept }

// Unwrap returns the cancellation.
func (e InterruptedError) Unwrap() error { return e.err }

// Interrupted wraps err, when it is a cancellation, with what was kept.
func Interrupted(err error, format string, args ...any) error {
	if errors.Is(err, context.Canceled) {
		return InterruptedError{kept: fmt.Sprintf(format, args...), err: err}
	}
	return err
}
