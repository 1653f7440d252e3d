package cli

import (
	"flag"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/queue"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/sysmem"
)

// MaxSeeds bounds -seeds (and a suite's or report's seeds).
const MaxSeeds = 100_000

// MemoryFlag is -max-memory: the most memory a command may plan to use at
// once. The default is the machine's memory (or its control group's limit).
type MemoryFlag struct {
	bytes  float64
	source string
}

// Register adds -max-memory to fs, its default the machine's memory limit.
func (m *MemoryFlag) Register(fs *flag.FlagSet) {
	b, src := sysmem.Limit()
	m.bytes, m.source = float64(b), src
	fs.Var(m, "max-memory", "refuse runs needing more memory than this, such as 8GiB or 500MB (default: the "+src+", "+FormatBytes(float64(b))+")")
}

// String is the limit given with -max-memory, "" for the default (which the
// usage names, once).
func (m *MemoryFlag) String() string {
	if m == nil || m.bytes == 0 || m.source != "-max-memory" {
		return ""
	}
	return FormatBytes(m.bytes)
}

// Set reads a size given with -max-memory (see ParseBytes).
func (m *MemoryFlag) Set(s string) error {
	b, err := ParseBytes(s)
	if err != nil {
		return err
	}
	m.bytes, m.source = b, "-max-memory"
	return nil
}

// ParseBytes reads a size: a number of bytes, optionally with a unit (B, kB,
// MB, GB, TB, KiB, MiB, GiB, TiB; case-insensitive).
func ParseBytes(s string) (float64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
		{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"b", 1}}
	mult := 1.0
	lower := strings.ToLower(t)
	for _, u := range units {
		if strings.HasSuffix(lower, u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return 0, fmt.Errorf("want a positive size such as 8GiB or 500MB, got %q", s)
	}
	return v * mult, nil
}

// FormatBytes writes b bytes in KiB, MiB, GiB or TiB.
func FormatBytes(b float64) string {
	switch {
	case b >= 1<<40:
		return fmt.Sprintf("%.1f TiB", b/(1<<40))
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", b/(1<<10))
}

// Open returns how many runs of the largest of cases a queue of jobs runs
// may hold in memory at once within the limit: the queue's default
// (queue.DefaultOpen of GOMAXPROCS workers) or fewer, at least one (check
// refuses a run that does not fit alone).
func (m *MemoryFlag) Open(cases []param.Case, jobs int) int {
	need := 0.0
	for _, p := range cases {
		need = max(need, train.MemoryNeeded(p).Total())
	}
	n := min(jobs, queue.DefaultOpen(runtime.GOMAXPROCS(0)))
	if need > 0 {
		n = min(n, int(m.bytes/need))
	}
	return max(n, 1)
}

// Check refuses, as a usage error, a case whose runs would not fit: parallel
// runs of p at once, each needing train.MemoryNeeded(p).
func (m *MemoryFlag) Check(what string, p param.Case, parallel int) error {
	need := train.MemoryNeeded(p)
	total := need.Total() * float64(parallel)
	if total <= m.bytes {
		return nil
	}
	runs := "a run"
	if parallel > 1 {
		runs = fmt.Sprintf("%d runs held at once", parallel)
	}
	return Usagef("%s: %s would need about %s (dictionaries %s, data %s, weights %s, activations %s a run), more than the memory limit %s (%s); reduce d, n, n_test or k·m, or set -max-memory",
		what, runs, FormatBytes(total), FormatBytes(need.Dictionaries), FormatBytes(need.Data), FormatBytes(need.Weights), FormatBytes(need.Activations),
		FormatBytes(m.bytes), m.source)
}

// CheckCases refuses, as a usage error, any of cs whose run would not fit
// alone, and returns their parameters (for Open).
func (m *MemoryFlag) CheckCases(cs []cases.Case) ([]param.Case, error) {
	params := make([]param.Case, 0, len(cs))
	for _, c := range cs {
		if err := m.Check("case "+c.Name, c.Params, 1); err != nil {
			return nil, err
		}
		params = append(params, c.Params)
	}
	return params, nil
}
