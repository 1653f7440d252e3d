package stats_test

import (
	"fmt"

	"github.com/modcomp/modcomp/core/stats"
)

// An exact 95% interval for 3 errors in 1000 samples.
func ExampleClopperPearson() {
	lo, hi := stats.ClopperPearson(3, 1000, stats.Level)
	fmt.Printf("[%.5f, %.5f]\n", lo, hi)
	// Output:
	// [0.00062, 0.00874]
}
