// Package digestfile keeps a test's stored digests: a JSON object from names
// to digests (testdata/*.json), written by one build and compared with what
// every other build computes, so that a test shows the same bits on another
// architecture or GOAMD64 level without holding the numbers themselves.
package digestfile

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"testing"
)

// Check compares got with the digests stored at path and reports, as a test
// error naming the platform, every name whose digest differs or is not
// stored. With update it rewrites path from got instead.
func Check(t testing.TB, path string, got map[string]string, update bool) {
	t.Helper()
	if update {
		js, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	names := make([]string, 0, len(got))
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if got[name] != want[name] {
			t.Errorf("%s on %s/%s: digest %s, stored %q", name, runtime.GOOS, runtime.GOARCH, got[name], want[name])
		}
	}
}
