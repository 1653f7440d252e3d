package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/filelock"
	"github.com/modcomp/modcomp/internal/provenance"
	"github.com/modcomp/modcomp/reports/phase"
)

// PhaseGrids are the phase diagram's sweeps: σ0/ϱ against modality 1's
// relative strength, and σ0/ϱ against the training length (built into the
// binary too: see readGrid).
var PhaseGrids = []string{"cases/grids/phase-strength.json", "cases/grids/phase-length.json"}

func cmdPhase(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("phase", flag.ContinueOnError)
	fs.SetOutput(stderr)
	outDir := fs.String("out", "out/phase", "directory for phase.md, the heatmaps and the runs (results-GRID.jsonl)")
	gridList := fs.String("grids", strings.Join(PhaseGrids, ","), "comma-separated grid files; each varies sigma0 and one of a (with b) or steps")
	quiet := fs.Bool("quiet", false, "no progress bar")
	force := fs.Bool("force", false, "use results written by another revision of modcomp")
	var mem cli.MemoryFlag
	mem.Register(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	type job struct {
		name string
		sw   *sweep.Sweep
		y    phase.Axis
	}
	var jobs []job
	for _, file := range strings.Split(*gridList, ",") {
		sw, err := cli.ReadGrid(file)
		if err != nil {
			return err
		}
		y, err := phaseAxis(sw.Runs)
		if err != nil {
			return cli.Usagef("%s: %v", file, err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		for _, j := range jobs {
			if j.name == name {
				return cli.Usagef("-grids: two grids named %s (results-%s.jsonl would hold both): give each grid file its own name", name, name)
			}
		}
		jobs = append(jobs, job{name, sw, y})
	}
	var params []param.Case
	for _, j := range jobs {
		for _, r := range j.sw.Runs {
			if err := mem.Check("grid "+j.name, r.Params, 1); err != nil {
				return err
			}
			params = append(params, r.Params)
		}
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
	prov := cli.Provenance()
	var md strings.Builder
	fmt.Fprintf(&md, "# modcomp phase diagram\n\n")
	fmt.Fprintf(&md, "Where competition appears, from `modcomp phase -out %s`. Each point is the mean over its seeds; "+
		"rings mark the suite's cases that lie on a grid. The runs skip the convergence measurement past T "+
		"(train.Options.Converge = −1): their zero_error_step is within T only.\n\n", filepath.ToSlash(*outDir))
	// The diagram reads no zero-error step: its runs skip C1′'s training
	// past T (which at σ0/ϱ = 1e-7 would take up to 4·T more steps). Every
	// grid's runs go through one queue.
	var targets []sweep.Target
	for _, j := range jobs {
		targets = append(targets, sweep.Target{Sweep: j.sw, Runs: j.sw.Runs, Path: filepath.Join(*outDir, "results-"+j.name+".jsonl")})
	}
	if err := cli.ExecuteTargets(ctx, stderr, *quiet, "phase", *outDir, targets, params, &mem, sweep.Options{
		Revision: provenance.Revision(), Provenance: &prov, Force: *force, Train: train.Options{Converge: -1, Kernels: cli.Kernels()},
	}); err != nil {
		return err
	}
	var all []sweep.Line
	for _, j := range jobs {
		path := filepath.Join(*outDir, "results-"+j.name+".jsonl")
		lines, err := sweep.MergeFilesFor([]string{path}, cli.BuildIdentity(), *force)
		if err != nil {
			return err
		}
		all = append(all, lines...)
		d, err := phase.Build(j.name, lines, phase.InitScale, j.y)
		if err != nil {
			return err
		}
		d.Marks = suiteMarks(j.sw.Runs, j.y)
		fig, err := d.Figure()
		if err != nil {
			return err
		}
		if _, err := fig.Save(*outDir, j.name); err != nil {
			return err
		}
		fmt.Fprintf(&md, "## %s × %s\n\n![%s](%s.png)\n\n", phase.InitScale.Name, j.y.Name, j.name, j.name)
		fmt.Fprintf(&md, "Grid `%s`, %d runs (%s; [PDF](%s.pdf), [SVG](%s.svg)).\n\n", j.name, len(lines), phase.MarksText(d.Marks), j.name, j.name)
		if err := d.Markdown(&md); err != nil {
			return err
		}
	}
	fmt.Fprintf(&md, "\n---\n\nWritten by %s, from runs by %s.\n", prov, result.Revisions(all))
	path := filepath.Join(*outDir, "phase.md")
	if err := atomicfile.WriteFile(path, []byte(md.String())); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}

// phaseDiagrams builds the diagram of every results-NAME.jsonl file in dir
// (as modcomp phase writes them), in the order of their names.
func phaseDiagrams(dir string, force bool) ([]*phase.Diagram, error) {
	files, err := filepath.Glob(filepath.Join(dir, "results-*.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no phase results (results-*.jsonl; run modcomp phase -out %s)", dir, dir)
	}
	var out []*phase.Diagram
	for _, file := range files {
		lines, err := sweep.MergeFilesFor([]string{file}, cli.BuildIdentity(), force)
		if err != nil {
			return nil, err
		}
		if len(lines) == 0 {
			return nil, fmt.Errorf("%s holds no runs", file)
		}
		points := make([]sweep.Run, len(lines))
		for i, l := range lines {
			points[i] = l.Point
		}
		y, err := phaseAxis(points)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "results-"), ".jsonl")
		d, err := phase.Build(name, lines, phase.InitScale, y)
		if err != nil {
			return nil, err
		}
		d.Marks = suiteMarks(points, y)
		out = append(out, d)
	}
	return out, nil
}

// phaseAxis is the y axis of a phase grid's runs (phase.AxisOf).
func phaseAxis(runs []sweep.Run) (phase.Axis, error) {
	overrides := make([]map[string]json.RawMessage, len(runs))
	for i, r := range runs {
		overrides[i] = r.Overrides
	}
	return phase.AxisOf(overrides)
}

// suiteMarks marks the suite's cases that lie on a phase grid (phase.Marks).
func suiteMarks(runs []sweep.Run, y phase.Axis) []phase.Mark {
	var named []phase.Named
	for _, c := range cases.All() {
		named = append(named, phase.Named{Name: c.Name, Params: c.Params})
	}
	points := make([]param.Case, len(runs))
	for i, r := range runs {
		points[i] = r.Params
	}
	return phase.Marks(named, points, y)
}
