package param

import (
	"strings"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the case-file parser: it must return a
// valid case or an error, never panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"k": 5, "mu": [0.2, 0.3]}`))
	f.Add([]byte(`{"sigma0": 1e-7, "rho": 0.01, "pattern": "independent"}`))
	f.Add([]byte(`{"k": 1e400}`))
	f.Add([]byte(`{"mu": [NaN]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data, Default())
		if err == nil {
			if verr := c.Validate(); verr != nil {
				t.Fatalf("Decode accepted an invalid case: %v", verr)
			}
		}
	})
}

// FuzzSet feeds arbitrary -set assignments: Set must never panic, and a case it
// leaves valid must survive Validate.
func FuzzSet(f *testing.F) {
	f.Add("sigma0=1e-5")
	f.Add("mu=0.1,0.3")
	f.Add("k=-1")
	f.Add("a=1,,2")
	f.Add("pattern=exclusive")
	f.Fuzz(func(t *testing.T, assignment string) {
		c := Default()
		if err := c.SetAll(strings.Split(assignment, ";")); err != nil {
			return
		}
		_ = c.Validate()
	})
}
