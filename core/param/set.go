package param

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/internal/strictjson"
)

// Keys returns the names of Case's fields (the keys of its JSON), in sorted
// order; Set also takes the registered methods' settings (SettingKeys).
func Keys() []string {
	t := reflect.TypeFor[Case]()
	keys := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		keys = append(keys, jsonKey(t.Field(i)))
	}
	sort.Strings(keys)
	return keys
}

// Optional reports whether key is a setting whose zero value means "not in
// use" (a method's or a standard-training variant's; absent from JSON when
// zero).
func Optional(key string) bool {
	f, ok := fieldByKey(key)
	return ok && strings.HasSuffix(f.Tag.Get("json"), ",omitempty")
}

func jsonKey(f reflect.StructField) string {
	k, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return k
}

// Set parses value into the field named key (its JSON name, as listed by Keys).
// Per-modality fields take comma-separated lists ("0.1,0.3"). It rejects unknown
// keys and unparsable values; it does not validate the case (see Validate).
func (c *Case) Set(key, value string) error {
	if _, ok := setting(key); ok {
		return c.setSetting(key, value)
	}
	if key == "settings" {
		return bad(key, "set a method's setting by its own key (known: %s)", strings.Join(SettingKeys(), ", "))
	}
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if jsonKey(t.Field(i)) != key {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Int:
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil {
				return bad(key, "want an integer, got %q", value)
			}
			f.SetInt(int64(n))
		case reflect.Float64:
			x, err := parseFloat(value)
			if err != nil {
				return bad(key, "%v", err)
			}
			f.SetFloat(x)
		case reflect.String:
			f.SetString(strings.TrimSpace(value))
		case reflect.Slice:
			parts := strings.Split(value, ",")
			xs := make([]float64, len(parts))
			for j, p := range parts {
				x, err := parseFloat(p)
				if err != nil {
					return bad(key, "value %d: %v", j+1, err)
				}
				xs[j] = x
			}
			f.Set(reflect.ValueOf(xs))
		}
		return nil
	}
	return bad(key, "unknown parameter (known: %s)", strings.Join(append(Keys(), SettingKeys()...), ", "))
}

func parseFloat(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if errors.Is(err, strconv.ErrRange) && (math.IsInf(x, 0)) {
		return 0, fmt.Errorf("must be a finite number, got %s (beyond float64's range)", strings.TrimSpace(s))
	}
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("want a number, got %q", s)
	}
	return x, nil
}

// SetAll applies "key=value" assignments in order, as given to -set.
func (c *Case) SetAll(assignments []string) error {
	for _, a := range assignments {
		key, value, ok := strings.Cut(a, "=")
		if !ok {
			return bad(strings.TrimSpace(a), "want key=value")
		}
		if err := c.Set(strings.TrimSpace(key), value); err != nil {
			return err
		}
	}
	return nil
}

// Decode reads a case from JSON: one object whose keys are the parameters'
// JSON names (as listed by Keys, case-sensitive). Fields absent from the
// document keep their values in base. Unknown keys, a key written twice, null
// values, a value of the wrong type, trailing data and malformed JSON are
// errors that name the key or the line and the expected shape. The result is
// validated.
func Decode(data []byte, base Case) (Case, error) {
	fields, err := strictjson.Object(data, `an object of parameters such as {"k": 10, "mu": [0.1, 0.3]}`, "parameter", Keys())
	if err != nil {
		return Case{}, describeJSONError(data, err)
	}
	c := base.Clone()
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		if err := c.setJSON(key, fields[key]); err != nil {
			return Case{}, err
		}
	}
	if err := c.Validate(); err != nil {
		return Case{}, err
	}
	return c, nil
}

// Shape describes the JSON value the parameter key takes, for messages.
func Shape(key string) string {
	f, ok := fieldByKey(key)
	if !ok {
		return "a value"
	}
	switch f.Type.Kind() {
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list of numbers, one per modality, such as [0.1, 0.3]"
	}
	return "a value"
}

