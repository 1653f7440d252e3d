package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCreateCommitAbort(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	require.NoError(t, WriteFile(name, []byte("old")))

	f, err := Create(name)
	require.NoError(t, err)
	_, err = f.WriteString("new")
	require.NoError(t, err)
	data, _ := os.ReadFile(name)
	require.Equal(t, "old", string(data), "nothing changes before Commit")
	require.NoError(t, f.Commit())
	data, _ = os.ReadFile(name)
	require.Equal(t, "new", string(data))
	f.Abort() // after Commit: nothing

	f, err = Create(name)
	require.NoError(t, err)
	f.WriteString("half")
	f.Abort()
	data, _ = os.ReadFile(name)
	require.Equal(t, "new", string(data), "Abort leaves the target as it was")
	entries, _ := os.ReadDir(dir)
	require.Len(t, entries, 1, "and no temporary file")

	_, err = Create(dir)
	require.ErrorContains(t, err, "is a directory")
	_, err = Create(filepath.Join(dir, "missing", "x"))
	require.Error(t, err, "an unwritable place fails at Create")
}

// TestSpecialFilesAndLinks: a write to a device or a FIFO is refused before
// anything is written, and the special file stays what it was; a write
// through a symbolic link replaces the link's target and keeps the link.
func TestSpecialFilesAndLinks(t *testing.T) {
	for _, name := range []string{"/dev/full", "/dev/null"} {
		before, err := os.Lstat(name)
		require.NoError(t, err)
		require.ErrorContains(t, WriteFile(name, []byte("x")), "not a regular file", name)
		after, err := os.Lstat(name)
		require.NoError(t, err)
		require.Equal(t, before.Mode(), after.Mode(), "%s is still a device", name)
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "target.prof")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.prof")
	require.NoError(t, os.Symlink("target.prof", link))
	require.NoError(t, WriteFile(link, []byte("new")))
	info, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&os.ModeSymlink, "the link is still a link")
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	require.Equal(t, "new", string(data), "the link's target holds the new content")
	entries, _ := os.ReadDir(dir)
	require.Len(t, entries, 2, "no temporary file is left")
}
