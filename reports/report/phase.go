package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/phase"
)

// AddPhase appends a "Phase diagram" section to the report.md in dir (as
// Build wrote it): each diagram's heatmaps, saved beside it as
// phase-NAME.{png,svg,pdf}, and the tables of its three quantities.
func AddPhase(dir string, diagrams []*phase.Diagram) error {
	path := filepath.Join(dir, "report.md")
	old, err := readlimit.ReadFile(path, readlimit.Large)
	if err != nil {
		return err
	}
	var md strings.Builder
	md.Write(old)
	fmt.Fprintf(&md, "\n## Phase diagram\n\nWhere competition appears: each point is the mean over its seeds of a `modcomp phase` grid; "+
		"rings mark the suite's cases on the grid.\n")
	for _, d := range diagrams {
		f, err := d.Figure()
		if err != nil {
			return err
		}
		base := "phase-" + strings.TrimPrefix(d.Name, "phase-")
		if err := embed(&md, dir, f, base, fmt.Sprintf("%s × %s", d.XAxis.Name, d.YAxis.Name),
			fmt.Sprintf("Grid `%s`: single-winner fraction, probe accuracy on lost classes, joint − best uni-modal test error.", d.Name)); err != nil {
			return err
		}
		md.WriteString("\n")
		if err := d.Markdown(&md); err != nil {
			return err
		}
	}
	return atomicfile.WriteFile(path, []byte(md.String()))
}
