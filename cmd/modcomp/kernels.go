package main

import (
	"os"

	"github.com/modcomp/modcomp/cases/sweep"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/provenance"
)

// kernelEnv names the environment variable that chooses the kernel path of
// every command, as it does for the suite's tests (go test ./cases): a
// researcher can train on the plain Go path and compare the bits.
const kernelEnv = "MODCOMP_KERNEL"

// chosenKernels returns the kernel path MODCOMP_KERNEL names, or the zero
// Kernels (the fastest path of this build and CPU) when it is unset or
// empty. A path this build or CPU lacks is a usage error, never a silent
// fallback; Main checks it before any command runs.
func chosenKernels() (kernel.Kernels, error) {
	name := os.Getenv(kernelEnv)
	if name == "" {
		return kernel.Kernels{}, nil
	}
	k, err := kernel.Select(name)
	if err != nil {
		return kernel.Kernels{}, usagef("%s: %v", kernelEnv, err)
	}
	return k, nil
}

// kernels returns the kernel path the commands train on (see chosenKernels;
// Main has refused a bad name before a command runs).
func kernels() kernel.Kernels {
	k, _ := chosenKernels()
	return k
}

// currentProvenance is this build's provenance with the kernel path the
// command trains on.
func currentProvenance() result.Provenance {
	p := provenance.Current()
	p.Kernel = kernels().Name()
	return p
}

// buildIdentity is the identity of this build that results must carry to be
// rendered or added to without -force (sweep.CheckIdentity).
func buildIdentity() sweep.Identity {
	return sweep.Identity{Revision: provenance.Revision(), KernelContract: currentProvenance().KernelContract}
}
