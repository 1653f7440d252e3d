package sweep

import (
	"bytes"
	"io"
	"testing"
)

// FuzzParseGrid feeds arbitrary grids: ParseGrid must return runs whose
// parameters are valid, or an error, never panic. A parsed grid's canonical
// form must parse to the same grid ID and the same run keys, and no two runs
// may share a key.
func FuzzParseGrid(f *testing.F) {
	f.Add([]byte(tinyGrid))
	f.Add([]byte(`{"case": "paper", "seeds": 2, "params": {"k": [3, 4]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 1, "params": {"mu": [[0.5, 0.6]]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 1000000, "params": {"k": [3, 4]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 2, "params": {"steps": [12, 1.2e1]}}`))
	f.Add([]byte(`{"case": "paper", "seeds": 2, "params": {"eta": [1e1, 12.5], "K": [3]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := ParseGrid(data)
		if err != nil {
			return
		}
		keys := map[string]bool{}
		for _, r := range sw.Runs {
			if verr := r.Params.Validate(); verr != nil {
				t.Fatalf("run %d has invalid params: %v", r.Index, verr)
			}
			if keys[r.Key] {
				t.Fatalf("run %d repeats key %s", r.Index, r.Key)
			}
			keys[r.Key] = true
		}
		again, err := ParseGrid([]byte(sw.Canonical))
		if err != nil {
			t.Fatalf("canonical grid %s does not parse: %v", sw.Canonical, err)
		}
		if again.ID != sw.ID || len(again.Runs) != len(sw.Runs) {
			t.Fatalf("canonical grid %s has ID %s, want %s", sw.Canonical, again.ID, sw.ID)
		}
		for i := range again.Runs {
			if again.Runs[i].Key != sw.Runs[i].Key {
				t.Fatalf("run %d: key %s, want %s", i, again.Runs[i].Key, sw.Runs[i].Key)
			}
		}
	})
}

// FuzzMerge feeds arbitrary results files to Merge, split in two at an
// arbitrary byte: it must merge or refuse, never panic, and a merge never
// holds two lines of one key or lines of two grids.
func FuzzMerge(f *testing.F) {
	line := `{"index":0,"id":"x","key":"k1","grid":"g1","revision":"r","seed":1,"case":"paper","result":{"seed":1}}` + "\n"
	other := `{"index":1,"id":"y","key":"k2","grid":"g1","revision":"r","seed":2,"case":"paper","result":{"seed":2}}` + "\n"
	f.Add([]byte(line+other), 0)
	f.Add([]byte(line+other), len(line))
	f.Add([]byte(line+line[:30]), len(line))
	f.Add([]byte(line+`{"index":0,"id":"x","key":"k1","grid":"g2","revision":"r","seed":1,"case":"paper","result":{}}`+"\n"), len(line))
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		if split < 0 || split > len(data) {
			split = len(data) / 2
		}
		a, b := data[:split], data[split:]
		lines, err := Merge(map[string]io.Reader{"a": bytes.NewReader(a), "b": bytes.NewReader(b)}, []string{"a", "b"}, false)
		if err != nil {
			return
		}
		keys := map[string]bool{}
		for _, l := range lines {
			if keys[l.Key] {
				t.Fatalf("key %s merged twice", l.Key)
			}
			keys[l.Key] = true
			if l.Grid != lines[0].Grid || l.Case != lines[0].Case {
				t.Fatalf("merged lines of grids %s and %s", lines[0].Grid, l.Grid)
			}
		}
	})
}
