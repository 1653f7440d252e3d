// Package fileset writes a set of files into a directory as one output that
// appears whole or not at all, and never mixed with an earlier set: the .npy
// arrays of `modcomp data`, the CSV tables of `modcomp export`.
//
// Begin locks the directory for one writer (filelock) and
// stages every file in a hidden directory inside it. Commit then removes the
// index of the previous set (a directory without an index is a set being
// changed), moves the staged files into place, removes the previous set's
// files that the new set does not have, and writes the new index (.modcomp-set,
// one name a line) last. Abort, or an interruption before Commit, leaves the
// previous set as it was; what a killed writer left staged is removed by the
// next Begin. Files the sets never named are left alone.
package fileset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// IndexName is the file that lists the files of a directory's committed set.
const IndexName = ".modcomp-set"

// Set is a set of files being written into a directory.
type Set struct {
	dir, staging string
	names        []string
	lock         *filelock.Lock
	done         bool
}

// lockName is the name filelock locks a directory's sets by (its lock file is
// .modcomp-set.lock beside the index).
const lockName = "modcomp-set"

// Begin starts a set in dir (created if needed): it takes the directory's
// write lock, failing at once with a *filelock.HeldError while another
// writer holds it, and makes the staging directory.
func Begin(dir string) (*Set, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := filelock.Exclusive(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	// Under the lock no other writer stages here: what a killed writer left
	// staged is removed.
	if stale, err := filepath.Glob(filepath.Join(dir, ".staging-*")); err == nil {
		for _, d := range stale {
			os.RemoveAll(d)
		}
	}
	staging, err := os.MkdirTemp(dir, ".staging-")
	if err != nil {
		lock.Release()
		return nil, err
	}
	return &Set{dir: dir, staging: staging, lock: lock}, nil
}

// Write stages the file name of the set, written by fill through a buffer
// (large arrays are written in large blocks, not value by value).
func (s *Set) Write(name string, fill func(w io.Writer) error) error {
	if s.done {
		return fmt.Errorf("fileset: %s written after Commit or Abort", name)
	}
	if name != filepath.Base(name) || strings.HasPrefix(name, ".") || slices.Contains(s.names, name) {
		return fmt.Errorf("fileset: bad or repeated file name %q", name)
	}
	f, err := os.Create(filepath.Join(s.staging, name))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, name), err)
	}
	s.names = append(s.names, name)
	return nil
}

// Commit moves the staged files into place as described in the package
// comment and returns their paths, in the order they were written.
func (s *Set) Commit() ([]string, error) {
	if s.done {
		return nil, errors.New("fileset: already committed or aborted")
	}
	defer s.Abort()
	index := filepath.Join(s.dir, IndexName)
	previous, err := readIndex(index)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(index); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var paths []string
	for _, name := range s.names {
		path := filepath.Join(s.dir, name)
		if err := os.Rename(filepath.Join(s.staging, name), path); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	for _, name := range previous {
		if !slices.Contains(s.names, name) {
			if err := os.Remove(filepath.Join(s.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
	}
	if err := atomicfile.WriteFile(index, []byte(strings.Join(s.names, "\n")+"\n")); err != nil {
		return nil, err
	}
	return paths, nil
}

// Abort drops the staged files and releases the lock; the directory's set is
// left as it was. It does nothing after Commit has finished.
func (s *Set) Abort() {
	if s.done {
		return
	}
	s.done = true
	os.RemoveAll(s.staging)
	s.lock.Release()
}

// Previous returns the files of the set committed in dir, nil for none.
func Previous(dir string) ([]string, error) { return readIndex(filepath.Join(dir, IndexName)) }

// readIndex reads an index file (nil when there is none).
func readIndex(path string) ([]string, error) {
	data, err := readlimit.ReadFile(path, readlimit.Small)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && line == filepath.Base(line) && !strings.HasPrefix(line, ".") {
			names = append(names, line)
		}
	}
	return names, nil
}
