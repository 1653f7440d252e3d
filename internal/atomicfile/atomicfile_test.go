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
