// Package provenance says which build of modcomp produced a result.
package provenance

import "runtime/debug"

// Unknown is the revision of a build without version-control information
// (go run and go test builds, or -buildvcs=false).
const Unknown = "unknown"

// Revision returns the VCS revision the binary was built from, with "-dirty"
// appended when the working tree had uncommitted changes, or Unknown.
func Revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Unknown
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return Unknown
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
