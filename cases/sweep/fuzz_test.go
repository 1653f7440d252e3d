package sweep

import "testing"

// FuzzParseGrid feeds arbitrary grids: ParseGrid must return runs whose
// parameters are valid, or an error, never panic.
func FuzzParseGrid(f *testing.F) {
	f.Add([]byte(tinyGrid))
	f.Add([]byte(`{"case": "paper", "seeds": 2, "params": {"k": [3, 4]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 1, "params": {"mu": [[0.5, 0.6]]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 1000000, "params": {"k": [3, 4]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, runs, err := ParseGrid(data)
		if err != nil {
			return
		}
		for _, r := range runs {
			if verr := r.Params.Validate(); verr != nil {
				t.Fatalf("run %d has invalid params: %v", r.Index, verr)
			}
		}
	})
}
