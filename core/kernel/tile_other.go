//go:build !amd64

package kernel

func asmPaths() []string { return nil }

func asmPanelWidth(string) int { return 0 }

func asmXWtRows(string, []float64, []float64, []float64, int, int, int, int) bool { return false }

func asmRowPanels(string, int) bool { return false }

func asmXWtRowsPanels(string, []float64, []float64, []float64, int, int, int, int) bool { return false }

func asmGtXRows(string, []float64, []float64, []float64, int, int, int, int, int) bool {
	return false
}

func asmGtXRowsDescent(string, []float64, []float64, []float64, int, int, int, int, int, []float64, float64) bool {
	return false
}

func asmCubicValueSlope(string, []float64, []float64, *Cubic) bool { return false }

func asmAdamUpdate(string, []float64, []float64, []float64, []float64, *AdamStep) bool { return false }

func asmExp(string, []float64, []float64) bool { return false }

func packFull16([]float64, []float64, int) int { return 0 }

func packPartial16([]float64, []float64, int, int) int { return 0 }

func asmDescentUpdate(string, []float64, []float64, float64) bool { return false }

func asmScaleByClass(string, []float64, []float64, int, int, int, int, int) bool { return false }
