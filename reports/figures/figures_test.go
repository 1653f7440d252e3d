package figures

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
)

// TestSaveIsReproducible saves one figure twice: the same bytes in every
// format, and PDFDate in the PDF in place of the time of writing.
func TestSaveIsReproducible(t *testing.T) {
	f, err := Lines("t", "x", "y", "", []Series{{Name: "a", Points: []Point{{X: 1, Y: 2}, {X: 2, Y: 3}}}})
	require.NoError(t, err)
	a, b := t.TempDir(), t.TempDir()
	names, err := f.Save(a, "fig")
	require.NoError(t, err)
	_, err = f.Save(b, "fig")
	require.NoError(t, err)
	require.Len(t, names, 3)
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, n))
		require.NoError(t, err)
		require.True(t, bytes.Equal(x, y), "%s differs between two saves", n)
	}
	pdf, err := os.ReadFile(filepath.Join(a, "fig.pdf"))
	require.NoError(t, err)
	require.Contains(t, string(pdf), "/CreationDate (D:20000101000000")
}

// runWith returns a run whose joint Λ curves for class 0 are the given ones
// (one per modality) and whose class 0 modality 0 won alone.
func runWith(curves ...[]float64) result.Run {
	steps := make([]int, len(curves[0]))
	for i := range steps {
		steps[i] = i * 10
	}
	run := result.Run{Seed: 1, Winner: []int{0, 1}}
	run.Lambda.Steps = steps
	for r, c := range curves {
		run.Lambda.Joint = append(run.Lambda.Joint, [][]float64{c, c})
		run.Learned = append(run.Learned, []bool{r == 0, r == 1})
	}
	return run
}

func TestLostClassAndLambdaAcross(t *testing.T) {
	two := runWith([]float64{1e-7, 1e-6, 1}, []float64{1e-7, 1e-7, 1e-7})
	require.Equal(t, 0, LostClass(two))
	none := two
	none.Learned = [][]bool{{true, false}, {true, true}}
	require.Equal(t, -1, LostClass(none), "modality 1 learned class 0")
	three := runWith([]float64{1e-7, 1e-6, 1}, []float64{1e-7, 1e-7, 1e-7}, []float64{1e-7, 2e-7, 1e-6})
	outcomes := []*result.Outcome{
		{Case: "paper", Params: param.Default(), Runs: []result.Run{two}},
		{Case: "three", Params: param.Default(), Runs: []result.Run{three}},
	}
	f, err := LambdaAcross(outcomes, 0, "caption")
	require.NoError(t, err)
	require.Equal(t, 1, f.Rows)
	require.Equal(t, 2, f.Cols)
	_, err = f.Save(t.TempDir(), "across")
	require.NoError(t, err)
}
