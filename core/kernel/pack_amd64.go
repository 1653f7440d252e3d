//go:build amd64

package kernel

import "golang.org/x/sys/cpu"

// pack16AVX512 copies columns [0, t8) of 16 rows of w (row stride d) into a
// width-16 panel, t8 a multiple of 8; see pack_amd64.s.
//
//go:noescape
func pack16AVX512(panel *float64, w *float64, d, t8 int)

// packFull16 packs the first d&^7 columns of a whole 16-row panel with the
// AVX-512 transpose on CPUs that have it and returns how many columns it
// packed (0 elsewhere); the caller copies the rest.
func packFull16(panel, rows []float64, d int) (done int) {
	if !cpu.X86.HasAVX512F || d < 8 {
		return 0
	}
	t8 := d &^ 7
	_, _ = panel[t8*16-1], rows[15*d+t8-1]
	pack16AVX512(&panel[0], &rows[0], d, t8)
	return t8
}
