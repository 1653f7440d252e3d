package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/internal/provenance"
)

// TestMain heads a benchmark run's output with the build's provenance on one
// line ("modcomp provenance: …"). Its key has a space, so benchfmt does not
// take it as a configuration key: were it one, benchstat would put builds of
// different revisions in different tables instead of comparing them.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		fmt.Printf("modcomp provenance: %+v, kernel path %s\n", provenance.Current(), kernel.Path())
	}
	os.Exit(m.Run())
}
