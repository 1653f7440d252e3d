package digestfile

import (
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps its errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, format)
	r.TB.Logf(format, args...)
}

func TestCheckFindsWhatDiffers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digests.json")
	Check(t, path, map[string]string{"a": "01", "b": "02"}, true)
	Check(t, path, map[string]string{"a": "01", "b": "02"}, false) // the same: no error

	r := &recorder{TB: t}
	Check(r, path, map[string]string{"a": "01", "b": "03", "c": "04"}, false)
	if len(r.errors) != 2 {
		t.Fatalf("b differs and c is not stored: %d errors, want 2", len(r.errors))
	}
	if !strings.Contains(r.errors[0], "digest") {
		t.Errorf("error %q does not say what differs", r.errors[0])
	}
}
