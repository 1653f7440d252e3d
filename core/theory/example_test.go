package theory_test

import (
	"fmt"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/theory"
)

// The modality that is insufficient less often has the larger expected signal
// Γ_r and so wins a class more often.
func ExampleWinProbabilities() {
	c := param.Default() // μ = (0.1, 0.3), equal strengths, m = 10, q = 3
	p, err := theory.WinProbabilities(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p_0 = %.3f, p_1 = %.3f\n", p[0], p[1])
	// Output:
	// p_0 = 0.676, p_1 = 0.324
}
