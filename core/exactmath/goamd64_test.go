package exactmath

import "runtime/debug"

// goamd64 returns the GOAMD64 level the test binary was built with ("" off
// amd64). (rng's tests read the build settings the same way; a shared helper
// in internal/testutil would import core/param, which imports this package.)
func goamd64() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, kv := range info.Settings {
		if kv.Key == "GOAMD64" {
			return kv.Value
		}
	}
	return ""
}
