// Package readlimit bounds what modcomp reads: every input file is read
// through a limit, so that a wrong path (/dev/zero, a disk image, a
// multi-gigabyte file) ends in an error that names the file and the limit,
// never in the runtime's out-of-memory crash. A regular file over the limit is
// refused before anything is read; a stream (a pipe, a device) is cut at it.
package readlimit

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits by kind of input.
const (
	// Small bounds what a person writes: a case file (-params), a grid.
	// The largest in the repository is a few kilobytes.
	Small int64 = 1 << 20
	// Medium bounds the smaller files modcomp writes and reads back: golden
	// files, costs files, benchmark files, one line of a results file. The
	// largest of these is well under a megabyte.
	Medium int64 = 64 << 20
	// Large bounds the files that grow with the work: results files and run
	// documents. A results line of the paper's case is about 20 KB, so this
	// holds some 50 000 runs.
	Large int64 = 1 << 30
)

// TooLargeError is an input over its limit.
type TooLargeError struct {
	// Name is the input's name, as given.
	Name string
	// Limit is the limit in bytes.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, the limit for this kind of input (is it the file you meant?)", e.Name, size(e.Limit))
}

// size writes n bytes in the largest binary unit that divides it.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the file at path whole, at most limit bytes: a regular file
// larger than limit is refused before it is read, a stream longer than limit
// when the limit is passed, each with a *TooLargeError.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(Reader(f, path, limit))
}

// Open opens the file at path for reading, refusing with a *TooLargeError a
// regular file larger than limit and, with an error that says so, a
// directory. Read it through Reader to bound a stream as well.
func Open(path string, limit int64) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch {
	case info.IsDir():
		f.Close()
		return nil, fmt.Errorf("%s is a directory, not a file", path)
	case info.Mode().IsRegular() && info.Size() > limit:
		f.Close()
		return nil, &TooLargeError{Name: path, Limit: limit}
	}
	return f, nil
}

// Reader returns a reader of r that fails with a *TooLargeError naming name
// once more than limit bytes have been read.
func Reader(r io.Reader, name string, limit int64) io.Reader {
	return &reader{r: r, name: name, limit: limit, left: limit}
}

type reader struct {
	r           io.Reader
	name        string
	limit, left int64
}

func (l *reader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Name: l.name, Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1] // one byte more than allowed tells a stream that goes on
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n - int(-l.left), &TooLargeError{Name: l.name, Limit: l.limit}
	}
	return n, err
}

// IsTooLarge reports whether err is, or wraps, a *TooLargeError.
func IsTooLarge(err error) bool {
	_, ok := errors.AsType[*TooLargeError](err)
	return ok
}
