package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTheorySuite: `modcomp suite` runs a theory's cases by name or by
// -theory, with the same table, page and JSON as the paper's suite.
func TestTheorySuite(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runMain("suite", "-case", "linear-early,linear-late", "-out", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "linear-early")
	require.Contains(t, out, "L1 modality A is learned first")
	page, err := os.ReadFile(filepath.Join(dir, "linear-suite-quick.md"))
	require.NoError(t, err)
	require.Contains(t, string(page), "modcomp suite -theory linear")

	code, out, errOut = runMain("suite", "-theory", "linear", "-case", "linear-early", "-json", "-out", "")
	require.Equal(t, 0, code, errOut)
	var doc theorySuiteDocument
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Equal(t, "linear", doc.Theory)
	require.Len(t, doc.Outcomes, 1)
	require.Equal(t, "linear-early", doc.Outcomes[0].Case)
	require.Len(t, doc.Outcomes[0].Verdicts, 3)
	require.NotEmpty(t, doc.Outcomes[0].Measured)

	code, out, _ = runMain("cases")
	require.Equal(t, 0, code)
	require.Contains(t, out, "linear-deep")
}

// TestTheoryBadInput: mixing families, unknown theories and the paper's
// own outputs are refused with a usage error, before any run.
func TestTheoryBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"suite", "-case", "paper,linear-late"},
		{"suite", "-case", "linear-late,paper"},
		{"suite", "-theory", "quadratic"},
		{"suite", "-theory", "linear", "-case", "paper"},
		{"suite", "-case", "linear-late", "-costs", filepath.Join(t.TempDir(), "c.csv")},
		{"report", "-case", "linear-late", "-results", "x.jsonl", "-out", t.TempDir()},
	} {
		code, _, errOut := runMain(args...)
		require.Equal(t, 2, code, "%v: %s", args, errOut)
		require.NotContains(t, errOut, "goroutine", "%v", args)
	}
}
