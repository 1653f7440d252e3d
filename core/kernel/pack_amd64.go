//go:build amd64

package kernel

import "golang.org/x/sys/cpu"

// pack16AVX512 copies columns [0, t8) of 1 ≤ rows ≤ 16 rows of w (row
// stride d) into a width-16 panel, zero past the rows, t8 a multiple of 8; see
// pack_amd64.s.
//
//go:noescape
func pack16AVX512(panel *float64, w *float64, d, t8, rows int)

// packFull16 packs the first d&^7 columns of a whole 16-row panel with the
// AVX-512 transpose on CPUs that have it and returns how many columns it
// packed (0 elsewhere); the caller copies the rest.
func packFull16(panel, rows []float64, d int) (done int) { return packPartial16(panel, rows, d, 16) }

// packPartial16 packs the first d&^7 columns of a 16-wide panel of the cols
// ≤ 16 rows of w in rows (cols·d values), zeros in the panel's other columns,
// with the AVX-512 transpose on CPUs that have it, and returns how many
// columns it packed (0 elsewhere); the caller writes the rest.
func packPartial16(panel, rows []float64, d, cols int) (done int) {
	if !cpu.X86.HasAVX512F || d < 8 || cols < 1 || cols > 16 {
		return 0
	}
	t8 := d &^ 7
	_, _ = panel[t8*16-1], rows[(cols-1)*d+t8-1]
	pack16AVX512(&panel[0], &rows[0], d, t8, cols)
	return t8
}