func fieldByKey(key string) (reflect.StructField, bool) {
	t := reflect.TypeFor[Case]()
	for i := 0; i < t.NumField(); i++ {
		if jsonKey(t.Field(i)) == key {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// setJSON decodes one parameter's JSON value into c.
func (c *Case) setJSON(key string, raw json.RawMessage) error {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if jsonKey(t.Field(i)) != key {
			continue
		}
		val, err := decodeField(key, t.Field(i).Type, raw)
		if err != nil {
			return err
		}
		v.Field(i).Set(val)
		return nil
	}
	return bad(key, "unknown parameter (known: %s)", strings.Join(append(Keys(), SettingKeys()...), ", "))
}

// shorten cuts a value for a message to 40 bytes.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// describeValue names a JSON value for a message: its kind, and the value
// itself when it is short.
func describeValue(raw json.RawMessage) string {
	s := string(bytes.TrimSpace(raw))
	if len(s) > 40 {
		return strictjson.Kind(raw)
	}
	return strictjson.Kind(raw) + " " + s
}

// describeJSONError turns encoding/json's errors into messages that name the
// field or the line.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var shape *strictjson.Error
	switch {
	case errors.As(err, &shape):
		if shape.Path == "" {
			return fmt.Errorf("case JSON: %s", shape.Msg)
		}
		return bad(shape.Path, "%s", shape.Msg)
	case errors.As(err, &syn):
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("case JSON: line %d: %v", line, syn)
	case errors.As(err, &typ):
		return bad(typ.Field, "want %v, got JSON %s", typ.Type, typ.Value)
	case err.Error() == "unexpected EOF" || err.Error() == "EOF":
		return fmt.Errorf("case JSON: truncated or empty document")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return bad(name, "unknown parameter (known: %s)", strings.Join(Keys(), ", "))
	}
	return fmt.Errorf("case JSON: %v", err)
}

// emptyMeans names what the empty string means for the string parameters
// whose zero value is documented as a named choice.
var emptyMeans = map[string]string{
	"method": MethodJoint, "activation": ActivationSmooth, "head": HeadFixed, "dictionary": DictionaryGonumQR,
	"head_init": HeadInitOnes, "optimizer": OptimizerGD,
}

// Canonical returns the canonical JSON of a value for the parameter key: the
// value decoded into the field's type and encoded again, so that 12, 12.0 and
// 1.2e1 give the same bytes, with −0 written as 0 and an empty choice as the
// name it stands for ("" as "joint" for method), so that one run of a grid is
// never stored under two names. It rejects unknown keys, null and values of
// the wrong type; it does not validate the value.
func Canonical(key string, raw json.RawMessage) (json.RawMessage, error) {
	f, ok := fieldByKey(key)
	if !ok {
		return nil, bad(key, "unknown parameter (known: %s)", strings.Join(Keys(), ", "))
	}
	if err := strictjson.Walk(raw, key); err != nil {
		return nil, err
	}
	val, err := decodeField(key, f.Type, raw)
	if err != nil {
		return nil, err
	}
	switch v := val.Interface().(type) {
	case float64:
		return json.Marshal(v + 0) // −0 + 0 = +0
	case []float64:
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = x + 0
		}
		return json.Marshal(out)
	case string:
		if name, ok := emptyMeans[key]; ok && v == "" {
			return json.Marshal(name)
		}
	}
	return json.Marshal(val.Interface())
}

// decodeField decodes a parameter's JSON value into its field type. A whole
// number field also takes a number written with a fraction or an exponent
// when its value is whole (12.0, 1.2e1).
func decodeField(key string, typ reflect.Type, raw json.RawMessage) (reflect.Value, error) {
	ptr := reflect.New(typ)
	err := json.Unmarshal(raw, ptr.Interface())
	if err != nil && typ.Kind() == reflect.Int {
		var x float64
		if json.Unmarshal(raw, &x) == nil && x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
			ptr.Elem().SetInt(int64(x))
			err = nil
		}
	}
	if err != nil && strictjson.Kind(raw) == "a number" {
		if x, perr := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64); errors.Is(perr, strconv.ErrRange) && math.IsInf(x, 0) {
			return reflect.Value{}, bad(key, "must be a finite number, got %s (beyond float64's range)", shorten(string(bytes.TrimSpace(raw))))
		}
	}
	if err != nil {
		return reflect.Value{}, bad(key, "want %s, got %s", Shape(key), describeValue(raw))
	}
	return ptr.Elem(), nil
}

// Field returns the canonical JSON of c's parameter key (see Canonical).
func (c Case) Field(key string) (json.RawMessage, error) {
	f, ok := fieldByKey(key)
	if !ok {
		return nil, bad(key, "unknown parameter (known: %s)", strings.Join(Keys(), ", "))
	}
	return json.Marshal(reflect.ValueOf(c).FieldByIndex(f.Index).Interface())
}
