package exactmath

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"golang.org/x/sys/cpu"

	"github.com/modcomp/modcomp/internal/digestfile"
)

var update = flag.Bool("update", false, "rewrite testdata/bits.json from this build")

// function is one of the package's functions beside the math function whose
// bits it reproduces, and the arguments to try.
type function struct {
	name string
	own  func(x float64) float64
	std  func(x float64) float64
	args func(r *rand.Rand) float64
}

// uniform returns arguments uniform on [lo, hi].
func uniform(lo, hi float64) func(r *rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return lo + float64((hi-lo)*r.Float64()) } // float64(): no fused multiply-add
}

// anyBits returns arguments with uniformly random bits: every sign, every
// exponent (subnormals, infinities and NaNs included).
func anyBits(r *rand.Rand) float64 { return math.Float64frombits(r.Uint64()) }

var functions = []function{
	{"Exp", Exp, math.Exp, uniform(-760, 720)},
	{"Exp/small", Exp, math.Exp, uniform(-2, 2)},
	{"Exp/any", Exp, math.Exp, anyBits},
	{"Log", Log, math.Log, func(r *rand.Rand) float64 { return math.Float64frombits(r.Uint64() >> 1) }},
	{"Log/unit", Log, math.Log, uniform(0, 1)},
	{"Log/near1", Log, math.Log, uniform(0.7, 1.5)},
	{"Log/any", Log, math.Log, anyBits},
	{"Tanh", Tanh, math.Tanh, uniform(-50, 50)},
	{"Tanh/small", Tanh, math.Tanh, uniform(-0.7, 0.7)},
	{"Tanh/any", Tanh, math.Tanh, anyBits},
	{"Expm1", Expm1, math.Expm1, uniform(-45, 720)},
	{"Expm1/small", Expm1, math.Expm1, uniform(-1.2, 1.2)},
	{"Expm1/any", Expm1, math.Expm1, anyBits},
	{"Pow/frac", func(x float64) float64 { return Pow(x, 0.37) }, func(x float64) float64 { return math.Pow(x, 0.37) }, uniform(0, 1e4)},
	{"Pow/mixed", func(x float64) float64 { return Pow(1.7, x) }, func(x float64) float64 { return math.Pow(1.7, x) }, uniform(-1100, 1300)},
	{"Pow/any", func(x float64) float64 { return Pow(x, x) }, func(x float64) float64 { return math.Pow(x, x) }, anyBits},
}

// special holds arguments every function must get right: zeros, infinities,
// NaN, the edges of Exp's range and of its subnormal results.
var special = []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(),
	709.78, 709.7827128933840, 709.79, -707, -708.39, -745.13, -745.14, -746, -1000, -1e300, 1e-300, 5e-324,
	math.SmallestNonzeroFloat64, math.MaxFloat64, 0.625, -0.625, 44.01, 0.5 * math.Ln2, 1.5 * math.Ln2, 56 * math.Ln2,
	math.Sqrt2 / 2, 0.5, 2, 1e-20}

const perFunction = 200_000

// sameBits reports whether a and b are the same float64, any NaN matching any NaN.
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// TestEqualsMath compares every function with the math function it follows,
// on the build and CPU where that function has the reference's form: amd64
// with AVX and FMA (math.Exp's FMA form), built at GOAMD64=v1 (no fused
// multiply-adds in math's Go code).
func TestEqualsMath(t *testing.T) {
	if runtime.GOARCH != "amd64" || !cpu.X86.HasAVX || !cpu.X86.HasFMA {
		t.Skip("the math functions have the reference form only on amd64 with AVX and FMA; TestStoredBits covers this build")
	}
	if goamd64() != "v1" {
		t.Skipf("math's Go code may be fused at GOAMD64=%s; TestStoredBits covers this build", goamd64())
	}
	n := perFunction
	if testing.Short() {
		n /= 10
	}
	for _, f := range functions {
		t.Run(f.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			args := append([]float64(nil), special...)
			for range n {
				args = append(args, f.args(r))
			}
			bad := 0
			for _, x := range args {
				if got, want := f.own(x), f.std(x); !sameBits(got, want) {
					if bad++; bad <= 5 {
						t.Errorf("%s(%v [%#x]) = %v [%#x], math gives %v [%#x]", f.name, x, math.Float64bits(x),
							got, math.Float64bits(got), want, math.Float64bits(want))
					}
				}
			}
			if bad > 5 {
				t.Errorf("%d of %d arguments differ", bad, len(args))
			}
		})
	}
}

// digest hashes a function's results on its fixed arguments.
func digest(f function, n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	h := fnv.New64a()
	var b [8]byte
	put := func(x float64) {
		u := math.Float64bits(f.own(x))
		if math.IsNaN(math.Float64frombits(u)) {
			u = 0x7FF8000000000001 // one NaN: the tests do not pin NaN payloads
		}
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		h.Write(b[:])
	}
	for _, x := range special {
		put(x)
	}
	for range n {
		put(f.args(r))
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// TestStoredBits checks every function's results on fixed arguments against
// digests stored from an amd64 build, where TestEqualsMath ties them to the
// math functions: on any other architecture or GOAMD64 level it shows the
// same bits there.
func TestStoredBits(t *testing.T) {
	n := 20_000
	got := map[string]string{}
	for _, f := range functions {
		got[f.name] = digest(f, n)
	}
	digestfile.Check(t, "testdata/bits.json", got, *update)
}
