package train

import (
	"fmt"
	"slices"

	"github.com/modcomp/modcomp/core/param"
)

// A training method joins the harness from its own file: an init function
// registers its constructor under its name (RegisterMethod), and the method
// declares what differs from joint training through optional interfaces —
// PlainStepper (its step is a plain step of the trainer), Coster (its
// fused-net task's steps and kernel work), UniWaiter (its fused net is built
// from the trained uni-modal nets) and MemoryUser (memory beyond a joint
// run's). NewMethod, StepsPerRun, TasksOf and MemoryNeeded ask the method;
// none of them switches on its name. (The method's settings are fields of
// param.Case, validated there.)

// newMethods holds the registered constructors by method name.
var newMethods = map[string]func(c param.Case) Method{}

// RegisterMethod makes name (param.Case.Method) build its method with
// newMethod, a fresh value per run. A name registers once.
func RegisterMethod(name string, newMethod func(c param.Case) Method) {
	if _, dup := newMethods[name]; dup {
		panic("train: method " + name + " registered twice")
	}
	newMethods[name] = newMethod
}

// RegisteredMethods lists the registered method names in sorted order.
func RegisteredMethods() []string {
	names := make([]string, 0, len(newMethods))
	for name := range newMethods {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// NewMethod returns a fresh method value for the case (methods hold per-run
// state: build one per run).
func NewMethod(c param.Case) (Method, error) {
	newMethod, ok := newMethods[c.MethodName()]
	if !ok {
		return nil, fmt.Errorf("method %q: unknown (known: %v)", c.Method, RegisteredMethods())
	}
	return newMethod(c), nil
}

// methodOf is the case's method value, for its declared capabilities (nil
// for an unknown method, which Validate has refused).
func methodOf(c param.Case) Method {
	m, _ := NewMethod(c)
	return m
}

// Coster is a method's optional capability: its fused-net task's cost in a
// run of c, as gradient steps and kernel FLOPs (the default: T joint steps
// of the fused net, T·StepFlops(c, R)). Pretraining's uni-modal phase and
// Gradient-Blending's trial run in that task and count there.
type Coster interface {
	FusedCost(c param.Case) (steps int64, flops float64)
}

// UniWaiter is a method's optional capability: its fused net is built from
// the trained uni-modal nets, so its task waits for theirs.
type UniWaiter interface {
	WaitsForUni()
}

// MemoryUser is a method's optional capability: the memory a run of c needs
// beyond a joint run's, added to MemoryNeeded's estimate.
type MemoryUser interface {
	ExtraMemory(c param.Case) Memory
}

// fusedCost is the fused-net task's cost of c's method.
func fusedCost(c param.Case) (int64, float64) {
	if m, ok := methodOf(c).(Coster); ok {
		return m.FusedCost(c)
	}
	return int64(c.Steps), float64(c.Steps) * StepFlops(c, c.R)
}
