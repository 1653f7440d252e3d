package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/provenance"
)

// KernelEnv names the environment variable that chooses the kernel path of
// every command, as it does for the suite's tests (go test ./cases): a
// researcher can train on the plain Go path and compare the bits.
const KernelEnv = "MODCOMP_KERNEL"

// ChosenKernels returns the kernel path MODCOMP_KERNEL names, or the zero
// Kernels (the fastest path of this build and CPU) when it is unset or
// empty. A path this build or CPU lacks is a usage error, never a silent
// fallback; Main checks it before any command runs.
func ChosenKernels() (kernel.Kernels, error) {
	name := os.Getenv(KernelEnv)
	if name == "" {
		return kernel.Kernels{}, nil
	}
	k, err := kernel.Select(name)
	if err != nil {
		return kernel.Kernels{}, Usagef("%s: %v", KernelEnv, err)
	}
	return k, nil
}

// Kernels returns the kernel path the commands train on (see ChosenKernels;
// Main has refused a bad name before a command runs).
func Kernels() kernel.Kernels {
	k, _ := ChosenKernels()
	return k
}

// Provenance is this build's provenance with the kernel path the
// command trains on.
func Provenance() result.Provenance {
	b := provenance.Current()
	return result.Provenance{Module: b.Module, Version: b.Version, Revision: b.Revision, Modified: b.Modified,
		RevisionFrom: b.RevisionFrom, GoVersion: b.GoVersion, GOOS: b.GOOS, GOARCH: b.GOARCH, GOAMD64: b.GOAMD64,
		GOEXPERIMENT: b.GOEXPERIMENT, Kernel: Kernels().Name(), KernelContract: kernel.Contract}
}

// BuildIdentity is the identity of this build that results must carry to be
// rendered or added to without -force (sweep.CheckIdentity).
func BuildIdentity() sweep.Identity {
	return sweep.Identity{Revision: provenance.Revision(), KernelContract: Provenance().KernelContract}
}

// WriteProvenance writes p as aligned "name: value" lines, saying where the
// revision was read and when it is unknown.
func WriteProvenance(w io.Writer, p result.Provenance) error {
	revision, modified := p.Revision, fmt.Sprint(p.Modified)
	switch p.RevisionFrom {
	case "":
		revision += " (no version-control stamp, and no checkout to read: results are combined with others only with -force)"
		modified = "unknown"
	case "checkout":
		revision += " (read from the checkout at start: a go run build carries no stamp)"
	case "test binary":
		modified = "unknown"
	}
	rows := [][2]string{{"module", p.Module + " " + p.Version}, {"revision", revision}, {"modified", modified},
		{"go", p.GoVersion}, {"platform", p.GOOS + "/" + p.GOARCH}, {"GOAMD64", p.GOAMD64}, {"GOEXPERIMENT", p.GOEXPERIMENT},
		{"kernel path", p.Kernel}, {"kernel contract", p.KernelContract}}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%-16s %s\n", r[0]+":", r[1]); err != nil {
			return err
		}
	}
	return nil
}
