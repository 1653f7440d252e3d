package train_test

import (
	"context"
	"fmt"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
)

// Run trains one seed of a small case: the joint net and both uni-modal nets
// from the same W(0), then scores them. The numbers are the same on every
// kernel path and thread count.
func ExampleRun() {
	c := param.Default()
	c.K, c.M, c.D, c.N, c.NTest = 4, 3, 60, 80, 200
	c.Sigma0, c.Eta, c.Steps, c.LambdaPoints = 1e-2, 1, 150, 8
	run, err := train.Run(context.Background(), c, 1, train.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("joint: train error %.3f, test error %.3f\n", run.Joint.TrainError, run.Joint.TestError)
	for r, u := range run.Uni {
		fmt.Printf("uni %d: test error %.3f (μ = %.1f)\n", r, u.TestError, c.Mu[r])
	}
	fmt.Println("winners:", run.Winner)
	// Output:
	// joint: train error 0.000, test error 0.075
	// uni 0: test error 0.095 (μ = 0.1)
	// uni 1: test error 0.280 (μ = 0.3)
	// winners: [0 0 1 0]
}

// A training method is a parameter of the case: here OGM-GE with α = 0.5,
// trained from the same data and W(0) as joint training.
func ExampleRun_method() {
	c := param.Default()
	c.K, c.M, c.D, c.N, c.NTest = 4, 3, 60, 80, 200
	c.Sigma0, c.Eta, c.Steps, c.LambdaPoints = 1e-2, 1, 150, 8
	c.Method, c.Alpha = param.MethodOGMGE, 0.5
	run, err := train.Run(context.Background(), c, 1, train.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: test error %.3f; learned[r][j]: %v\n", c.Method, run.Joint.TestError, run.Learned)
	// Output:
	// ogm-ge: test error 0.105; learned[r][j]: [[true true true true] [true true true true]]
}
