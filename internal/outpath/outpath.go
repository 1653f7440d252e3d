// Package outpath decides what a path given for an output names. modcomp
// writes its outputs to regular files only: a path that names a directory, a
// device (/dev/null, /dev/full), a FIFO or a socket is refused, and a symbolic
// link is followed to the file it points to, which the write then replaces
// (the link stays a link). Writers, their locks and their temporary files all
// use the resolved path, so two paths to one file (a link and its target, a
// path through a linked directory) are one file: one lock, one writer.
package outpath

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLinks bounds the symbolic links Resolve follows (a loop ends there).
const maxLinks = 40

// Resolve returns the canonical path of the regular file that a write to name
// replaces: absolute, its directory's symbolic links evaluated, and a symbolic
// link at name followed, link by link, to its final target (which need not
// exist yet). It refuses, with an error that names name, a path whose
// directory does not exist and one that names a directory or anything but a
// regular file.
func Resolve(name string) (string, error) {
	p, err := filepath.Abs(name)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	for hops := 0; ; hops++ {
		dir, err := filepath.EvalSymlinks(filepath.Dir(p))
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		p = filepath.Join(dir, filepath.Base(p))
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, nil
		case err != nil:
			return "", fmt.Errorf("%s: %w", name, err)
		case info.Mode()&fs.ModeSymlink != 0:
			if hops == maxLinks {
				return "", fmt.Errorf("%s: more than %d symbolic links (a loop?)", name, maxLinks)
			}
			link, err := os.Readlink(p)
			if err != nil {
				return "", fmt.Errorf("%s: %w", name, err)
			}
			if !filepath.IsAbs(link) {
				link = filepath.Join(dir, link)
			}
			p = link
		case info.IsDir():
			return "", fmt.Errorf("%s: is a directory, not a file", name)
		case !info.Mode().IsRegular():
			return "", fmt.Errorf("%s: is %s, not a regular file: outputs are written to regular files only", name, kind(info.Mode()))
		default:
			return p, nil
		}
	}
}

// kind names a non-regular file's type.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}
