package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/cases/grids"
	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/internal/outpath"
	"github.com/modcomp/modcomp/internal/readlimit"
	"github.com/modcomp/modcomp/reports/export"
)

// setFlags collects repeated -set key=value flags.
type setFlags []string

func (s *setFlags) String() string { return strings.Join(*s, " ") }

func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// CaseFlags are the flags that choose a case and its seeds.
type CaseFlags struct {
	name  string
	seeds int
	seed  uint64
	sets  setFlags
	// paramsFile is a JSON case file applied over the named case.
	paramsFile string
	memory     MemoryFlag
	// OneSeed leaves out -seeds, for a command of one seed.
	OneSeed bool
}

// Register adds -case, -seeds (unless OneSeed), -seed, -set, -params and -max-memory to fs.
func (cf *CaseFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&cf.name, "case", cases.DefaultName, "named case to run (see 'modcomp cases')")
	if !cf.OneSeed {
		fs.IntVar(&cf.seeds, "seeds", 0, "run seeds 1..N")
	}
	fs.Uint64Var(&cf.seed, "seed", 0, "run this one seed (default 1)")
	fs.Var(&cf.sets, "set", "override a parameter, key=value (repeatable; lists are comma-separated)")
	fs.StringVar(&cf.paramsFile, "params", "", "read parameters from this JSON file (keys as for -set), applied before -set")
	cf.memory.Register(fs)
}

// Resolve returns the case with -set applied and validated, and the seeds to run.
func (cf *CaseFlags) Resolve(fs *flag.FlagSet) (cases.Case, []uint64, error) {
	c, err := cases.Lookup(cf.name)
	if err != nil {
		return cases.Case{}, nil, UsageError{Err: err}
	}
	if cf.paramsFile != "" {
		if info, err := os.Stat(cf.paramsFile); err == nil && info.IsDir() {
			return cases.Case{}, nil, Usagef("%s is a directory, not a case file", cf.paramsFile)
		}
		data, err := readlimit.ReadFile(cf.paramsFile, readlimit.Small)
		if err != nil {
			return cases.Case{}, nil, UsageError{Err: err}
		}
		p, err := param.Decode(data, c.Params)
		if err != nil {
			return cases.Case{}, nil, UsageError{Err: fmt.Errorf("%s: %w", cf.paramsFile, err)}
		}
		c.Params = p
	}
	if err := c.Params.SetAll(cf.sets); err != nil {
		return cases.Case{}, nil, err
	}
	if err := data.Check(c.Params); err != nil { // the model's rules and, with a source, the dataset's
		return cases.Case{}, nil, err
	}
	if err := cf.memory.Check("case "+c.Name, c.Params, 1); err != nil {
		return cases.Case{}, nil, err
	}
	seedSet, seedsSet := false, false
	fs.Visit(func(f *flag.Flag) {
		seedSet = seedSet || f.Name == "seed"
		seedsSet = seedsSet || f.Name == "seeds"
	})
	switch {
	case (seedsSet && cf.seeds < 1) || cf.seeds > MaxSeeds: // given as 0: no seeds to run, not the default seed
		return cases.Case{}, nil, Usagef("-seeds must be in [1, %d], got %d", MaxSeeds, cf.seeds)
	case cf.seeds > 0 && seedSet:
		return cases.Case{}, nil, Usagef("-seeds and -seed are exclusive")
	case cf.seeds > 0:
		seeds := make([]uint64, cf.seeds)
		for i := range seeds {
			seeds[i] = uint64(i + 1)
		}
		return c, seeds, nil
	case seedSet:
		return c, []uint64{cf.seed}, nil
	}
	return c, []uint64{1}, nil
}

// ParseFlags parses args into fs, turning flag errors into usage errors. After
// -h it returns flag.ErrHelp: the usage is printed and the command does not run.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return UsageError{Err: err}
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// CSVFlag is -csv DIR: also write the results as long-form CSV tables.
type CSVFlag struct{ Dir string }

