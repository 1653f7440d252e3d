package readlimit

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLimits: a file within its limit is read whole; a regular file over it is
// refused before reading; an endless stream (/dev/zero) is cut at the limit;
// a directory is refused; each error names the input.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	require.NoError(t, os.WriteFile(small, []byte("0123456789"), 0o644))
	data, err := ReadFile(small, 10)
	require.NoError(t, err)
	require.Equal(t, "0123456789", string(data))

	_, err = ReadFile(small, 9)
	require.True(t, IsTooLarge(err), "%v", err)
	require.ErrorContains(t, err, small+": larger than 9 bytes")

	if _, statErr := os.Stat("/dev/zero"); statErr == nil {
		_, err = ReadFile("/dev/zero", 1<<20)
		require.True(t, IsTooLarge(err), "%v", err)
		require.ErrorContains(t, err, "/dev/zero: larger than 1 MiB")
	}
	_, err = ReadFile(dir, Small)
	require.ErrorContains(t, err, "is a directory")

	got, err := io.ReadAll(Reader(strings.NewReader("abc"), "s", 3))
	require.NoError(t, err)
	require.Equal(t, "abc", string(got))
	got, err = io.ReadAll(Reader(strings.NewReader("abcd"), "s", 3))
	require.True(t, IsTooLarge(err))
	require.Equal(t, "abc", string(got), "nothing past the limit is returned")
}
