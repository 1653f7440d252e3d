// Package cases is modcomp's seed suite: a fixed table of named, seeded cases,
// the claims each is expected to satisfy or break, and the golden comparison.
package cases

import (
	"fmt"
	"sort"
	"strings"

	"github.com/modcomp/modcomp/core/param"
)

// Case is one named entry of the suite.
type Case struct {
	// Name identifies the case on the command line and names its golden file.
	Name string
	// Summary is a one-line description.
	Summary string
	// Params are the model parameters.
	Params param.Case
}

// DefaultName is the case `modcomp run` trains when no -case is given.
const DefaultName = "paper"

// All returns the suite in a fixed order.
func All() []Case {
	paper := param.Default()
	return []Case{
		{Name: "paper", Summary: "canonical two-modality case, μ=(0.1,0.3), equal strengths, small init", Params: paper},
	}
}

// Lookup returns the case named name, or an error listing the known names.
func Lookup(name string) (Case, error) {
	var names []string
	for _, c := range All() {
		if c.Name == name {
			c.Params = c.Params.Clone()
			return c, nil
		}
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return Case{}, fmt.Errorf("unknown case %q (known: %s)", name, strings.Join(names, ", "))
}
