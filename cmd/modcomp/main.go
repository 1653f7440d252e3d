// Command modcomp simulates, checks and reports modality competition in
// late-fusion multi-modal networks (Huang et al., ICML 2022).
//
//	modcomp run       [-case NAME] [-seeds N | -seed S] [-set key=value]... [-params FILE] [-json] [-out DIR] [-csv DIR] [-log FILE]
//	modcomp suite     [-full] [-case a,b] [-json] [-out DIR] [-csv DIR] [-stats] [-costs FILE]
//	modcomp methods   [-case NAME] [-full] [-out DIR]
//	modcomp realdata  [-full] [-out DIR]
//	modcomp sweep     -grid GRID.json [-shard i/n] [-out results.jsonl] [-force] [-csv DIR]
//	modcomp merge     [-force] [-csv DIR] a.jsonl b.jsonl ...
//	modcomp export    [-out DIR] FILE
//	modcomp data      [-case NAME] [-seed S] [-set key=value]... [-out DIR]
//	modcomp report    [-case NAME] [-suite] [-seeds N] [-out DIR] [-results FILE] [-phase DIR] [-force]
//	modcomp phase     [-grids a.json,b.json] [-out DIR] [-force]
//	modcomp plan      -costs FILE [-cores 1,2,16,64,256] [-pods 4,16,64] [-pod-cores 16] [-peak GFLOPS]
//	modcomp benchstat [-old FILE] [-new FILE] [-threshold 0.1]
//	modcomp cases
//	modcomp kernels
//	modcomp version   [-json]
//
// Commands that train take -max-memory SIZE (default: the machine's memory).
// MODCOMP_KERNEL=PATH (one of 'modcomp kernels') makes every command train on
// that kernel path instead of the fastest; every path gives the same bits.
//
// Exit status: 0 on success, 2 for bad usage or invalid parameters, 1 when a run fails.
package main

import (
	"io"
	"os"

	"github.com/modcomp/modcomp/cmd/internal/cli"
)

func commands() []cli.Command {
	return []cli.Command{
		{Name: "run", Summary: "train a case (joint, uni-modal nets and probes) and print a summary", Run: cmdRun},
		{Name: "suite", Summary: "run the seed suite and print the cases × claims table", Run: cmdSuite},
		{Name: "methods", Summary: "train every training method on a case and print the methods × claims table", Run: cmdMethods},
		{Name: "realdata", Summary: "run the real-data cases (two-view MNIST) and write real-data.md with figures", Run: cmdRealData},
		{Name: "benchstat", Summary: "compare two benchmark files; exit 1 on a regression", Run: cmdBenchstat},
		{Name: "sweep", Summary: "run a grid of parameters and seeds (sharded, resumable) into a JSONL file", Run: cmdSweep},
		{Name: "merge", Summary: "join sweep result files into one, on stdout", Run: cmdMerge},
		{Name: "export", Summary: "write a run's JSON or a results file as long-form CSV tables", Run: cmdExport},
		{Name: "data", Summary: "write one seed's exact inputs (data, dictionaries, W(0)) as NumPy .npy files", Run: cmdData},
		{Name: "report", Summary: "run a case and its sweeps and write report.md with figures", Run: cmdReport},
		{Name: "phase", Summary: "run the phase-diagram sweeps and draw their heatmaps (phase.md)", Run: cmdPhase},
		{Name: "plan", Summary: "predict a suite's wall time on P cores or n pods from its measured task costs", Run: cmdPlan},
		{Name: "cases", Summary: "list the named cases", Run: cmdCases},
		{Name: "kernels", Summary: "list the kernel paths of this build and CPU, the one in use last", Run: cmdKernels},
		{Name: "version", Summary: "print the build's provenance: version, revision, Go, platform, kernels", Run: cmdVersion},
	}
}

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs the command line args and returns the exit status (cli.Main).
func Main(args []string, stdout, stderr io.Writer) int {
	return cli.Main(commands(), args, stdout, stderr)
}
