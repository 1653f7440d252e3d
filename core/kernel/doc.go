// Package kernel holds the two matrix products that dominate a gradient-descent
// step of the modality-competition networks, in an exact, reproducible form.
//
//	XWt: z  = x · wᵀ   (n×d times (c×d)ᵀ → n×c), the encoder pre-activations
//	GtX: dw = gᵀ · x   ((n×c)ᵀ times n×d → c×d), the weight gradient
//
// All matrices are dense, row-major []float64. Every output element is the sum of
// its products accumulated with math.FMA in increasing index order of the
// reduction, starting from +0. The reference functions RefXWt and RefGtX state
// that contract in the plainest code; the fast paths tile and parallelise over
// outputs only, never over the reduction, so they return the same bits as the
// reference for any shape and any number of goroutines.
package kernel
