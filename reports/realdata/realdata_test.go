package realdata

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/result"
)

// outcome builds a two-view outcome of n seeds whose nets err errs[i] on
// every seed, with per-class errors and winners.
func outcome(name string, n int, r3 result.Verdict) *result.Outcome {
	o := &result.Outcome{Case: name, Verdicts: []result.Verdict{r3}}
	for s := range n {
		byClass := []float64{0.1, 0.9, 0.2, 0.8}
		net := result.Net{TestError: 0.2 + 0.01*float64(s), TrainError: 0.01, TestErrorByClass: byClass}
		o.Runs = append(o.Runs, result.Run{Seed: uint64(s + 1), Joint: net, Uni: []result.Net{net, net}, Probe: []result.Net{net, net},
			Winner: []int{0, 1, -1, 0}, Learned: [][]bool{{true, false, false, true}, {false, true, false, true}}})
	}
	return o
}

// TestWriteSurvivesUndecidableNumbers: one seed (no interval) and a claim
// no seed could measure (NaN) still give a page and every figure, with the
// missing numbers labelled, never a panic.
func TestWriteSurvivesUndecidableNumbers(t *testing.T) {
	dir := t.TempDir()
	one := outcome("one-seed", 1, result.Verdict{Claim: claims.R3, Statistic: 1, Lo: math.Inf(-1), Hi: math.Inf(1), Tolerance: 0.5})
	none := outcome("no-winner", 3, result.Verdict{Claim: claims.R3, Statistic: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Tolerance: 0.5})
	files, err := Write(dir, "title", "modcomp realdata", "provenance", []*result.Outcome{one, none})
	require.NoError(t, err)
	require.Len(t, files, 3*5+1)
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
	}
	page, err := os.ReadFile(filepath.Join(dir, Page))
	require.NoError(t, err)
	require.Contains(t, string(page), "| one-seed  | 1     |")
	// Seed-by-class counts: class 3 is learned by both views, class 2 by neither.
	require.Contains(t, string(page), "| no-winner | 12                  | 3 (0.25)     | 3 (0.25)     | 3 (0.25) | 3 (0.25) |")
}
