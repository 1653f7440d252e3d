// Package strictjson checks the shape of a hand-written JSON document before
// encoding/json decodes it, catching what encoding/json accepts silently: a key
// written twice (the last one wins), null values (they leave a field as it
// was), keys that differ from a known name only by case (encoding/json matches
// names case-insensitively), and a document that is not an object.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Error is a shape error; Path names the offending key ("params.mu") or is
// empty for the document itself.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Kind names the JSON type of a raw value as a reader would: "an object",
// "an array", "a string", "a number", "true or false", "null".
func Kind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// Object checks that data is a single JSON object whose keys are all exactly
// among known, with no key repeated and no null value at any depth. want
// describes the expected document for the message when data is not an object
// (for example `an object of parameters such as {"k": 10}`); noun names what a
// key is in messages ("key", "parameter"). It returns the top-level values by
// key. Syntax errors are returned as encoding/json reports
// them (*json.SyntaxError, io.ErrUnexpectedEOF), for the caller to place.
func Object(data []byte, want, noun string, known []string) (map[string]json.RawMessage, error) {
	var top json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &Error{Msg: "unexpected data after the object"}
	}
	if k := Kind(top); k != "an object" {
		return nil, &Error{Msg: fmt.Sprintf("want %s, got %s", want, k)}
	}
	if err := Walk(top, ""); err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(top, &fields); err != nil {
		return nil, err
	}
	if err := Keys(fields, "", noun, known); err != nil {
		return nil, err
	}
	return fields, nil
}

// Keys checks that every key of fields is exactly one of known. A key that
// matches a known name only when case is ignored gets a message naming it;
// noun is what a key is called in messages ("key", "parameter").
func Keys(fields map[string]json.RawMessage, prefix, noun string, known []string) error {
	exact := map[string]bool{}
	for _, k := range known {
		exact[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if exact[k] {
			continue
		}
		for _, name := range known {
			if strings.EqualFold(name, k) {
				return &Error{Path: prefix + k, Msg: fmt.Sprintf("unknown %s; did you mean %q? (names are case-sensitive)", noun, name)}
			}
		}
		return &Error{Path: prefix + k, Msg: fmt.Sprintf("unknown %s (known: %s)", noun, strings.Join(known, ", "))}
	}
	return nil
}

// Walk checks a syntactically valid JSON value: no object repeats a key and no
// value is null, at any depth. path prefixes the keys named in errors.
func Walk(raw json.RawMessage, path string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return walk(dec, path)
}

func walk(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case nil:
		return &Error{Path: path, Msg: "null is not a value (leave the key out to keep the default)"}
	case json.Delim:
		switch t {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k := kt.(string)
				sub := k
				if path != "" {
					sub = path + "." + k
				}
				if seen[k] {
					return &Error{Path: sub, Msg: "key appears twice"}
				}
				seen[k] = true
				if err := walk(dec, sub); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(dec, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	}
	return nil
}
