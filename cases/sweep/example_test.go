package sweep_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/modcomp/modcomp/cases/sweep"
)

// A sweep expands a grid into (parameters, seed) runs; a shard runs its share
// into a results file that a restart resumes, and Merge joins the shards.
func ExampleExecute() {
	sw, err := sweep.ParseGrid([]byte(`{"case": "paper", "seeds": 2, "params": {
		"d": [40], "n": [30], "n_test": [50], "k": [4], "m": [2], "steps": [20], "lambda_points": [4],
		"sigma0": [0.001, 0.01]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "sweep")
	defer os.RemoveAll(dir)
	var files []string
	for i := 0; i < 2; i++ {
		path := filepath.Join(dir, fmt.Sprintf("shard-%d.jsonl", i))
		shard := sweep.Shard{I: i, N: 2}
		if err := sweep.Execute(context.Background(), sw, shard.Select(sw.Runs), path, sweep.Options{Revision: "example"}); err != nil {
			fmt.Println(err)
			return
		}
		files = append(files, path)
	}
	lines, err := sweep.MergeFiles(files, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lines {
		fmt.Printf("%d %s: joint test error %.3f\n", l.Index, l.ID, l.Result.Joint.TestError)
	}
	// Output:
	// 0 {"d":40,"k":4,"lambda_points":4,"m":2,"n":30,"n_test":50,"sigma0":0.001,"steps":20}/seed=1: joint test error 0.160
	// 1 {"d":40,"k":4,"lambda_points":4,"m":2,"n":30,"n_test":50,"sigma0":0.001,"steps":20}/seed=2: joint test error 0.140
	// 2 {"d":40,"k":4,"lambda_points":4,"m":2,"n":30,"n_test":50,"sigma0":0.01,"steps":20}/seed=1: joint test error 0.120
	// 3 {"d":40,"k":4,"lambda_points":4,"m":2,"n":30,"n_test":50,"sigma0":0.01,"steps":20}/seed=2: joint test error 0.100
}
