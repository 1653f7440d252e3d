package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/cmd/internal/study"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/provenance"
)

func cmdPhase(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("phase", flag.ContinueOnError)
	fs.SetOutput(stderr)
	outDir := fs.String("out", "out/phase", "directory for phase.md, the heatmaps and the runs (results-GRID.jsonl)")
	gridList := fs.String("grids", strings.Join(study.PhaseGrids, ","), "comma-separated grid files; each varies sigma0 and one of a (with b) or steps")
	quiet := fs.Bool("quiet", false, "no progress bar")
	force := fs.Bool("force", false, "use results written by another revision of modcomp")
	var mem cli.MemoryFlag
	mem.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	jobs, err := study.PhaseJobs(*gridList)
	if err != nil {
		return err
	}
	var params []param.Case
	var targets []sweep.Target
	for _, j := range jobs {
		for _, r := range j.Sweep.Runs {
			if err := mem.Check("grid "+j.Name, r.Params, 1); err != nil {
				return err
			}
			params = append(params, r.Params)
		}
		targets = append(targets, j.Target(*outDir))
	}
	if err := cli.WritableDir(*outDir); err != nil {
		return err
	}
	lock, err := filelock.Exclusive(filepath.Join(*outDir, "phase"))
	if err != nil {
		return err
	}
	defer lock.Release()
	ctx, stop := cli.Interruptible()
	defer stop()
	// The diagram reads no zero-error step: its runs skip C1′'s training
	// past T (which at σ0/ϱ = 1e-7 would take up to 4·T more steps). Every
	// grid's runs go through one queue.
	prov := cli.Provenance()
	if err := cli.ExecuteTargets(ctx, stderr, *quiet, "phase", *outDir, targets, params, &mem, sweep.Options{
		Revision: provenance.Revision(), Provenance: &prov, Force: *force, Train: train.Options{Converge: -1, Kernels: cli.Kernels()},
	}); err != nil {
		return err
	}
	path, err := study.WritePhasePage(*outDir, jobs, *force)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}
