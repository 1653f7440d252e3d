package queue_test

import (
	"fmt"

	"github.com/modcomp/modcomp/core/queue"
	"github.com/modcomp/modcomp/core/train"
)

// Two experiments of three nets each (a fused net of twice a uni-modal
// net's work) on two workers: longest first, the fused nets start together
// and the four uni-modal nets fill the second round.
func ExampleSimulate() {
	job := []train.Task{{Net: "joint", Flops: 2}, {Net: "uni 0", Flops: 1}, {Net: "uni 1", Flops: 1}}
	tasks := [][]train.Task{job, job}
	seconds := [][]float64{{2, 1, 1}, {2, 1, 1}}
	for _, workers := range []int{1, 2, 4, 8} {
		wall, err := queue.Simulate(tasks, seconds, workers, 0)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d workers: %.0f s\n", workers, wall)
	}
	// Output:
	// 1 workers: 8 s
	// 2 workers: 4 s
	// 4 workers: 2 s
	// 8 workers: 2 s
}
