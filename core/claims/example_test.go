package claims_test

import (
	"context"
	"fmt"

	"github.com/modcomp/modcomp/core/claims"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/theory"
	"github.com/modcomp/modcomp/core/train"
)

// Check turns the runs of a case into a verdict per claim, each with its
// statistic, its 95% interval over the seeds, tolerance and rule, and holds,
// fails or is inconclusive by that interval. This small case starts from a
// large initialisation (σ0 = 0.01 against ϱ = 0.1) and trains briefly: far
// from the paper's regime, competition does not show (C4 fails even with
// three seeds), and no uni-modal net memorises its training set within 4·T
// (C1′); three seeds leave C1, C2, C5 and C6 undecided.
func ExampleCheck() {
	c := param.Default()
	c.K, c.M, c.D, c.N, c.NTest = 4, 3, 60, 80, 200
	c.Sigma0, c.Eta, c.Steps, c.LambdaPoints = 1e-2, 1, 150, 8
	var runs []result.Run
	for seed := uint64(1); seed <= 3; seed++ {
		run, err := train.Run(context.Background(), c, seed, train.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		runs = append(runs, run)
	}
	p, _ := theory.WinProbabilities(c)
	pf, _ := theory.FiniteWinProbabilities(c, theory.FiniteDraws(c.K), 1)
	for _, v := range claims.Check(c, runs, claims.DefaultTolerances(), p, pf) {
		fmt.Printf("%s %s %.3f [%.3f, %.3f]\n", v.Claim, v.Mark(), v.Statistic, v.Lo, v.Hi)
	}
	// Output:
	// C1 inconclusive 0.150 [-0.186, 0.486]
	// C1′ fails 0.000 [0.000, 0.459]
	// C2 inconclusive 0.068 [-0.202, 0.339]
	// C3 holds 0.000 [0.000, 0.000]
	// C4 fails 0.167 [-0.192, 0.525]
	// C5 inconclusive 0.397 [-3.881, 4.674]
	// C6 inconclusive 0.043 [0.029, 0.058]
	// C7 fails 0.417 [0.058, 0.775]
	// C7′ fails 0.417 [0.058, 0.775]
}
