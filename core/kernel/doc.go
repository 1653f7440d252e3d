// Package kernel holds the two matrix products that dominate a gradient-descent
// step of the modality-competition networks, in an exact, reproducible form.
//
//	XWt: z  = x · wᵀ   (n×d times (c×d)ᵀ → n×c), the encoder pre-activations
//	GtX: dw = gᵀ · x   ((n×c)ᵀ times n×d → c×d), the weight gradient
//
// XWtRowsPanels is XWt given also x's RowPanels (x transposed in panels of 32
// rows, packed once by PackRows for a trainer's many passes): it returns the
// same bits, computing a product narrower than one panel of wᵀ a sample per
// vector lane rather than a column per lane (see Kernels.UsesRowPanels), and a
// PanelBuffer of the caller's into which it packs wᵀ (nil: a shared pool's).
//
// All matrices are dense, row-major []float64. Every output element is the sum of
// its products accumulated with math.FMA in increasing index order of the
// reduction, starting from +0. The reference functions RefXWt and RefGtX state
// that contract in the plainest code; the fast paths tile and parallelise over
// outputs only, never over the reduction, so they return the same bits as the
// reference for any shape and any number of goroutines.
//
// Beside them, the step's element-wise work, under the same rule: every path
// returns the bits of a plain reference, because it performs the same
// correctly rounded operations in the same order, a vector lane per element.
//
//	CubicValueSlope: σ and σ' of the smoothed ReLU with q = 3 (RefCubicValueSlope)
//	AdamUpdate:      one Adam update of a span of weights (RefAdamUpdate)
//	DescentUpdate:   one gradient-descent update, w − η·g (RefDescentUpdate)
//	ScaleByClass:    G = Δ Sᵀ ⊙ σ'(Z), each neuron's entries times its class's Δ (RefScaleByClass)
//	Exp:             exactmath.Exp of a span (exactmath.Exp itself is the reference)
//
// # Paths
//
// An implementation of the kernels is a path (Paths, Select): a name and a
// table of function values, one per operation, that a build-tagged file
// registers from its init function when the build and CPU have what it
// needs — tile_amd64.go the amd64 assembly paths, tile_arm64.go arm64's
// neon, dispatch_simd.go the archsimd ones; the generic path is always there.
// A nil entry runs the generic code (neon has the two products, the descent
// update and the smoothed ReLU). A new
// platform is a new file that registers a path; no operation switches on
// path names.
//
// # Rounding: float64() around a product
//
// Go's compiler may fuse x*y + z into one fused multiply-add, which rounds once
// instead of twice, wherever the target has the instruction (arm64 always,
// amd64 at GOAMD64=v3 and above); the language spec allows it unless the
// product is explicitly converted. Across modcomp an expression whose product
// must round on its own is written z + float64(x*y) — for example
// w − float64(η*g) in RefDescentUpdate — and a fused operation that is meant is
// written math.FMA(x, y, z). The conversion is not redundant: a linter or a
// reader that drops it changes the bits on those targets. Code outside this
// package marks such a conversion with a comment that points here ("float64():
// no fused multiply-add").
package kernel
