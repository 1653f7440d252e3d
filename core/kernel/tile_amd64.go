//go:build amd64

package kernel

import "golang.org/x/sys/cpu"

//go:generate go run gen_tile.go

// asmPath names the path built from the assembly tiles of tile_amd64.s. It
// needs AVX-512F (checked with the operating system's support for the ZMM
// state), and it does not need GOEXPERIMENT=simd.
const asmPath = "avx512asm"

// The assembly tiles exist because Go 1.26's register allocator, given the same
// loop written with simd/archsimd, spills accumulators and reloads the loop
// counter from the stack, and its three-operand VFMADD213PD form adds a register
// copy per multiply-add: the archsimd AVX-512 tile cannot keep more than 8
// accumulators in 15 registers. The assembly uses 24 accumulators in 32 ZMM
// registers and the accumulating VFMADD231PD form, with the same per-lane FMA
// chain, so it returns the same bits.

func asmPaths() []string {
	if cpu.X86.HasAVX512F {
		return []string{asmPath}
	}
	return nil
}

// tileMasks returns the lane masks of a 16-column tile with cols valid columns.
func tileMasks(cols int) (m0, m1 int) {
	switch {
	case cols >= 16:
		return 0xff, 0xff
	case cols <= 8:
		return 1<<cols - 1, 0
	default:
		return 0xff, 1<<(cols-8) - 1
	}
}

func asmPanelWidth(path string) int {
	if path == asmPath {
		return 16
	}
	return 0
}

func asmXWtRows(path string, z, x, wt []float64, d, c, lo, hi int) bool {
	if path != asmPath {
		return false
	}
	xwtRowsAsm(z, x, wt, d, c, lo, hi)
	return true
}

// xwtRowsAsm computes rows [lo, hi) of z = x·wᵀ from wt, w packed by
// packPanels with width 16.
func xwtRowsAsm(z, x, wt []float64, d, c, lo, hi int) {
	if d == 0 || c == 0 || lo >= hi {
		xwtRowsGeneric(z, x, nil, d, c, lo, hi)
		return
	}
	const width = 16
	panels := (c + width - 1) / width
	// Bounds the tiles rely on, checked once here so that a bad call panics in
	// Go instead of reading or writing past a slice.
	_, _, _ = x[hi*d-1], z[hi*c-1], wt[panels*d*width-1]
	for i := lo; i < hi; i += 12 {
		rows := min(12, hi-i)
		tile := tiles[rows]
		for p := 0; p < panels; p++ {
			m0, m1 := tileMasks(c - p*width)
			tile(&z[i*c+p*width], c, &x[i*d], 1, d, &wt[p*d*width], width, d, 0, m0, m1)
		}
	}
}

func asmGtXRows(path string, dw, g, x []float64, n, c, d, lo, hi int) bool {
	if path != asmPath || n == 0 || d == 0 || lo >= hi {
		return false
	}
	_, _, _ = g[n*c-1], x[n*d-1], dw[hi*d-1]
	const width = 16
	for i0 := 0; i0 < n; i0 += gtxBlockRows {
		i1 := min(i0+gtxBlockRows, n)
		load := 0
		if i0 > 0 {
			load = 1 // continue each output's chain from the previous block
		}
		// A 16-column strip of the block's x stays in cache across the row tiles.
		for t := 0; t < d; t += width {
			m0, m1 := tileMasks(d - t)
			for j := lo; j < hi; j += 12 {
				rows := min(12, hi-j)
				tiles[rows](&dw[j*d+t], d, &g[i0*c+j], c, 1, &x[i0*d+t], d, i1-i0, load, m0, m1)
			}
		}
	}
	return true
}
