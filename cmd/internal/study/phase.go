// Package study runs the studies behind modcomp phase and modcomp report:
// the sweeps of a phase diagram or of a case's report through one queue
// into their results files, and the pages and diagrams drawn from them.
package study

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/phase"
)

// PhaseGrids are the phase diagram's sweeps: σ0/ϱ against modality 1's
// relative strength, and σ0/ϱ against the training length (built into the
// binary too: see cli.ReadGrid).
var PhaseGrids = []string{"cases/grids/phase-strength.json", "cases/grids/phase-length.json"}

// PhaseJob is one grid of the phase diagram: its name (the file's base
// name), its runs and its y axis.
type PhaseJob struct {
	Name  string
	Sweep *sweep.Sweep
	Y     phase.Axis
}

// Target is where the job's runs go: results-NAME.jsonl in dir.
func (j PhaseJob) Target(dir string) sweep.Target {
	return sweep.Target{Sweep: j.Sweep, Runs: j.Sweep.Runs, Path: filepath.Join(dir, "results-"+j.Name+".jsonl")}
}

// PhaseJobs reads the grid files of a comma-separated list.
func PhaseJobs(gridList string) ([]PhaseJob, error) {
	var jobs []PhaseJob
	for _, file := range strings.Split(gridList, ",") {
		sw, err := cli.ReadGrid(file)
		if err != nil {
			return nil, err
		}
		y, err := phaseAxis(sw.Runs)
		if err != nil {
			return nil, cli.Usagef("%s: %v", file, err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		for _, j := range jobs {
			if j.Name == name {
				return nil, cli.Usagef("-grids: two grids named %s (results-%s.jsonl would hold both): give each grid file its own name", name, name)
			}
		}
		jobs = append(jobs, PhaseJob{Name: name, Sweep: sw, Y: y})
	}
	return jobs, nil
}

// WritePhasePage draws every job's heatmap from its results file in dir and
// writes phase.md there; it returns the page's path.
func WritePhasePage(dir string, jobs []PhaseJob, force bool) (string, error) {
	var md strings.Builder
	fmt.Fprintf(&md, "# modcomp phase diagram\n\n")
	fmt.Fprintf(&md, "Where competition appears, from `modcomp phase -out %s`. Each point is the mean over its seeds; "+
		"rings mark the suite's cases that lie on a grid. The runs skip the convergence measurement past T "+
		"(train.Options.Converge = −1): their zero_error_step is within T only.\n\n", filepath.ToSlash(dir))
	var all []sweep.Line
	for _, j := range jobs {
		lines, err := sweep.MergeFilesFor([]string{filepath.Join(dir, "results-"+j.Name+".jsonl")}, cli.BuildIdentity(), force)
		if err != nil {
			return "", err
		}
		all = append(all, lines...)
		d, err := phase.Build(j.Name, lines, phase.InitScale, j.Y)
		if err != nil {
			return "", err
		}
		d.Marks = suiteMarks(j.Sweep.Runs, j.Y)
		fig, err := d.Figure()
		if err != nil {
			return "", err
		}
		if _, err := fig.Save(dir, j.Name); err != nil {
			return "", err
		}
		fmt.Fprintf(&md, "## %s × %s\n\n![%s](%s.png)\n\n", phase.InitScale.Name, j.Y.Name, j.Name, j.Name)
		fmt.Fprintf(&md, "Grid `%s`, %d runs (%s; [PDF](%s.pdf), [SVG](%s.svg)).\n\n", j.Name, len(lines), phase.MarksText(d.Marks), j.Name, j.Name)
		if err := d.Markdown(&md); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(&md, "\n---\n\nWritten by %s, from runs by %s.\n", cli.Provenance(), result.Revisions(all))
	path := filepath.Join(dir, "phase.md")
	return path, atomicfile.WriteFile(path, []byte(md.String()))
}

// PhaseDiagrams builds the diagram of every results-NAME.jsonl file in dir
// (as modcomp phase writes them), in the order of their names.
func PhaseDiagrams(dir string, force bool) ([]*phase.Diagram, error) {
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
