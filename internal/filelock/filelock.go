// Package filelock gives a file one writer at a time. A writer holds an
// exclusive advisory lock (flock) on a small companion file, .NAME.lock beside
// NAME, which also records who holds it; a reader that must not see a file
// being written takes a shared lock. The operating system releases the lock
// when its holder exits, however it exits, so a killed writer never leaves a
// stale lock behind. The companion file is kept: removing it would let a
// third process lock a new file while a second still holds the old one.
//
// A lock belongs to the file, not to the name: the companion file lies beside
// the path outpath.Resolve gives (symbolic links followed, the directory's
// links evaluated), so a link and its target, or two paths through linked
// directories, take the same lock.
package filelock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/modcomp/modcomp/internal/outpath"
)

// Lock is a held lock; Release gives it back.
type Lock struct {
	f *os.File
}

// HeldError reports a lock that another process holds.
type HeldError struct {
	// Path is the file that is locked.
	Path string
	// Holder describes the process that holds the lock, as it recorded
	// itself ("process 4242 (modcomp sweep ...) since 2026-11-28T07:20:00Z"),
	// or "another process" when it could not be read.
	Holder string
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%s is in use by %s; two writers never share a file (wait for it, or write elsewhere)", e.Path, e.Holder)
}

// Name returns the companion lock file of path.
func Name(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// Exclusive locks path for writing, without waiting: when another process
// holds a lock on it (exclusive or shared), it returns a *HeldError naming
// that process.
func Exclusive(path string) (*Lock, error) {
	return acquire(path, true)
}

// Shared locks path for reading, without waiting: it fails with a *HeldError
// while a writer holds it, and lets other readers in.
func Shared(path string) (*Lock, error) {
	return acquire(path, false)
}

func acquire(path string, exclusive bool) (*Lock, error) {
	if info, err := os.Stat(path); !exclusive && err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		// A reader of a pipe or a device: no writer locks such a file
		// (Exclusive refuses it), so there is nothing to wait for.
		return &Lock{}, nil
	}
	file, err := outpath.Resolve(path)
	if err != nil {
		return nil, fmt.Errorf("lock %w", err)
	}
	name := Name(file)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil && !exclusive {
		// A reader in a directory it cannot write: a writer there would have
		// left the lock file, so read-lock it if it exists; if not, no
		// writer has ever held the file.
		if f, err = os.Open(name); errors.Is(err, fs.ErrNotExist) {
			return &Lock{}, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	held, err := tryLock(f, exclusive)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if held {
		holder := "another process"
		if data, err := os.ReadFile(name); err == nil && len(strings.TrimSpace(string(data))) > 0 {
			holder = strings.TrimSpace(string(data))
		}
		f.Close()
		return nil, &HeldError{Path: path, Holder: holder}
	}
	if exclusive {
		who := fmt.Sprintf("process %d (%s) since %s\n", os.Getpid(), strings.Join(os.Args, " "), time.Now().UTC().Format(time.RFC3339))
		if err := f.Truncate(0); err == nil {
			f.WriteAt([]byte(who), 0)
		}
	}
	return &Lock{f: f}, nil
}

// Release gives the lock back. It is safe to call on a nil *Lock and more
// than once.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}
