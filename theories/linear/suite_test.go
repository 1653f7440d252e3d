package linear

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/internal/atomicfile"
)

var (
	update = flag.Bool("update", false, "rewrite golden/linear/ from this run")
	full   = flag.Bool("full", false, "run the full suite (20 seeds a case) instead of the quick one")
)

func size() cases.Size {
	if *full {
		return cases.Full
	}
	return cases.Quick
}

// goldenPath is a case's golden file: golden/linear/<case>.json (quick) or
// golden/linear/full/<case>.json.
func goldenPath(s cases.Size, name string) string {
	dir := filepath.Join("..", "..", "golden", Name)
	if s == cases.Full {
		dir = filepath.Join(dir, "full")
	}
	return filepath.Join(dir, name+".json")
}

// TestSuite runs every case, compares it with its golden file and checks
// that each verdict is the expected one or an explained exception.
func TestSuite(t *testing.T) {
	s := size()
	outcomes, err := RunCases(context.Background(), All(), s, 0, nil)
	require.NoError(t, err)
	for _, o := range outcomes {
		t.Run(o.Case.Name, func(t *testing.T) {
			for _, v := range o.Verdicts {
				t.Logf("%s %s: %s %.4g [%.4g, %.4g] — %s", o.Case.Name, v.Claim, v.Mark(), v.Statistic, v.Lo, v.Hi, v.Explanation)
			}
			for _, sp := range o.Surprises() {
				require.True(t, sp.Known, "unexplained: %s", sp.Message)
			}
			g := o.Golden()
			path := goldenPath(s, o.Case.Name)
			if *update {
				b, err := json.MarshalIndent(g, "", "  ")
				require.NoError(t, err)
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, atomicfile.WriteFile(path, append(b, '\n')))
				return
			}
			want, err := ReadGolden(path)
			require.NoError(t, err, "no golden file: go test ./theories/linear -update (with -full for the full suite)")
			require.NoError(t, Compare(want, g))
		})
	}
}
