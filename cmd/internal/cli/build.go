package cli

import (
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

// Kernels returns the kernel path the commands train on (see chosenKernels;
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
