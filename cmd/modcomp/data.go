package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/npy"
)

func cmdData(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf := caseFlags{oneSeed: true}
	cf.register(fs)
	out := fs.String("out", "out/data", "directory for the .npy files and manifest.json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, seeds, err := cf.resolve(fs)
	if err != nil {
		return err
	}
	if err := writableDir(*out); err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	seed := seeds[0]
	dist, err := data.New(ctx, c.Params, seed)
	if err != nil {
		return interrupted(err, "nothing was written")
	}
	trainSet, err := dist.Sample(ctx, c.Params.N, seed, rng.Train)
	if err != nil {
		return interrupted(err, "nothing was written")
	}
	testSet, err := dist.Sample(ctx, c.Params.NTest, seed, rng.Test)
	if err != nil {
		return interrupted(err, "nothing was written")
	}
	prov := currentProvenance()
	event("data-drawn")
	m, err := npy.Write(ctx, *out, npy.Inputs{Case: c.Name, Seed: seed, Params: c.Params, Train: trainSet, Test: testSet,
		Dict: dist.Dict, W0: train.InitialWeights(c.Params, seed), Schedule: train.Schedule(c.Params.Steps, c.Params.LambdaPoints)}, &prov)
	if err != nil {
		return interrupted(err, "nothing was written; %s holds what it held before", *out)
	}
	fmt.Fprintf(stdout, "wrote %d arrays and manifest.json into %s\n", len(m.Files), *out)
	return nil
}
