package cases

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/modcomp/modcomp/core/result"
)

// Theory is a model family that the suite and the commands host beside the
// paper's model, whose cases are All. Everything specific to the family —
// its parameters, its model, its claims, its case table and its report —
// lives in its own packages; the family's package registers it from an init
// function (RegisterTheory) and the commands import that package. What the
// generic layers ask of it is this interface: they run its cases by name,
// render its outcomes as they render the paper's (result.Outcome: verdicts
// with intervals over seeds, expectations, explained surprises) and ask it
// for its report. Its golden files live in golden/<Name>/, compared by its
// own package's tests. A third theory is therefore one more package pair
// (core/NAME for the model and claims, theories/NAME for the case table) and
// an import in cmd/modcomp; see docs/code-map.md, "Adding a theory".
type Theory interface {
	// Name names the family (`modcomp suite -theory NAME`, golden/NAME/).
	Name() string
	// Source cites the paper and the code the family's claims come from.
	Source() string
	// Cases lists the family's cases in table order.
	Cases() []TheoryCase
	// Run trains every seed of the named cases at size s, workers runs at a
	// time (0: GOMAXPROCS), checks each case's claims and returns the
	// outcomes in the order of names. onRun, if not nil, is called after each
	// finished run, one call at a time. The results never depend on workers.
	Run(ctx context.Context, names []string, s Size, workers int, onRun func(done, total int)) ([]*result.Outcome, error)
	// Report runs the family's studies and writes its report — report.md, its
	// figures and the runs they are drawn from — into dir, returning
	// report.md's path.
	Report(ctx context.Context, dir string, opt ReportOptions) (string, error)
}

// TheoryCase names one case of a theory, with a one-line summary.
type TheoryCase struct {
	Name, Summary string
}

// ReportOptions tune a theory's report.
type ReportOptions struct {
	// Seeds is the number of seeds per point of the report's sweeps.
	Seeds int
	// Workers is how many runs train at once (0: GOMAXPROCS).
	Workers int
	// Provenance names the build, for the report's footer.
	Provenance string
	// OnRun, if not nil, is called after each finished run, one call at a
	// time.
	OnRun func(done, total int)
}

var theories struct {
	sync.Mutex
	list []Theory
}

// RegisterTheory adds a theory; its package calls it from init. It panics on
// a name, or a case name, that is already taken (by the paper's model or
// another theory): a programming error.
func RegisterTheory(t Theory) {
	theories.Lock()
	defer theories.Unlock()
	taken := map[string]bool{}
	for _, c := range All() {
		taken[c.Name] = true
	}
	for _, o := range theories.list {
		if o.Name() == t.Name() {
			panic("cases: theory " + t.Name() + " registered twice")
		}
		for _, c := range o.Cases() {
			taken[c.Name] = true
		}
	}
	for _, c := range t.Cases() {
		if taken[c.Name] {
			panic("cases: theory " + t.Name() + "'s case " + c.Name + " is already a case")
		}
	}
	theories.list = append(theories.list, t)
}

// Theories returns the registered theories in the order they registered.
func Theories() []Theory {
	theories.Lock()
	defer theories.Unlock()
	return slices.Clone(theories.list)
}

// LookupTheory returns the theory named name.
func LookupTheory(name string) (Theory, error) {
	var names []string
	for _, t := range Theories() {
		if t.Name() == name {
			return t, nil
		}
		names = append(names, t.Name())
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown theory %q (known: %s)", name, strings.Join(names, ", "))
}

// TheoryOf returns the theory a case of that name belongs to, and false for
// the paper's cases and unknown names.
func TheoryOf(caseName string) (Theory, bool) {
	for _, t := range Theories() {
		for _, c := range t.Cases() {
			if c.Name == caseName {
				return t, true
			}
		}
	}
	return nil, false
}
