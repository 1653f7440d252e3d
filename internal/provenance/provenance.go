// Package provenance says which build of modcomp produced a result: the
// module version, the VCS revision, the Go release and its build settings.
// It sits below what it describes and imports none of it: the command adds
// the kernel path and contract when it writes a result's provenance
// (core/result.Provenance).
package provenance

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// Unknown is the revision of a build without version-control information
// whose checkout cannot be read either (a -buildvcs=false build run outside
// its checkout, a checkout without git). Results of unknown builds combine
// with no others, not even each other, unless forced.
const Unknown = "unknown"

// TestBinary is the revision of a test binary (go test builds carry no
// stamp, and a test must not depend on the state of the checkout it runs
// in): one name, so that a test's runs combine with each other, and never
// with a real build's.
const TestBinary = "test-binary"

// Build describes one build of modcomp and where its revision was read.
type Build struct {
	// Module is the module path, Version its version ("(devel)" for a build
	// from a checkout).
	Module, Version string
	// Revision is the VCS revision (Unknown without a stamp or a readable
	// checkout); Modified reports uncommitted changes.
	Revision string
	Modified bool
	// RevisionFrom says where Revision was read: "build" (the binary's
	// version-control stamp), "checkout" (a go run build, read from the
	// checkout at start) or "test binary"; empty when Revision is Unknown.
	RevisionFrom string
	// GoVersion, GOOS, GOARCH, GOAMD64 and GOEXPERIMENT are the Go release
	// and the build's settings.
	GoVersion, GOOS, GOARCH, GOAMD64, GOEXPERIMENT string
}

// Current returns the provenance of this build and process.
func Current() Build {
	p := Build{Module: "github.com/modcomp/modcomp", Version: "(devel)", Revision: Unknown,
		GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return p
	}
	if bi.Main.Path != "" {
		p.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		p.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			p.Revision, p.RevisionFrom = s.Value, "build"
		case "vcs.modified":
			p.Modified = s.Value == "true"
		case "GOAMD64":
			p.GOAMD64 = s.Value
		case "GOEXPERIMENT":
			p.GOEXPERIMENT = s.Value
		}
	}
	switch {
	case p.Revision != Unknown:
	case testing.Testing():
		p.Revision, p.RevisionFrom = TestBinary, "test binary"
	default:
		if c := checkout(p.Module); c.revision != "" {
			p.Revision, p.Modified, p.RevisionFrom = c.revision, c.modified, "checkout"
		}
	}
	return p
}

// checkoutState is a checkout's revision and whether it has changes.
type checkoutState struct {
	revision string
	modified bool
}

// checkout reads, once, the revision of the checkout of module that holds
// the working directory. `go run ./cmd/modcomp`, the README's way in, builds
// without a version-control stamp (go run never stamps), in the checkout and
// the directory it then runs in: reading that checkout's HEAD (and whether
// git status shows changes, as the stamp's vcs.modified would) gives the
// revision the stamp would have carried. Test binaries never read it (see
// TestBinary).
var checkout = func() func(module string) checkoutState {
	var once sync.Once
	var state checkoutState
	return func(module string) checkoutState {
		once.Do(func() {
			wd, err := os.Getwd()
			if err == nil {
				state = readCheckout(wd, module)
			}
		})
		return state
	}
}()

// readCheckout returns the git revision of the checkout whose module root
// (the nearest go.mod declaring module) holds dir, or the zero state.
func readCheckout(dir, module string) checkoutState {
	root := moduleRoot(dir, module)
	if root == "" {
		return checkoutState{}
	}
	rev, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return checkoutState{}
	}
	status, err := exec.Command("git", "-C", root, "status", "--porcelain").Output()
	if err != nil {
		return checkoutState{}
	}
	return checkoutState{revision: strings.TrimSpace(string(rev)), modified: len(bytes.TrimSpace(status)) > 0}
}

// moduleRoot returns the nearest directory at or above dir whose go.mod
// declares module, or "".
func moduleRoot(dir, module string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			declared := ""
			for sc.Scan() {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
					declared = strings.Trim(strings.TrimSpace(rest), `"`)
					break
				}
			}
			f.Close()
			if declared == module {
				return dir
			}
			return "" // the nearest go.mod is another module's
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Revision returns the VCS revision the binary was built from, with "-dirty"
// appended when the working tree had uncommitted changes, or Unknown.
func Revision() string {
	p := Current()
	if p.Revision != Unknown && p.Modified {
		return p.Revision + "-dirty"
	}
	return p.Revision
}
