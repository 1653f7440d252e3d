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
// statistic, 95% interval, tolerance and rule. This small case starts from a
// large initialisation (σ0 = 0.01 against ϱ = 0.1) and trains briefly: far
// from the paper's regime, competition does not show (C4 fails) and the
// uni-modal nets have not memorised their training sets, not at T (C1) and
// not within 4·T (C1′).
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
		fmt.Printf("%s holds=%v %.3f [%.3f, %.3f]\n", v.Claim, v.Holds, v.Statistic, v.Lo, v.Hi)
	}
	// Output:
	// C1 holds=false 0.150 [0.107, 0.202]
	// C1′ holds=false 0.000 [0.000, 0.459]
	// C2 holds=false 0.068 [0.030, 0.108]
	// C3 holds=true 0.000 [0.000, 0.015]
	// C4 holds=false 0.167 [0.021, 0.484]
	// C5 holds=false 0.397 [-3.881, 4.674]
	// C6 holds=false 0.043 [0.029, 0.058]
	// C7 holds=false 0.417 [0.152, 0.723]
	// C7′ holds=false 0.417 [0.152, 0.723]
}
