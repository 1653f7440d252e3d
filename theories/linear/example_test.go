package linear_test

import (
	"context"
	"fmt"

	"github.com/modcomp/modcomp/cases"
	_ "github.com/modcomp/modcomp/theories/linear" // registers the theory
)

// A theory is found by name and runs its cases through cases.Theory; its
// outcomes are the verdicts the suite's tables render.
func Example() {
	th, err := cases.LookupTheory("linear")
	if err != nil {
		panic(err)
	}
	outcomes, err := th.Run(context.Background(), []string{"linear-early"}, cases.Quick, 0, nil)
	if err != nil {
		panic(err)
	}
	for _, v := range outcomes[0].Verdicts {
		fmt.Println(v.Claim, v.Mark())
	}
	// Output:
	// L1 fails
	// L2 inconclusive
	// L3 fails
}
