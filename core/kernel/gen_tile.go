//go:build ignore

// gen_tile writes tile_amd64.s and tile_decl_amd64.go: the assembly register
// tiles of the "avx512asm" path (1 to 12 rows × 16 columns, ZMM registers) and
// of the "avx2asm" path (1 to 6 rows × 8 columns, YMM registers); and
// tile_arm64.s and tile_decl_arm64.go, the same 1 to 6 rows × 8 columns for
// arm64's "neon" path (four 2-lane vectors a row). Run it with
// go generate ./core/kernel.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
)

// check makes gen_tile compare what it would write with the files instead of
// writing them (TestTilesAreGenerated).
var check = flag.Bool("check", false, "report, and exit 1, if a generated file differs from what gen_tile writes")

// write writes data to name, or with -check compares them.
func write(name string, data []byte) {
	if *check {
		old, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(old, data) {
			fmt.Fprintf(os.Stderr, "gen_tile: %s is not what gen_tile.go generates; run go generate ./core/kernel\n", name)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		panic(err)
	}
}

// family describes one set of tiles.
type family struct {
	name   string   // function name prefix
	table  string   // name of the table of tiles by height
	zero   string   // instruction that zeroes an accumulator
	rows   int      // largest tile height
	cols   int      // tile width in float64 lanes
	nvec   int      // vectors per row: 1, 2 or 4
	vec    int      // bytes per vector
	acc    []string // accumulators, nvec per row
	b      []string // the nvec vectors of b
	bcast  []string // rotating broadcast registers
	masked bool     // AVX-512 lane masks m0, m1 in K1, K2
	// update: after storing the tile, take η times it from w, which has
	// out's shape (w[r*ldo+v] ← w[r*ldo+v] − η·out[r*ldo+v], the product
	// rounded, then the difference): gradient descent's update fused into
	// the backward product's last block. eta and scratch are the registers
	// of η and of a row of w.
	update       bool
	eta, scratch string
	comment      []string
}

func regs(prefix string, nums ...int) []string {
	var out []string
	for _, n := range nums {
		out = append(out, fmt.Sprintf("%s%d", prefix, n))
	}
	return out
}

func span(lo, hi int, skip ...int) []int {
	var out []int
next:
	for i := lo; i <= hi; i++ {
		for _, s := range skip {
			if i == s {
				continue next
			}
		}
		out = append(out, i)
	}
	return out
}

// tile16 and tileN8 are the AVX-512 tiles of the products; updating makes
// from each the same tiles with gradient descent's update of w after them.
var tile16 = family{
	name: "tile", table: "tiles16", zero: "VPXORQ", rows: 12, cols: 16, nvec: 2, vec: 64, masked: true,
	acc: regs("Z", span(0, 24, 15)...), b: regs("Z", 25, 26), bcast: regs("Z", 27, 28, 29, 30),
	comment: []string{
		"tileRx16 (R = 1..12, AVX-512F) computes an R×16 block of outputs in registers:",
		"",
		"	out[r*ldo+v] = acc + Σ_{κ<k} a[r*aRow+κ*aStep] · b[κ*bStep+v],  r < R, v < 16,",
		"",
		"one VFMADD231PD per κ in increasing κ, so that each lane is the exact FMA",
		"chain of the reference. acc is +0, or out itself when load ≠ 0 (continuing a",
		"chain). Lanes v < 8 are active where bit v of m0 is set, lanes v ≥ 8 where",
		"bit v−8 of m1 is; inactive lanes of b and out are neither read nor written.",
		"Strides are in float64 elements. Accumulators: Z0–Z14, Z16–Z24 (Z15 is left",
		"alone); b in Z25–Z26; broadcasts of a rotate through Z27–Z30.",
	},
}

var tileN8 = family{
	name: "tileN", table: "tilesN8", zero: "VPXORQ", rows: 12, cols: 8, nvec: 1, vec: 64, masked: true,
	acc: regs("Z", span(0, 11)...), b: regs("Z", 12), bcast: regs("Z", 13, 14, 15, 16),
	comment: []string{
		"tileNRx8 (R = 1..12, AVX-512F) is the narrow form of tileRx16: one ZMM",
		"register per row, for a last panel or strip of at most 8 columns, with the",
		"same arguments (m1 is ignored). Accumulators: Z0–Z11; b in Z12; broadcasts",
		"rotate through Z13–Z16.",
	},
}

// updating returns f's tiles with gradient descent's update of w after the
// store (see family.update), named name in the table table; η is broadcast in
// Z31 and a row of w passes through scratch.
func updating(f family, name, table, scratch string, comment ...string) family {
	f.name, f.table, f.comment = name, table, comment
	f.update, f.eta, f.scratch = true, "Z31", scratch
	return f
}

var families = []family{
	tile16,
	tileN8,
	updating(tile16, "tileU", "tilesU16", "Z25",
		"tileURx16 (R = 1..12, AVX-512F) is tileRx16 followed by gradient descent's",
		"update of the same block of w, which has out's row stride:",
		"",
		"	w[r*ldo+v] ← w[r*ldo+v] − η·out[r*ldo+v],",
		"",
		"the product rounded (VMULPD), then the difference (VSUBPD): DescentUpdate's",
		"bits, on the active lanes only. η is broadcast in Z31; a row of w passes",
		"through Z25.",
	),
	updating(tileN8, "tileNU", "tilesNU8", "Z12",
		"tileNURx8 (R = 1..12, AVX-512F) is tileNRx8 followed by the same update of w.",
	),
	{
		name: "tileW", table: "tilesW32", zero: "VPXORQ", rows: 6, cols: 32, nvec: 4, vec: 64,
		acc: regs("Z", span(0, 24, 15)...), b: regs("Z", 25, 26, 27, 28), bcast: regs("Z", 29, 30, 31),
		comment: []string{
			"tileWRx32 (R = 1..6, AVX-512F) is the wide form: four ZMM registers per",
			"row, 32 columns, no lane masks (all 32 columns of b are read and of out",
			"written). With b a panel of x transposed it computes a few columns of",
			"z = x·wᵀ for 32 rows of x at once (see xwtRowsAsmPanels). Accumulators:",
			"Z0–Z14, Z16–Z24; b in Z25–Z28; broadcasts rotate through Z29–Z31.",
		},
	},
	{
		name: "tileY", table: "tiles8", zero: "VXORPD", rows: 6, cols: 8, nvec: 2, vec: 32,
		acc: regs("Y", span(0, 11)...), b: regs("Y", 12, 13), bcast: regs("Y", 14),
		comment: []string{
			"tileYRx8 (R = 1..6, AVX2 and FMA) computes an R×8 block the same way,",
			"with no lane masks: all 8 columns of b are read and of out written.",
			"Accumulators: Y0–Y11; b in Y12–Y13; broadcasts in Y14 (Y15 is left alone).",
		},
	},
}

// neonTile is arm64's tile: the avx2asm tile's shape and arguments (tiles8
// on arm64), four 128-bit vectors a row, one FMLA a vector and reduction step.
var neonTile = family{
	name: "tileV", table: "tiles8", rows: 6, cols: 8, nvec: 4, vec: 16,
	acc: regs("V", span(0, 23)...), b: regs("V", 24, 25, 26, 27), bcast: regs("V", 28, 29, 30, 31),
	comment: []string{
		"tileVRx8 (R = 1..6, ASIMD) computes an R×8 block of outputs in registers:",
		"",
		"	out[r*ldo+v] = acc + Σ_{κ<k} a[r*aRow+κ*aStep] · b[κ*bStep+v],  r < R, v < 8,",
		"",
		"one FMLA (fused, one rounding per lane) per vector and κ in increasing κ,",
		"so that each lane is the exact FMA chain of the reference. acc is +0, or",
		"out itself when load ≠ 0. All 8 columns of b are read and of out written.",
		"Strides are in float64 elements. Accumulators: V0–V23, four a row; b in",
		"V24–V27; broadcasts of a (LD1R) rotate through V28–V31.",
	},
}

func (f family) fn(rows int) string { return fmt.Sprintf("%s%dx%d", f.name, rows, f.cols) }

func (f family) args() (sig string, frame int) {
	if f.update {
		return "(out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load, m0, m1 int, w *float64, eta float64)", 104
	}
	if f.masked {
		return "(out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load, m0, m1 int)", 88
	}
	return "(out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load int)", 72
}

func main() {
	flag.Parse()
	var s bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	p("// Code generated by gen_tile.go; DO NOT EDIT.")
	p("")
	p("//go:build amd64")
	for _, f := range families {
		p("")
		comment(&s, f)
	}
	p("")
	p(`#include "textflag.h"`)
	bases := []string{"SI", "R10", "R11", "R12"}
	for _, f := range families {
		sig, frame := f.args()
		load, store := "VMOVUPD", "VMOVUPD"
		for rows := 1; rows <= f.rows; rows++ {
			p("")
			p("// func %s%s", f.fn(rows), sig)
			p("TEXT ·%s(SB), NOSPLIT, $0-%d", f.fn(rows), frame)
			p("\tMOVQ out+0(FP), DI")
			p("\tMOVQ ldo+8(FP), R8")
			p("\tSHLQ $3, R8")
			p("\tMOVQ a+16(FP), SI")
			p("\tMOVQ aStep+24(FP), R9")
			p("\tSHLQ $3, R9")
			p("\tMOVQ aRow+32(FP), DX")
			p("\tSHLQ $3, DX")
			p("\tMOVQ b+40(FP), BX")
			p("\tMOVQ bStep+48(FP), R13")
			p("\tSHLQ $3, R13")
			p("\tMOVQ k+56(FP), CX")
			lo, hi := "", ""
			if f.masked {
				p("\tMOVQ m0+72(FP), AX")
				p("\tKMOVW AX, K1")
				if f.nvec == 2 {
					p("\tMOVQ m1+80(FP), AX")
					p("\tKMOVW AX, K2")
				}
				lo, hi = ", K1", ", K2"
			}
			groups := (rows + 2) / 3
			for g := 1; g < groups; g++ {
				p("\tLEAQ (%s)(DX*2), %s", bases[g-1], bases[g])
				p("\tADDQ DX, %s", bases[g])
			}
			p("\tMOVQ load+64(FP), AX")
			p("\tTESTQ AX, AX")
			p("\tJNZ loadacc")
			for r := 0; r < rows; r++ {
				for v := 0; v < f.nvec; v++ {
					z := f.acc[f.nvec*r+v]
					p("\t%s %s, %s, %s", f.zero, z, z, z)
				}
			}
			p("\tJMP loop")
			p("loadacc:")
			p("\tMOVQ DI, AX")
			zload := load
			if f.masked {
				zload += ".Z"
			}
			for r := 0; r < rows; r++ {
				p("\t%s (AX)%s, %s", zload, lo, f.acc[f.nvec*r])
				for v := 1; v < f.nvec; v++ {
					p("\t%s %d(AX)%s, %s", zload, v*f.vec, hi, f.acc[f.nvec*r+v])
				}
				if r < rows-1 {
					p("\tADDQ R8, AX")
				}
			}
			p("loop:")
			p("\tTESTQ CX, CX")
			p("\tJLE done")
			p("\t%s (BX)%s, %s", zload, lo, f.b[0])
			for v := 1; v < f.nvec; v++ {
				p("\t%s %d(BX)%s, %s", zload, v*f.vec, hi, f.b[v])
			}
			for r := 0; r < rows; r++ {
				t := f.bcast[r%len(f.bcast)]
				addr := fmt.Sprintf("(%s)", bases[r/3])
				if r%3 > 0 {
					addr += fmt.Sprintf("(DX*%d)", r%3)
				}
				p("\tVBROADCASTSD %s, %s", addr, t)
				for v := 0; v < f.nvec; v++ {
					p("\tVFMADD231PD %s, %s, %s", f.b[v], t, f.acc[f.nvec*r+v])
				}
			}
			for g := 0; g < groups; g++ {
				p("\tADDQ R9, %s", bases[g])
			}
			p("\tADDQ R13, BX")
			p("\tDECQ CX")
			p("\tJMP loop")
			p("done:")
			p("\tMOVQ DI, AX")
			for r := 0; r < rows; r++ {
				p("\t%s %s%s, (AX)", store, f.acc[f.nvec*r], lo)
				for v := 1; v < f.nvec; v++ {
					p("\t%s %s%s, %d(AX)", store, f.acc[f.nvec*r+v], hi, v*f.vec)
				}
				if r < rows-1 {
					p("\tADDQ R8, AX")
				}
			}
			if f.update {
				p("\tMOVQ w+88(FP), AX")
				p("\tVBROADCASTSD eta+96(FP), %s", f.eta)
				for r := 0; r < rows; r++ {
					for v := 0; v < f.nvec; v++ {
						mask, off := lo, ""
						if v > 0 {
							mask, off = hi, fmt.Sprint(v*f.vec)
						}
						z := f.acc[f.nvec*r+v]
						p("\tVMULPD %s, %s, %s", z, f.eta, z)
						p("\t%s %s(AX)%s, %s", zload, off, mask, f.scratch)
						p("\tVSUBPD %s, %s, %s", z, f.scratch, f.scratch)
						p("\t%s %s%s, %s(AX)", store, f.scratch, mask, off)
					}
					if r < rows-1 {
						p("\tADDQ R8, AX")
					}
				}
			}
			p("\tVZEROUPPER")
			p("\tRET")
		}
	}
	write("tile_amd64.s", s.Bytes())

	write("tile_decl_amd64.go", decls("amd64", families))
	arm64(neonTile)
}

// arm64 writes tile_arm64.s and tile_decl_arm64.go with f's tiles.
func arm64(f family) {
	var s bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	p("// Code generated by gen_tile.go; DO NOT EDIT.")
	p("")
	p("//go:build arm64")
	p("")
	comment(&s, f)
	p("")
	p(`#include "textflag.h"`)
	sig, frame := f.args()
	// vecs names row r's accumulators as one register list.
	vecs := func(regs []string) string {
		var out []string
		for _, r := range regs {
			out = append(out, r+".D2")
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	for rows := 1; rows <= f.rows; rows++ {
		p("")
		p("// func %s%s", f.fn(rows), sig)
		p("TEXT ·%s(SB), NOSPLIT, $0-%d", f.fn(rows), frame)
		p("\tMOVD out+0(FP), R0")
		p("\tMOVD ldo+8(FP), R1")
		p("\tLSL $3, R1, R1")
		p("\tMOVD a+16(FP), R2")
		p("\tMOVD aStep+24(FP), R3")
		p("\tLSL $3, R3, R3")
		p("\tMOVD aRow+32(FP), R4")
		p("\tLSL $3, R4, R4")
		p("\tMOVD b+40(FP), R5")
		p("\tMOVD bStep+48(FP), R6")
		p("\tLSL $3, R6, R6")
		p("\tMOVD k+56(FP), R7")
		p("\tMOVD load+64(FP), R8")
		p("\tCBNZ R8, loadacc")
		for _, z := range f.acc[:rows*f.nvec] {
			p("\tVEOR %s.B16, %s.B16, %s.B16", z, z, z)
		}
		p("\tB loop")
		p("loadacc:")
		// eachRow writes format with each row's accumulators, R9 walking out.
		eachRow := func(format string) {
			p("\tMOVD R0, R9")
			for r := 0; r < rows; r++ {
				p(format, vecs(f.acc[r*f.nvec:(r+1)*f.nvec]))
				if r < rows-1 {
					p("\tADD R1, R9, R9")
				}
			}
		}
		eachRow("\tVLD1 (R9), %s")
		p("loop:")
		p("\tCBZ R7, done")
		p("\tVLD1 (R5), %s", vecs(f.b))
		p("\tMOVD R2, R9")
		for r := 0; r < rows; r++ {
			t := f.bcast[r%len(f.bcast)]
			p("\tVLD1R (R9), [%s.D2]", t)
			for v := 0; v < f.nvec; v++ {
				p("\tVFMLA %s.D2, %s.D2, %s.D2", f.b[v], t, f.acc[f.nvec*r+v])
			}
			if r < rows-1 {
				p("\tADD R4, R9, R9")
			}
		}
		p("\tADD R3, R2, R2")
		p("\tADD R6, R5, R5")
		p("\tSUB $1, R7, R7")
		p("\tB loop")
		p("done:")
		eachRow("\tVST1 %s, (R9)")
		p("\tRET")
	}
	write("tile_arm64.s", s.Bytes())

	write("tile_decl_arm64.go", decls("arm64", []family{f}))
}

// comment writes f's comment as assembly comment lines.
func comment(s *bytes.Buffer, f family) {
	for _, line := range f.comment {
		switch {
		case line == "":
			fmt.Fprintln(s, "//")
		case strings.HasPrefix(line, "\t"):
			fmt.Fprintf(s, "//%s\n", line)
		default:
			fmt.Fprintf(s, "// %s\n", line)
		}
	}
}

// decls returns the Go declarations of the families' tiles for arch and
// their tables by height.
func decls(arch string, fams []family) []byte {
	var g bytes.Buffer
	q := func(format string, args ...any) { fmt.Fprintf(&g, format+"\n", args...) }
	q("// Code generated by gen_tile.go; DO NOT EDIT.")
	q("")
	q("//go:build %s", arch)
	q("")
	q("package kernel")
	for _, f := range fams {
		sig, _ := f.args()
		for rows := 1; rows <= f.rows; rows++ {
			q("")
			q("// %s computes a %d×%d register tile; see tile_%s.s.", f.fn(rows), rows, f.cols, arch)
			q("//")
			q("//go:noescape")
			q("func %s%s", f.fn(rows), sig)
		}
		q("")
		q("// %s[R] is the R-row tile of width %d.", f.table, f.cols)
		q("var %s = [%d]func%s{", f.table, f.rows+1, sig)
		q("\tnil,")
		for rows := 1; rows <= f.rows; rows++ {
			q("\t%s,", f.fn(rows))
		}
		q("}")
		if f.table == "tiles8" {
			q("")
			q("// callTile8 calls the rows-row tile of tiles8 directly rather than through")
			q("// the table, so that a caller's buffer passed to it does not escape to the")
			q("// heap (the tiles are go:noescape).")
			q("func callTile8(rows int, out *float64, ldo int, a *float64, aStep, aRow int, b *float64, bStep, k, load int) {")
			q("\tswitch rows {")
			for rows := 1; rows <= f.rows; rows++ {
				q("\tcase %d:", rows)
				q("\t\t%s(out, ldo, a, aStep, aRow, b, bStep, k, load)", f.fn(rows))
			}
			q("\tdefault:")
			q("\t\tpanic(\"kernel: callTile8 needs 1 to %d rows\")", f.rows)
			q("\t}")
			q("}")
		}
	}
	return g.Bytes()
}
