// Package provenance says which build of modcomp produced a result: the
// module version, the VCS revision, the Go release and build settings, and
// the kernel path and contract.
package provenance

import (
	"runtime"
	"runtime/debug"

	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/result"
)

// Unknown is the revision of a build without version-control information
// (go run and go test builds, or -buildvcs=false).
const Unknown = "unknown"

// Current returns the provenance of this build and process.
func Current() result.Provenance {
	p := result.Provenance{Module: "github.com/modcomp/modcomp", Version: "(devel)", Revision: Unknown,
		GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		Kernel: kernel.Path(), KernelContract: kernel.Contract}
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
			p.Revision = s.Value
		case "vcs.modified":
			p.Modified = s.Value == "true"
		case "GOAMD64":
			p.GOAMD64 = s.Value
		case "GOEXPERIMENT":
			p.GOEXPERIMENT = s.Value
		}
	}
	return p
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
