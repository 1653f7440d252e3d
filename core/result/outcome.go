package result

import (
	"encoding/json"
	"fmt"

	"github.com/modcomp/modcomp/core/param"
)

// ClaimID names a claim: C1–C7 of the theory, M1–M4 of the training methods.
type ClaimID string

// Verdict is the outcome of one claim on one case.
type Verdict struct {
	Claim ClaimID `json:"claim"`
	// Holds reports whether the rule was met. A claim decided by an
	// interval holds only when the interval lies on the claimed side of the
	// threshold; when it straddles the threshold the verdict is
	// Inconclusive (and Holds false).
	Holds        bool `json:"holds"`
	Inconclusive bool `json:"inconclusive,omitempty"`
	// Statistic is the measured quantity the rule compares with Tolerance.
	Statistic float64 `json:"statistic"`
	// Lo and Hi bound Statistic at 95% (Clopper–Pearson or Student's t).
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
	// Tolerance is the threshold of the rule.
	Tolerance float64 `json:"tolerance"`
	// Rule states the test, e.g. "statistic ≤ tolerance".
	Rule string `json:"rule"`
	// Explanation is one line a reader can check against the numbers.
	Explanation string `json:"explanation"`
}

// Mark is the verdict in a word: "holds", "fails" or "inconclusive".
func (v Verdict) Mark() string {
	switch {
	case v.Inconclusive:
		return "inconclusive"
	case v.Holds:
		return "holds"
	}
	return "fails"
}

// Outcome is a case's runs over its seeds, the verdict of every claim, and
// the verdicts that differ from what the case expects: what reports render.
type Outcome struct {
	// Case names the case; Size is "quick" or "full".
	Case string `json:"case"`
	Size string `json:"size"`
	// Params are the case's parameters.
	Params param.Case `json:"params"`
	Seeds  []uint64   `json:"seeds"`
	// WinProbability is the theory's p_r (nil when it cannot be computed).
	WinProbability []float64 `json:"win_probability"`
	Runs           []Run     `json:"runs"`
	// Claims lists the claims in the order tables show them, and Describe
	// states each in a few words.
	Claims   []ClaimID          `json:"claims"`
	Describe map[ClaimID]string `json:"describe"`
	Verdicts []Verdict          `json:"verdicts"`
	// Expect holds, per claim, the verdict the case expects (absent: none).
	Expect map[ClaimID]bool `json:"expect"`
	// Surprises are the verdicts that differ from Expect.
	Surprises []Surprise `json:"surprises"`
	// Theory names the model family of a case outside the paper's model
	// (cases.Theory; empty for the paper's), whose parameters are Setting
	// and whose per-seed measurements are Measured, in the family's own
	// JSON; Params and Runs are then empty.
	Theory   string          `json:"theory,omitempty"`
	Setting  json.RawMessage `json:"setting,omitempty"`
	Measured json.RawMessage `json:"measured,omitempty"`
}

// Surprise is a claim whose verdict differs from the case's expectation.
type Surprise struct {
	Claim ClaimID `json:"claim"`
	// Message states the expectation, the verdict and its explanation.
	Message string `json:"message"`
	// Known reports whether the case documents it as an exception; Why is
	// that documentation.
	Known bool   `json:"known"`
	Why   string `json:"why"`
}

// Verdict returns the verdict of claim id (a zero Verdict naming id when
// there is none).
func (o *Outcome) Verdict(id ClaimID) Verdict {
	for _, v := range o.Verdicts {
		if v.Claim == id {
			return v
		}
	}
	return Verdict{Claim: id}
}

// Provenance says which build produced a result. Bit-identity is promised
// for one Go release, one architecture, one GOAMD64 level and one kernel
// contract; these fields name them.
type Provenance struct {
	// Module is the module path, Version its version ("(devel)" for a build
	// from a checkout).
	Module  string `json:"module"`
	Version string `json:"version"`
	// Revision is the VCS revision ("unknown" without a version-control
	// stamp); Modified reports uncommitted changes.
	Revision string `json:"revision"`
	Modified bool   `json:"modified"`
	// RevisionFrom says where Revision was read: "build" (the binary's
	// version-control stamp), "checkout" (a go run build, which carries
	// no stamp: the checkout it was built and run in, read at start) or
	// "test binary"; empty when Revision is unknown.
	RevisionFrom string `json:"revision_from,omitempty"`
	// GoVersion, GOOS, GOARCH, GOAMD64 and GOEXPERIMENT describe the build.
	GoVersion    string `json:"go_version"`
	GOOS         string `json:"goos"`
	GOARCH       string `json:"goarch"`
	GOAMD64      string `json:"goamd64"`
	GOEXPERIMENT string `json:"goexperiment"`
	// Kernel is the kernel path in use; KernelContract its summation
	// contract (every path of one contract gives the same bits).
	Kernel         string `json:"kernel"`
	KernelContract string `json:"kernel_contract"`
}

// String is the provenance on one line.
func (p Provenance) String() string {
	rev := p.Revision
	if p.Modified {
		rev += " (modified)"
	}
	if p.RevisionFrom == "checkout" {
		rev += " (read from the checkout)"
	}
	exp := p.GOEXPERIMENT
	if exp == "" {
		exp = "none"
	}
	return fmt.Sprintf("%s %s, revision %s, %s %s/%s GOAMD64=%s GOEXPERIMENT=%s, kernels %s (contract %s)",
		p.Module, p.Version, rev, p.GoVersion, p.GOOS, p.GOARCH, p.GOAMD64, exp, p.Kernel, p.KernelContract)
}
