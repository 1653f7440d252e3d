package linear

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
)

// TestReport builds the report on a one-point grid: its page, figures and
// runs appear, with the theory's values beside the measured ones.
func TestReport(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the quick suite and a small sweep")
	}
	rho, ratio, fuse, conv, cs := SweepRho, SweepRatio, SweepFuse, convergencePoints, reportCases
	SweepRho, SweepRatio, SweepFuse = []float64{0.45}, []float64{2}, []int{1, 4}
	convergencePoints = func() []point { return convergence()[:1] }
	reportCases = func() []Case { return []Case{must(Lookup("linear-deep-late"))} }
	defer func() { SweepRho, SweepRatio, SweepFuse, convergencePoints, reportCases = rho, ratio, fuse, conv, cs }()
	dir := t.TempDir()
	path, err := Report(context.Background(), dir, cases.ReportOptions{Seeds: 2, Provenance: "test"})
	require.NoError(t, err)
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, want := range []string{"Time ratio t_B/t_A of late fusion", "| r = 2  | 0.45", "4.763", "Misattribution",
		"L_f = 4", "Where the time ratio's gap comes from", "linear-deep-late", "Written by test."} {
		require.Contains(t, string(page), want)
	}
	for _, f := range []string{"time-ratio.png", "misattribution.svg", "fusion-depth.pdf", "runs.json"} {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
	}
	_, err = Report(context.Background(), dir, cases.ReportOptions{Seeds: 1})
	require.ErrorContains(t, err, "at least 2 seeds")
}

// TestRegistered: the theory is known to the suite by its name and cases.
func TestRegistered(t *testing.T) {
	th, err := cases.LookupTheory(Name)
	require.NoError(t, err)
	require.Len(t, th.Cases(), len(All()))
	got, ok := cases.TheoryOf("linear-deep")
	require.True(t, ok)
	require.Equal(t, Name, got.Name())
	_, ok = cases.TheoryOf("paper")
	require.False(t, ok)
}

// TestExecuteWorkers: the runs do not depend on how many train at once.
func TestExecuteWorkers(t *testing.T) {
	c, err := Lookup("linear-early")
	require.NoError(t, err)
	jobs := []Job{{c.Params, 1}, {c.Params, 2}, {c.Params, 3}}
	one, err := Execute(context.Background(), jobs, 1, nil)
	require.NoError(t, err)
	three, err := Execute(context.Background(), jobs, 3, nil)
	require.NoError(t, err)
	require.Equal(t, one, three)
	bad := c.Params
	bad.Rho = 2
	_, err = Execute(context.Background(), []Job{{bad, 1}}, 1, nil)
	require.ErrorContains(t, err, "rho")
}
