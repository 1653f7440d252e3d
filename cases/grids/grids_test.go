package grids_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases/grids"
)

// TestEmbeddedGridsAreTheFiles: every grid file of the directory is embedded
// with its bytes, under the path the commands name it by, and nothing else is.
func TestEmbeddedGridsAreTheFiles(t *testing.T) {
	files, err := filepath.Glob("*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	require.Equal(t, files, grids.Names())
	for _, f := range files {
		want, err := os.ReadFile(f)
		require.NoError(t, err)
		got, ok := grids.Read(grids.Dir + "/" + f)
		require.True(t, ok, f)
		require.Equal(t, want, got, f)
		got, ok = grids.Read("./" + grids.Dir + "/../grids/" + f)
		require.True(t, ok, "a path that cleans to the grid's: %s", f)
		require.Equal(t, want, got, f)
	}
	for _, name := range []string{"mu-sweep.json", "cases/grids/none.json", "cases/grids", "cases/grids/",
		"/cases/grids/mu-sweep.json", "other/cases/grids/mu-sweep.json", "cases/grids/../grids.go", "cases/grids/grids.go"} {
		_, ok := grids.Read(name)
		require.False(t, ok, name)
	}
}
