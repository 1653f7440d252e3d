package data

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/modcomp/modcomp/core/param"
)

// Source is where a run's samples come from: the paper's distribution D
// (Distribution) or the views of a real dataset (Views). It is opened once
// per case and seed (Open) and is read-only afterwards.
type Source interface {
	// Sample returns n samples for concern: rng.Train for the training set,
	// rng.Test for the test set, never sharing numbers. A real dataset's
	// source drew both when it was opened and returns them; n must then be
	// the case's N or NTest. It returns ctx.Err() once ctx is cancelled.
	Sample(ctx context.Context, n int, seed uint64, concern string) (*Set, error)
	// Feature returns class j's feature in view r (length d, unit norm):
	// the direction Λ_{r,j} = max_l ⟨w_{r,j,l}, feature⟩ is measured along.
	// The slice aliases the source's storage and must not be modified.
	Feature(r, j int) []float64
}

// Dataset is what a real dataset's package registers: how to check a case's
// settings against it and how to open its views.
type Dataset struct {
	// Check returns a *param.FieldError for a setting the dataset cannot
	// honour (its views fix R, K and d; its files bound N and NTest),
	// without reading anything.
	Check func(c param.Case) error
	// Open draws the case's training and test views for seed.
	Open func(ctx context.Context, c param.Case, seed uint64) (Source, error)
}

var (
	datasetsMu sync.RWMutex
	datasets   = map[string]Dataset{}
)

// RegisterSource makes a dataset available under name, the value of a
// case's `source` setting. A dataset's package calls it from its init
// function, so that importing the package is what makes its cases run; core
// itself reads no file. It panics on an empty or duplicate name or a
// missing function (a programming error, found at start-up).
func RegisterSource(name string, ds Dataset) {
	datasetsMu.Lock()
	defer datasetsMu.Unlock()
	if _, dup := datasets[name]; name == "" || dup || ds.Check == nil || ds.Open == nil {
		panic(fmt.Sprintf("data: source %q registered twice, without a name or without its functions", name))
	}
	datasets[name] = ds
}

// RegisteredSources lists the registered source names, sorted.
func RegisteredSources() []string {
	datasetsMu.RLock()
	defer datasetsMu.RUnlock()
	var names []string
	for name := range datasets {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func dataset(name string) (Dataset, error) {
	datasetsMu.RLock()
	ds, ok := datasets[name]
	datasetsMu.RUnlock()
	if !ok {
		return Dataset{}, fmt.Errorf("source: %q is not built into this program (it has: %v)", name, RegisteredSources())
	}
	return ds, nil
}

// Check validates c (param.Case.Validate) and, with a Source, the
// dataset's own rules; it reads nothing.
func Check(c param.Case) error {
	if err := c.Validate(); err != nil || c.Source == "" {
		return err
	}
	ds, err := dataset(c.Source)
	if err != nil {
		return err
	}
	return ds.Check(c)
}

// Open checks c (Check) and opens its source for seed: the paper's
// distribution D when c.Source is empty (New), otherwise the registered
// dataset's views.
func Open(ctx context.Context, c param.Case, seed uint64) (Source, error) {
	if c.Source == "" {
		return New(ctx, c, seed)
	}
	if err := Check(c); err != nil {
		return nil, err
	}
	ds, err := dataset(c.Source)
	if err != nil {
		return nil, err
	}
	return ds.Open(ctx, c, seed)
}

// Features returns the class features of every view of src: for view r, k
// rows of d, row j Feature(r, j).
func Features(src Source, views, k int) [][]float64 {
	out := make([][]float64, views)
	for r := range out {
		for j := range k {
			out[r] = append(out[r], src.Feature(r, j)...)
		}
	}
	return out
}
