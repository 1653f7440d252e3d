package benchcmp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/reports/table"
)

func bench(name string, nsPerOp ...int) string {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: x\n")
	for _, ns := range nsPerOp {
		fmt.Fprintf(&b, "%s-2 \t 100\t %d ns/op\n", name, ns)
	}
	return b.String()
}

func TestRegressionGate(t *testing.T) {
	old, err := Read("old", strings.NewReader(bench("BenchmarkStep", 100, 101, 99, 100, 102, 98)))
	require.NoError(t, err)
	slower, err := Read("new", strings.NewReader(bench("BenchmarkStep", 130, 131, 129, 130, 132, 128)))
	require.NoError(t, err)
	c, err := Compare(old, slower, Options{})
	require.NoError(t, err)
	require.Len(t, c.Regressions(), 1)
	require.InDelta(t, 0.30, c.Geomean, 0.01)
	var out strings.Builder
	require.NoError(t, Write(&out, c, table.Markdown))
	require.Contains(t, out.String(), "REGRESSION")
	require.Contains(t, out.String(), "+30.00%")

	same, _ := Read("new", strings.NewReader(bench("BenchmarkStep", 100, 99, 101, 100, 98, 102)))
	c, err = Compare(old, same, Options{})
	require.NoError(t, err)
	require.Empty(t, c.Regressions())

	faster, _ := Read("new", strings.NewReader(bench("BenchmarkStep", 50, 51, 49, 50, 52, 48)))
	c, _ = Compare(old, faster, Options{})
	require.Empty(t, c.Regressions(), "a speed-up is not a regression")
}

func TestHigherIsBetterUnits(t *testing.T) {
	require.True(t, HigherIsBetter("GFLOP/s"))
	require.False(t, HigherIsBetter("sec/op"))
	require.False(t, HigherIsBetter("allocs/op"))
}

func TestBadFiles(t *testing.T) {
	_, err := Read("empty.txt", strings.NewReader(""))
	require.EqualError(t, err, "empty.txt: no benchmark results")
	_, err = Read("bad.txt", strings.NewReader("BenchmarkX-2 100 abc ns/op\n"))
	require.ErrorContains(t, err, "bad.txt:1")
	_, err = Read("nan.txt", strings.NewReader("BenchmarkX-2 10 NaN ns/op\n"))
	require.EqualError(t, err, "nan.txt:1: X-2: NaN sec/op is not a finite measurement")
	a, _ := Read("a", strings.NewReader(bench("BenchmarkA", 1, 2, 3)))
	b, _ := Read("b", strings.NewReader(bench("BenchmarkB", 1, 2, 3)))
	_, err = Compare(a, b, Options{})
	require.EqualError(t, err, "no benchmarks in common between the old and the new file")
}
