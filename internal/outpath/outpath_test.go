package outpath

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResolve: a new or regular file resolves to its canonical path; a link,
// a chain of links and a path through a linked directory resolve to the one
// file they name; directories, devices, FIFOs, loops and missing
// directories are refused with the name in the message.
func TestResolve(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	require.NoError(t, err)
	file := filepath.Join(dir, "x.jsonl")
	require.NoError(t, os.WriteFile(file, []byte("x\n"), 0o644))
	require.NoError(t, os.Symlink("x.jsonl", filepath.Join(dir, "link.jsonl")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "link.jsonl"), filepath.Join(dir, "chain.jsonl")))
	require.NoError(t, os.Symlink("absent.jsonl", filepath.Join(dir, "dangling.jsonl")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "sub", "up")))
	require.NoError(t, os.Symlink("loop", filepath.Join(dir, "loop")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))

	for name, want := range map[string]string{
		file:                                       file,
		filepath.Join(dir, "new.jsonl"):            filepath.Join(dir, "new.jsonl"),
		filepath.Join(dir, "link.jsonl"):           file,
		filepath.Join(dir, "chain.jsonl"):          file,
		filepath.Join(dir, "dangling.jsonl"):       filepath.Join(dir, "absent.jsonl"),
		filepath.Join(dir, "sub", "up", "x.jsonl"): file,
		filepath.Join(dir, "sub", "..", "x.jsonl"): file,
	} {
		got, err := Resolve(name)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
	for name, msg := range map[string]string{
		dir:                                "is a directory, not a file",
		"/dev/null":                        "is a character device, not a regular file",
		"/dev/full":                        "is a character device, not a regular file",
		filepath.Join(dir, "fifo"):         "is a named pipe (FIFO), not a regular file",
		filepath.Join(dir, "loop"):         "symbolic links (a loop?)",
		filepath.Join(dir, "missing", "x"): "no such file or directory",
	} {
		_, err := Resolve(name)
		require.ErrorContains(t, err, msg, name)
		require.ErrorContains(t, err, name)
	}
}
