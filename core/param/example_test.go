package param_test

import (
	"fmt"

	"github.com/modcomp/modcomp/core/param"
)

// A case starts from the defaults; -set style assignments change it and
// Validate names the first broken rule.
func ExampleCase_SetAll() {
	c := param.Default()
	if err := c.SetAll([]string{"sigma0=1e-5", "mu=0.2,0.3"}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(c.Sigma0, c.Mu, c.Validate())

	c.Mu = []float64{0.7, 0.6}
	fmt.Println(c.Validate())
	// Output:
	// 1e-05 [0.2 0.3] <nil>
	// mu: exclusive pattern needs Σμ ≤ 1, got 1.2999999999999998
}
