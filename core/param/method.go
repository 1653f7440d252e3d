package param

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// A MethodSpec declares a training method to the parameters: its name, the
// settings it owns, which standard-training variants it combines with, and
// its own rules. A method declares it from its own file — core/train's
// method files call RegisterMethod in an init function beside the
// constructor — so that a new method edits nothing here. The methods that
// predate the registry keep their settings as fields of Case (their JSON
// keys are in golden files and sweep grids); builtin.go declares them.
type MethodSpec struct {
	// Name is the value of Case.Method.
	Name string
	// Summary is a one-line description.
	Summary string
	// Settings are the method's own settings, stored in Case.Settings under
	// "NAME.KEY" (agm.alpha) and set by that key (-set agm.alpha=0.2); unset,
	// a setting takes its Default, which is its source's value.
	Settings []Setting
	// Fields are the Case fields (JSON keys) the method owns: set for
	// another method, they are refused.
	Fields []string
	// Variants reports whether the method combines with the
	// standard-training variants: a minibatch, a learned head, Adam.
	Variants bool
	// Validate checks the method's own rules beyond its settings' ranges
	// (nil: none); it reports each broken rule through add.
	Validate func(c *Case, add func(error))
	// Label, if not nil, adds to the method's name in tables what a reader
	// needs to read its row (moddrop: its effective drop rate).
	Label func(c Case) string
}

// A Setting is one of a method's own settings, a number.
type Setting struct {
	// Key names it within its method ("alpha" for agm.alpha).
	Key string
	// Doc says what it is and where its default comes from.
	Doc string
	// Default is the value of an unset setting: its source's.
	Default float64
	// Min and Max bound it (inclusive); Integer asks for a whole number.
	Min, Max float64
	Integer  bool
}

// methodSpecs holds the registered methods by name; methodOrder keeps
// their order of registration.
var (
	methodSpecs = map[string]MethodSpec{}
	methodOrder []string
)

// RegisterMethod declares a method. A name registers once; a setting's
// default must lie in its range.
func RegisterMethod(s MethodSpec) {
	if _, dup := methodSpecs[s.Name]; dup || s.Name == "" {
		panic("param: method " + s.Name + " registered twice or unnamed")
	}
	for _, st := range s.Settings {
		if st.Key == "" || strings.Contains(st.Key, ".") || st.Default < st.Min || st.Default > st.Max {
			panic(fmt.Sprintf("param: method %s: setting %q has no name or a default outside [%v, %v]", s.Name, st.Key, st.Min, st.Max))
		}
	}
	methodSpecs[s.Name] = s
	methodOrder = append(methodOrder, s.Name)
}

// MethodNames lists the registered methods in the order of registration.
func MethodNames() []string { return slices.Clone(methodOrder) }

// Method returns the spec of the named method.
func Method(name string) (MethodSpec, bool) {
	s, ok := methodSpecs[name]
	return s, ok
}

// SettingKey is the key of method's setting key in Case.Settings and -set.
func SettingKey(method, key string) string { return method + "." + key }

// setting returns the registered setting that a dotted key names.
func setting(key string) (Setting, bool) {
	method, name, ok := strings.Cut(key, ".")
	if !ok {
		return Setting{}, false
	}
	spec, ok := methodSpecs[method]
	if !ok {
		return Setting{}, false
	}
	for _, st := range spec.Settings {
		if st.Key == name {
			return st, true
		}
	}
	return Setting{}, false
}

// SettingKeys lists every registered method's settings by their dotted
// keys, in the order of registration.
func SettingKeys() []string {
	var keys []string
	for _, name := range methodOrder {
		for _, st := range methodSpecs[name].Settings {
			keys = append(keys, SettingKey(name, st.Key))
		}
	}
	return keys
}

// Setting returns the value of the case's method's setting key: the value
// set, or the setting's default. It panics on a key the method does not
// declare (a programming error: a method reads its own settings).
func (c *Case) Setting(key string) float64 {
	full := SettingKey(c.MethodName(), key)
	st, ok := setting(full)
	if !ok {
		panic("param: method " + c.MethodName() + " has no setting " + key)
	}
	if v, set := c.Settings[full]; set {
		return v
	}
	return st.Default
}

// MethodNote is what the method's Label adds to its name in tables
// ("(drop rate 0.333)" for moddrop), or "".
func (c Case) MethodNote() string {
	if s, ok := methodSpecs[c.MethodName()]; ok && s.Label != nil {
		return s.Label(c)
	}
	return ""
}

// setSetting stores a method setting given by its dotted key.
func (c *Case) setSetting(key, value string) error {
	x, err := parseFloat(value)
	if err != nil {
		return bad(key, "%v", err)
	}
	settings := maps.Clone(c.Settings) // a copy: a Case copied by value shares its map
	if settings == nil {
		settings = map[string]float64{}
	}
	settings[key] = x
	c.Settings = settings
	return nil
}

// validateMethod checks the method's name, that each method's fields and
// settings are set only for it, each setting's range, and the method's own
// rules.
func (c *Case) validateMethod(add func(error)) {
	spec, ok := methodSpecs[c.MethodName()]
	if !ok {
		add(bad("method", "must be one of %s, got %q", strings.Join(methodOrder, ", "), c.Method))
		return
	}
	for _, name := range methodOrder {
		other := methodSpecs[name]
		if name == spec.Name {
			continue
		}
		for _, f := range other.Fields {
			if v, err := c.Field(f); err == nil && !isZeroJSON(v) {
				add(bad(f, "is a setting of method %s, not of %s", name, spec.Name))
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(c.Settings)) {
		v := c.Settings[key]
		st, known := setting(key)
		method, _, _ := strings.Cut(key, ".")
		switch {
		case !known:
			add(bad(key, "unknown method setting (known: %s)", strings.Join(SettingKeys(), ", ")))
		case method != spec.Name:
			add(bad(key, "is a setting of method %s, not of %s", method, spec.Name))
		case math.IsNaN(v) || v < st.Min || v > st.Max:
			add(bad(key, "must be in [%v, %v], got %v", st.Min, st.Max, v))
		case st.Integer && v != math.Trunc(v):
			add(bad(key, "must be a whole number, got %v", v))
		}
	}
	if spec.Validate != nil {
		spec.Validate(c, add)
	}
}

// isZeroJSON reports whether a field's JSON is its zero value.
func isZeroJSON(v []byte) bool {
	switch string(v) {
	case "0", `""`, "null", "false", "[]":
		return true
	}
	return false
}
