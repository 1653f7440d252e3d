package fileset

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/internal/filelock"
)

func write(t *testing.T, s *Set, name, content string) {
	t.Helper()
	require.NoError(t, s.Write(name, func(w io.Writer) error {
		_, err := io.WriteString(w, content)
		return err
	}))
}

// TestSetsNeverMix: a committed set replaces the previous one whole (its
// files that the new set lacks are removed, a stranger's file stays); an
// aborted set leaves the previous one as it was and nothing staged; a second
// writer is refused while the first holds the directory.
func TestSetsNeverMix(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	s, err := Begin(dir)
	require.NoError(t, err)
	_, err = Begin(dir)
	var held *filelock.HeldError
	require.ErrorAs(t, err, &held, "one writer at a time")
	write(t, s, "a.csv", "a1")
	write(t, s, "b.csv", "b1")
	_, err = os.Stat(filepath.Join(dir, "a.csv"))
	require.True(t, os.IsNotExist(err), "nothing appears before Commit")
	paths, err := s.Commit()
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}, paths)

	s, err = Begin(dir)
	require.NoError(t, err)
	write(t, s, "a.csv", "a2")
	s.Abort()
	data, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	require.Equal(t, "a1", string(data), "an aborted set changes nothing")

	s, err = Begin(dir)
	require.NoError(t, err)
	write(t, s, "a.csv", "a3")
	_, err = s.Commit()
	require.NoError(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.ElementsMatch(t, []string{"notes.txt", "a.csv", IndexName, "." + lockName + ".lock"}, names, "b.csv of the old set is gone, nothing staged is left")
	prev, err := Previous(dir)
	require.NoError(t, err)
	require.Equal(t, []string{"a.csv"}, prev)
	require.Error(t, s.Write("c.csv", nil), "no write after Commit")
}
