// Package testutil holds the helpers that the module's tests share: bit-for-
// bit comparison of float64 slices, the small cases tests train in
// milliseconds, and reading a CSV table back. Only _test.go files import it
// (internal/layering checks that).
package testutil

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
)

// RequireSameBits fails t unless got holds the bits of want, element by
// element; the message names the first element that differs, prefixed by
// format and args.
func RequireSameBits(t testing.TB, want, got []float64, format string, args ...any) {
	t.Helper()
	requireSame(t, want, got, false, format, args...)
}

// RequireSameBitsNaN is RequireSameBits, except that NaNs compare by being
// NaN: which NaN a vector operation returns is the hardware's.
func RequireSameBitsNaN(t testing.TB, want, got []float64, format string, args ...any) {
	t.Helper()
	requireSame(t, want, got, true, format, args...)
}

func requireSame(t testing.TB, want, got []float64, nanIsNaN bool, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	require.Len(t, got, len(want), what)
	for i := range want {
		if nanIsNaN && math.IsNaN(want[i]) && math.IsNaN(got[i]) {
			continue
		}
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			require.Failf(t, "bits differ", "%s: element %d: want %v (%#x), got %v (%#x)",
				what, i, want[i], math.Float64bits(want[i]), got[i], math.Float64bits(got[i]))
		}
	}
}

// Shape is the size of a small case: k classes, m neurons a class, d
// dimensions a modality, n training and nTest test samples. A zero field
// keeps the default case's value.
type Shape struct{ K, M, D, N, NTest int }

// SmallCase returns the default case (param.Default) with the sizes of s.
func SmallCase(s Shape) param.Case {
	c := param.Default()
	for _, f := range []struct {
		dst *int
		v   int
	}{{&c.K, s.K}, {&c.M, s.M}, {&c.D, s.D}, {&c.N, s.N}, {&c.NTest, s.NTest}} {
		if f.v != 0 {
			*f.dst = f.v
		}
	}
	return c
}

// ReadCSVRows reads every record of a CSV file, the header first.
func ReadCSVRows(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return all
}

// ReadCSV reads a CSV file with a header: the header, and every row as a
// map from column name to value.
func ReadCSV(t testing.TB, path string) ([]string, []map[string]string) {
	t.Helper()
	all := ReadCSVRows(t, path)
	require.NotEmpty(t, all, "%s: no header", path)
	var rows []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return all[0], rows
}
