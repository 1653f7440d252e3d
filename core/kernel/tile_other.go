//go:build !amd64

package kernel

// Without amd64's assembly no path registers but the generic one; the
// packing helpers that the generic code names have no tiles to serve.

func packFull16([]float64, []float64, int) int { return 0 }

func packPartial16([]float64, []float64, int, int) int { return 0 }
