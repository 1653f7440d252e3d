package strictjson

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestObject(t *testing.T) {
	known := []string{"a", "b"}
	fields, err := Object([]byte(`{"a": 1, "b": {"x": [1, 2]}}`), "an object", "key", known)
	require.NoError(t, err)
	require.JSONEq(t, `{"x": [1, 2]}`, string(fields["b"]))

	for _, tc := range []struct{ in, want string }{
		{`[1]`, "want an object, got an array"},
		{`"a"`, "want an object, got a string"},
		{`{"a": 1} 2`, "unexpected data after the object"},
		{`{"a": 1, "a": 2}`, "a: key appears twice"},
		{`{"b": {"x": 1, "x": 2}}`, "b.x: key appears twice"},
		{`{"b": [1, null]}`, "b[1]: null is not a value"},
		{`{"A": 1}`, `A: unknown key; did you mean "a"? (names are case-sensitive)`},
		{`{"c": 1}`, "c: unknown key (known: a, b)"},
	} {
		_, err := Object([]byte(tc.in), "an object", "key", known)
		require.ErrorContains(t, err, tc.want, tc.in)
	}
	_, err = Object([]byte(`{"a": `), "an object", "key", known)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = Object([]byte(``), "an object", "key", known)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = Object([]byte(`{"a" 1}`), "an object", "key", known)
	var syn *json.SyntaxError
	require.ErrorAs(t, err, &syn)
}
