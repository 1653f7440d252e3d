// Package grids holds the sweep grids that the commands and the README name
// (cases/grids/*.json), embedded in every binary built from this repository,
// so that `modcomp phase` and `modcomp sweep -grid cases/grids/NAME.json` find
// them wherever the binary runs: in another directory, or in the container
// image, which holds the binary alone.
package grids

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed *.json
var files embed.FS

// Dir is the grids' directory in the repository, as the commands name it.
const Dir = "cases/grids"

// Read returns the embedded grid that name, a slash-separated path, names
// inside Dir ("cases/grids/mu-sweep.json"), and whether there is one.
func Read(name string) ([]byte, bool) {
	rest, ok := strings.CutPrefix(path.Clean(name), Dir+"/")
	if !ok || !fs.ValidPath(rest) || strings.Contains(rest, "/") {
		return nil, false
	}
	data, err := files.ReadFile(rest)
	return data, err == nil
}

// Names returns the embedded grids' file names, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".") // the embedded root always reads
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}