// Register adds -csv to fs.
func (c *CSVFlag) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Dir, "csv", "", "also write the results as long-form CSV tables (metrics, lambda, classes, verdicts) into this directory")
}

// Check refuses an unwritable directory before any work.
func (c *CSVFlag) Check() error {
	if c.Dir == "" {
		return nil
	}
	return WritableDir(c.Dir)
}

// Write writes the tables when -csv was given.
func (c *CSVFlag) Write(t *export.Tables) error {
	if c.Dir == "" {
		return nil
	}
	_, err := t.Write(c.Dir)
	return err
}

// WritableDir creates dir if needed and checks that a file can be written in it;
// a failure is a usage error naming the directory.
func WritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Usagef("output directory %s is not writable: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, ".modcomp-probe-*")
	if err != nil {
		return Usagef("output directory %s is not writable: %v", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// ReadGrid reads and expands a grid file, or one of the repository's grids
// built into the binary (package grids) when no file is at its path; every
// problem is a usage error naming the file.
func ReadGrid(path string) (*sweep.Sweep, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, Usagef("%s is a directory, not a grid file", path)
	}
	data, err := readlimit.ReadFile(path, readlimit.Small)
	if errors.Is(err, fs.ErrNotExist) {
		// The repository's grids are built in: cases/grids/NAME.json names
		// one wherever the command runs (a file at that path comes first).
		if embedded, ok := grids.Read(filepath.ToSlash(path)); ok {
			data, err = embedded, nil
		}
	}
	if err != nil {
		return nil, UsageError{Err: err}
	}
	sw, err := sweep.ParseGrid(data)
	if err != nil {
		return nil, UsageError{Err: fmt.Errorf("%s: %w", path, err)}
	}
	return sw, nil
}

// PositiveInts parses a comma-separated list of positive integers (empty:
// none) given with the flag flagName of command.
func PositiveInts(command, flagName, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, Usagef("%s: %s: %q is not a positive integer", command, flagName, f)
		}
		out = append(out, n)
	}
	return out, nil
}

// SizeFlag is -full: the full size of a suite instead of the quick one.
type SizeFlag struct{ full bool }

// Register adds -full to fs with the usage text.
func (s *SizeFlag) Register(fs *flag.FlagSet, usage string) {
	fs.BoolVar(&s.full, "full", false, usage)
}

// Size is the size chosen.
func (s *SizeFlag) Size() cases.Size {
	if s.full {
		return cases.Full
	}
	return cases.Quick
}

// Arg is the flag as the command line gave it: " -full" or "".
func (s *SizeFlag) Arg() string {
	if s.full {
		return " -full"
	}
	return ""
}

// Name is base for the full size and base-quick for the quick one, the
// name of a file the size writes.
func (s *SizeFlag) Name(base string) string {
	if s.full {
		return base
	}
	return base + "-quick"
}

// SelectCases returns the named cases of a comma-separated list, or every
// case when the list is empty.
func SelectCases(list string) ([]cases.Case, error) {
	if list == "" {
		return cases.All(), nil
	}
	var selected []cases.Case
	for _, name := range strings.Split(list, ",") {
		c, err := cases.Lookup(strings.TrimSpace(name))
		if err != nil {
			return nil, UsageError{Err: err}
		}
		selected = append(selected, c)
	}
	return selected, nil
}

// OutputFile refuses, before any work, an output file named by flagName
// whose directory cannot be written or whose path is not a regular file
// (or nothing yet).
func OutputFile(flagName, path string) error {
	if err := WritableDir(filepath.Dir(path)); err != nil {
		return err
	}
	if _, err := outpath.Resolve(path); err != nil {
		return Usagef("%s: %v", flagName, err)
	}
	return nil
}

// WriteJSON writes v to w as indented JSON and a newline.
func WriteJSON(w io.Writer, v any) error {
	js, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(js, '\n'))
	return err
}

// Parse parses the arguments of command name with the flags register adds,
// usage and errors on stderr (see ParseFlags), and returns the flag set.
func Parse(name string, args []string, stderr io.Writer, register func(*flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	register(fs)
	return fs, ParseFlags(fs, args)
}
