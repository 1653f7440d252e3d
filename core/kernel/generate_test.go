package kernel

import (
	"os/exec"
	"testing"
)

// TestArchsimdFilesAreGenerated checks that avx2.go and avx512.go are what
// archsimd.go.tmpl generates: the two paths are one template, never two
// hand-kept twins.
func TestArchsimdFilesAreGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run")
	}
	out, err := exec.Command("go", "run", "gen_archsimd.go", "-check").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
}
