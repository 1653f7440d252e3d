// Package atomicfile writes files so that readers see either the old content or
// the complete new content, never a partial file: data goes to a temporary file
// in the same directory, is synced, and is renamed over the target. The
// target is what outpath.Resolve makes of the name: a symbolic link's target
// is replaced and the link kept; a directory, device, FIFO or socket is
// refused before anything is written.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/internal/outpath"
)

// File is a file being written: a temporary file beside its target that
// Commit renames into place and Abort removes. Creating it first, before the
// work that produces its content, checks that the target can be written.
type File struct {
	*os.File
	name   string // as given, for messages
	target string // what Commit replaces (outpath.Resolve)
	done   bool
}

// Create starts writing name: it creates the temporary file now, so that an
// unwritable place fails before any work is done. A name that is a directory
// or another non-regular file is refused; a symbolic link is followed.
func Create(name string) (*File, error) {
	target, err := outpath.Resolve(name)
	if err != nil {
		return nil, fmt.Errorf("write %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return &File{File: tmp, name: name, target: target}, nil
}

// Commit syncs the file and renames it to its target (mode 0644). On error
// the temporary file is removed and the target is left as it was.
func (f *File) Commit() (err error) {
	if f.done {
		return fmt.Errorf("write %s: already committed or aborted", f.name)
	}
	f.done = true
	defer func() {
		if err != nil {
			f.File.Close()
			os.Remove(f.File.Name())
			err = fmt.Errorf("write %s: %w", f.name, err)
		}
	}()
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.File.Close(); err != nil {
		return err
	}
	return os.Rename(f.File.Name(), f.target)
}

// Abort removes the temporary file; the target is left as it was. It does
// nothing after Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}

// WriteFile atomically replaces name with data (mode 0644).
func WriteFile(name string, data []byte) error {
	return Write(name, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// Write creates a temporary file beside name, lets fill write it, syncs it and
// renames it to name. On any error the temporary file is removed and name is
// left as it was.
func Write(name string, fill func(f *os.File) error) error {
	f, err := Create(name)
	if err != nil {
		return err
	}
	if err := fill(f.File); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", name, err)
	}
	return f.Commit()
}
