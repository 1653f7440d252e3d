package param

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Keys returns the names accepted by Set, in sorted order.
func Keys() []string {
	t := reflect.TypeFor[Case]()
	keys := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		keys = append(keys, jsonKey(t.Field(i)))
	}
	sort.Strings(keys)
	return keys
}

func jsonKey(f reflect.StructField) string {
	k, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return k
}

// Set parses value into the field named key (its JSON name, as listed by Keys).
// Per-modality fields take comma-separated lists ("0.1,0.3"). It rejects unknown
// keys and unparsable values; it does not validate the case (see Validate).
func (c *Case) Set(key, value string) error {
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
	return bad(key, "unknown parameter (known: %s)", strings.Join(Keys(), ", "))
}

func parseFloat(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
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

// Decode reads a case from JSON. Fields absent from the document keep their
// values in base; unknown fields, trailing data and malformed JSON are errors
// that name the problem. The result is validated.
func Decode(data []byte, base Case) (Case, error) {
	c := base.Clone()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Case{}, describeJSONError(data, err)
	}
	if dec.More() {
		return Case{}, fmt.Errorf("case JSON: unexpected data after the object")
	}
	if err := c.Validate(); err != nil {
		return Case{}, err
	}
	return c, nil
}

// describeJSONError turns encoding/json's errors into messages that name the
// field or the line.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
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
