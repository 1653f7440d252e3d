package filelock

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExclusiveNamesTheHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	l, err := Exclusive(path)
	require.NoError(t, err)
	_, err = Exclusive(path)
	var held *HeldError
	require.ErrorAs(t, err, &held)
	require.Contains(t, held.Holder, "process ")
	require.Contains(t, err.Error(), path+" is in use by process")
	_, err = Shared(path)
	require.ErrorAs(t, err, &held, "a reader waits for the writer")
	l.Release()
	l.Release() // twice is harmless
	l2, err := Exclusive(path)
	require.NoError(t, err, "released locks can be taken again")
	l2.Release()
}

func TestSharedLetsReadersIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r")
	a, err := Shared(path)
	require.NoError(t, err)
	b, err := Shared(path)
	require.NoError(t, err)
	_, err = Exclusive(path)
	require.Error(t, err, "no writer while readers read")
	a.Release()
	b.Release()
	w, err := Exclusive(path)
	require.NoError(t, err)
	w.Release()
}

func TestSharedInReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes everywhere")
	}
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o555))
	defer os.Chmod(dir, 0o755)
	l, err := Shared(filepath.Join(dir, "r"))
	require.NoError(t, err)
	l.Release()
}

// FuzzLocks runs arbitrary sequences of lock operations on three paths and
// checks every outcome against a model: an exclusive lock is granted only
// when nobody holds the path, a shared one only when no writer does.
func FuzzLocks(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{1, 1, 0, 7, 7, 0, 2})
	f.Add([]byte{0, 0, 9, 0, 1})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		type holder struct {
			l         *Lock
			exclusive bool
		}
		held := map[int][]holder{}
		defer func() {
			for _, hs := range held {
				for _, h := range hs {
					h.l.Release()
				}
			}
		}()
		for _, op := range ops {
			p := int(op>>2) % 3
			path := filepath.Join(dir, string(rune('a'+p)))
			switch op % 4 {
			case 0, 1: // acquire exclusive (0) or shared (1)
				exclusive := op%4 == 0
				l, err := acquire(path, exclusive)
				free := len(held[p]) == 0
				readersOnly := true
				for _, h := range held[p] {
					readersOnly = readersOnly && !h.exclusive
				}
				want := free || (!exclusive && readersOnly)
				if want != (err == nil) {
					t.Fatalf("path %d exclusive=%v holders=%d: granted=%v, want %v (%v)", p, exclusive, len(held[p]), err == nil, want, err)
				}
				if err == nil {
					held[p] = append(held[p], holder{l, exclusive})
				}
			default: // release the oldest holder
				if len(held[p]) > 0 {
					held[p][0].l.Release()
					held[p] = held[p][1:]
				}
			}
		}
	})
}

// TestLockBelongsToTheFile: a writer through a symbolic link, or through a
// linked directory, is refused while another holds the target's lock; a
// device cannot be locked for writing.
func TestLockBelongsToTheFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "x.jsonl")
	require.NoError(t, os.Symlink("x.jsonl", filepath.Join(dir, "link.jsonl")))
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "again")))
	l, err := Exclusive(target)
	require.NoError(t, err)
	for _, other := range []string{filepath.Join(dir, "link.jsonl"), filepath.Join(dir, "again", "x.jsonl")} {
		_, err = Exclusive(other)
		var held *HeldError
		require.ErrorAs(t, err, &held, other)
		require.Equal(t, other, held.Path, "the message names the path the user gave")
	}
	l.Release()
	_, err = Exclusive("/dev/full")
	require.ErrorContains(t, err, "not a regular file")
}
