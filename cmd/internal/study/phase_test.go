package study

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/reports/phase"
)

// TestPhaseGridsMarkTheSuite: the committed phase grids place the suite's
// cases that share their other parameters.
func TestPhaseGridsMarkTheSuite(t *testing.T) {
	want := map[string][]phase.Mark{
		"phase-strength": {{Name: "paper", X: 1e-5, Y: 1}, {Name: "strong-modality", X: 1e-5, Y: 1.4}},
		"phase-length":   {{Name: "paper", X: 1e-5, Y: 12000}, {Name: "control-long-training", X: 1e-3, Y: 48000}},
	}
	jobs, err := PhaseJobs(strings.Join(PhaseGrids, ","))
	require.NoError(t, err)
	require.Len(t, jobs, len(want))
	for _, j := range jobs {
		marks := suiteMarks(j.Sweep.Runs, j.Y)
		require.Len(t, marks, len(want[j.Name]), "%s: %v", j.Name, marks)
		for i, m := range want[j.Name] {
			require.Equal(t, m.Name, marks[i].Name)
			require.InEpsilon(t, m.X, marks[i].X, 1e-9)
			require.InEpsilon(t, m.Y, marks[i].Y, 1e-9)
		}
	}
}
