package kernel

import "slices"

// path is one implementation of the kernels: its name, its place among the
// paths, and its operations as function values. Each build-tagged file
// registers the paths its build and CPU have (register, from an init
// function), in the manner of gonum's internal/asm stubs: a new platform is
// a new file that registers a path, not a switch edited in every kernel. A
// nil operation is the generic one; the generic path sets none.
type path struct {
	// name is the path's name (Kernels.Name); rank orders Paths, the generic
	// path first and the fastest last.
	name string
	rank int
	// panelWidth is the width of the wᵀ panels that xwtPacked reads (w
	// packed by packPanels); 0 when the forward kernel reads w unpacked.
	panelWidth int
	// lanes is the float64 lanes of the path's FMA (Kernels.Lanes); 0 means
	// panelWidth/2, two vectors a panel as on amd64, or 1 without panels.
	lanes int
	// xwtPacked computes rows [lo, hi) of z = x·wᵀ from wt, w packed with
	// panelWidth.
	xwtPacked func(z, x, wt []float64, d, c, lo, hi int)
	// rowPanels reports whether the forward product of c columns reads row
	// panels (RowPanels); xwtRowPanels computes it from them.
	rowPanels    func(c int) bool
	xwtRowPanels func(z, xp, w []float64, d, c, lo, hi int)
	// gtx computes rows [lo, hi) of dw = gᵀ·x.
	gtx func(dw, g, x []float64, n, c, d, lo, hi int)
	// gtxDescent is gtx fused with gradient descent's update of the same
	// rows of w; it reports false when it declines the shape.
	gtxDescent func(dw, g, x []float64, n, c, d, lo, hi int, w []float64, eta float64) bool
	// The element-wise kernels, each called with a non-empty input.
	cubic        func(v, z []float64, c Cubic)
	adam         func(w, g, m, v []float64, a AdamStep)
	exp          func(dst, src []float64)
	descent      func(w, g []float64, eta float64)
	scaleByClass func(z, s []float64, n, cols, first, m, stride int)
}

// genericPath is Go with math.FMA, on every build.
var genericPath = &path{name: "generic"}

// registered holds the paths of this build and CPU in rank order; register
// adds to it during the package's initialisation only.
var registered = []*path{genericPath}

// register adds p to the paths of this build and CPU.
func register(p *path) {
	registered = append(registered, p)
	slices.SortStableFunc(registered, func(a, b *path) int { return a.rank - b.rank })
}

// fastest is the path a zero Kernels uses: the last registered.
func fastest() *path { return registered[len(registered)-1] }

// The ranks of the paths, the order of Paths.
const (
	rankGeneric = iota
	rankSIMDAVX2
	rankSIMDAVX512
	rankAsmAVX2
	rankAsmAVX512
	// rankNEON is arm64's only vector path (no amd64 path shares a build
	// with it, so the rank orders it after generic alone).
	rankNEON
)
