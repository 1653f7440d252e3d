package sysmem

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReaders(t *testing.T) {
	dir := t.TempDir()
	meminfo := filepath.Join(dir, "meminfo")
	require.NoError(t, os.WriteFile(meminfo, []byte("MemTotal:       24576000 kB\nMemFree: 1 kB\n"), 0o644))
	total, ok := memTotal(meminfo)
	require.True(t, ok)
	require.Equal(t, uint64(24576000*1024), total)
	_, ok = memTotal(filepath.Join(dir, "none"))
	require.False(t, ok)

	limit := filepath.Join(dir, "memory.max")
	require.NoError(t, os.WriteFile(limit, []byte("max\n"), 0o644))
	_, ok = cgroupLimit(limit)
	require.False(t, ok, `"max" is no limit`)
	require.NoError(t, os.WriteFile(limit, []byte("2147483648\n"), 0o644))
	v, ok := cgroupLimit(limit)
	require.True(t, ok)
	require.Equal(t, uint64(2<<30), v)

	b, src := Limit()
	require.Positive(t, b)
	require.NotEmpty(t, src)
}
