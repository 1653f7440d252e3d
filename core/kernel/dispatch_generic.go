//go:build !(goexperiment.simd && amd64 && !go1.27)

package kernel

func simdPaths() []string { return nil }

func simdPanelWidth(string) int { return 0 }

func simdXWtRows(string, []float64, []float64, []float64, int, int, int, int) bool {
	return false
}

func simdGtXRows(string, []float64, []float64, []float64, int, int, int, int, int) bool {
	return false
}
