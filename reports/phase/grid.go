package phase

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/modcomp/modcomp/core/param"
)

// AxisOf returns the y axis of a phase grid from its points' overrides (the
// keys each point sets, with their JSON values): the grid must vary sigma0
// and exactly one of a or steps (take more than one value of each).
func AxisOf(overrides []map[string]json.RawMessage) (Axis, error) {
	values := map[string]map[string]bool{}
	for _, o := range overrides {
		for k, v := range o {
			if values[k] == nil {
				values[k] = map[string]bool{}
			}
			values[k][string(v)] = true
		}
	}
	varied := map[string]bool{}
	for k, vs := range values {
		varied[k] = len(vs) > 1
	}
	if !varied["sigma0"] {
		return Axis{}, fmt.Errorf("a phase grid varies sigma0")
	}
	switch {
	case varied["a"] && !varied["steps"]:
		return Strength, nil
	case varied["steps"] && !varied["a"]:
		return Length, nil
	}
	return Axis{}, fmt.Errorf("a phase grid varies one of a (with b) or steps besides sigma0")
}

// Named is a named case's parameters (for Marks).
type Named struct {
	Name   string
	Params param.Case
}

// Marks returns the named cases that differ from the grid's points only in
// the grid's axes (InitScale and y) and lie on one of them, at their
// coordinates. points holds the grid's parameters, the first its base.
func Marks(named []Named, points []param.Case, y Axis) []Mark {
	base := points[0]
	free := map[string]bool{"sigma0": true, y.Key: true}
	if y.Key == "a" {
		free["b"] = true
	}
	var marks []Mark
	for _, c := range named {
		same := true
		for _, k := range param.Keys() {
			if free[k] {
				continue
			}
			a, _ := c.Params.Field(k)
			b, _ := base.Field(k)
			if string(a) != string(b) {
				same = false
				break
			}
		}
		x, yv := InitScale.Of(c.Params), y.Of(c.Params)
		onGrid := slices.ContainsFunc(points, func(p param.Case) bool {
			return near(InitScale.Of(p), x) && near(y.Of(p), yv)
		})
		if same && onGrid {
			marks = append(marks, Mark{Name: c.Name, X: x, Y: yv})
		}
	}
	return marks
}

// near reports whether a and b agree up to rounding.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(a) }

// MarksText says in words which marks lie on a grid and where.
func MarksText(marks []Mark) string {
	if len(marks) == 0 {
		return "no suite case on this grid"
	}
	var s []string
	for _, m := range marks {
		js, _ := json.Marshal(m.Name)
		s = append(s, fmt.Sprintf("%s at (%s, %s)", js, Label(m.X), Label(m.Y)))
	}
	return "suite cases: " + strings.Join(s, ", ")
}
