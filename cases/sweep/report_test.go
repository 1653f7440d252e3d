package sweep

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
)

// TestRealDataReportHasNoDistributionSweeps: b and μ describe the paper's
// distribution, so a real dataset's report sweeps neither, but keeps the
// methods' grids; the paper's report has both.
func TestRealDataReportHasNoDistributionSweeps(t *testing.T) {
	for name, want := range map[string]bool{"mnist-halves": false, "paper": true} {
		c, err := cases.Lookup(name)
		require.NoError(t, err)
		grids, err := ReportGrids(c, 2)
		require.NoError(t, err)
		_, strength := grids["strength"]
		_, mu := grids["mu"]
		require.Equal(t, want, strength, name)
		require.Equal(t, want, mu, name)
		require.Contains(t, grids, "methods", name)
		for _, g := range grids {
			_, err := ParseGrid([]byte(g))
			require.NoError(t, err, "%s: %s", name, g)
		}
	}
}
