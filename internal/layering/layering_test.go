// Package layering holds the test that keeps the module's layers apart:
// core knows nothing of suites, files or commands, datasets read files for
// core without knowing the suite, and reports render core's results without
// depending on the suite.
package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/modcomp/modcomp/"

// imports lists, per non-test Go file under dir, the module packages it
// imports.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, module) {
				out[path] = append(out[path], strings.TrimPrefix(p, module))
			}
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestLayers(t *testing.T) {
	for _, tc := range []struct {
		dir     string
		allowed []string
	}{
		{"../../core", []string{"core/", "internal/strictjson"}},
		{"../../reports", []string{"core/", "internal/", "reports/"}},
		{"../../cases", []string{"core/", "internal/", "cases", "datasets/"}},
		// A real dataset's package reads its files and hands core its views
		// through core/data's Source seam.
		{"../../datasets", []string{"core/", "internal/", "datasets/"}},
		// A theory beside the paper's (cases.Theory) holds its case table and
		// runs its studies: it builds on core (its model), the suite's seam
		// and the reports; only the commands import it.
		{"../../theories", []string{"core/", "internal/", "cases", "reports/", "theories/"}},
		// The module's utilities sit below everything they serve: a
		// provenance, a file or a lock knows nothing of the model (the
		// tests' helpers, internal/testutil, build the model's cases).
		{"../../internal", []string{"internal/"}},
	} {
		for file, deps := range imports(t, tc.dir) {
			if strings.Contains(filepath.ToSlash(file), "internal/testutil/") {
				continue
			}
			for _, dep := range deps {
				ok := false
				for _, a := range tc.allowed {
					ok = ok || strings.HasPrefix(dep, a)
				}
				require.True(t, ok, "%s imports %s; %s may import only %v", file, dep, tc.dir, tc.allowed)
			}
		}
	}
}

// TestTestutilIsForTests: only test files import the tests' helpers.
func TestTestutilIsForTests(t *testing.T) {
	for file, deps := range imports(t, "../..") {
		for _, dep := range deps {
			require.NotEqual(t, "internal/testutil", dep, "%s is not a test but imports internal/testutil", file)
		}
	}
}
