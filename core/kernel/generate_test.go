package kernel

import (
	"os/exec"
	"testing"
)

// checkGenerated runs a generator with -check: it fails when a file it
// generates differs from what it would write now.
func checkGenerated(t *testing.T, generator string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go run")
	}
	out, err := exec.Command("go", "run", generator, "-check").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
}

// TestArchsimdFilesAreGenerated checks that avx2.go and avx512.go are what
// archsimd.go.tmpl generates: the two paths are one template, never two
// hand-kept twins.
func TestArchsimdFilesAreGenerated(t *testing.T) { checkGenerated(t, "gen_archsimd.go") }

// TestTilesAreGenerated checks that the assembly tiles of amd64 and arm64
// (tile_amd64.s, tile_arm64.s and their declarations) are what gen_tile.go
// generates from its one description of each family.
func TestTilesAreGenerated(t *testing.T) { checkGenerated(t, "gen_tile.go") }
