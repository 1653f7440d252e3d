package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/reports/npy"
)

func cmdData(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf := cli.CaseFlags{OneSeed: true}
	cf.Register(fs)
	out := fs.String("out", "out/data", "directory for the .npy files and manifest.json")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c, seeds, err := cf.Resolve(fs)
	if err != nil {
		return err
	}
	if err := cli.WritableDir(*out); err != nil {
		return err
	}
	ctx, stop := cli.Interruptible()
	defer stop()
	seed := seeds[0]
	dist, err := data.Open(ctx, c.Params, seed)
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	trainSet, err := dist.Sample(ctx, c.Params.N, seed, rng.Train)
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	testSet, err := dist.Sample(ctx, c.Params.NTest, seed, rng.Test)
	if err != nil {
		return cli.Interrupted(err, "nothing was written")
	}
	in := npy.Inputs{Case: c.Name, Seed: seed, Params: c.Params, Train: trainSet, Test: testSet,
		W0: train.InitialWeights(c.Params, seed), Schedule: train.Schedule(c.Params.Steps, c.Params.LambdaPoints)}
	if d, ok := dist.(*data.Distribution); ok {
		in.Dict = d.Dict
	} else {
		in.Features = data.Features(dist, c.Params.R, c.Params.K)
	}
	prov := cli.Provenance()
	cli.Event("data-drawn")
	m, err := npy.Write(ctx, *out, in, &prov)
	if err != nil {
		return cli.Interrupted(err, "nothing was written; %s holds what it held before", *out)
	}
	fmt.Fprintf(stdout, "wrote %d arrays and manifest.json into %s\n", len(m.Files), *out)
	return nil
}
