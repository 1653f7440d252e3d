package rng

import (
	"hash/fnv"
	"math"
	"runtime"
	"runtime/debug"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestNormalIsNormFloat64 draws from two copies of one stream, one by Normal,
// one by math/rand/v2's NormFloat64, on the build where NormFloat64 has the
// reference's form (amd64 with FMA, GOAMD64=v1): every draw and every number
// consumed must agree, the ziggurat's tail and wedges included.
func TestNormalIsNormFloat64(t *testing.T) {
	if runtime.GOARCH != "amd64" || !cpu.X86.HasAVX || !cpu.X86.HasFMA || buildSetting("GOAMD64") != "v1" {
		t.Skip("NormFloat64 has the reference form only on amd64 with FMA at GOAMD64=v1; TestNormalStoredBits covers this build")
	}
	n := 2_000_000
	if testing.Short() {
		n /= 10
	}
	own, std := New(1, "normal-test"), New(1, "normal-test")
	tails := 0
	for i := range n {
		got, want := Normal(own), std.NormFloat64()
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("draw %d: Normal %v, NormFloat64 %v", i, got, want)
		}
		if math.Abs(got) > normalR {
			tails++
		}
	}
	if tails == 0 {
		t.Fatal("no draw from the ziggurat's tail: the test does not cover it")
	}
	if own.Uint64() != std.Uint64() {
		t.Fatal("Normal and NormFloat64 consumed different numbers of the stream")
	}
}

// TestNormalStoredBits hashes 200 000 draws and compares them with the digest
// of an amd64 build, where TestNormalIsNormFloat64 ties them to NormFloat64:
// on any other architecture or GOAMD64 level it shows the same bits there.
func TestNormalStoredBits(t *testing.T) {
	r := New(7, "normal-digest")
	h := fnv.New64a()
	var b [8]byte
	for range 200_000 {
		u := math.Float64bits(Normal(r))
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		h.Write(b[:])
	}
	if got := h.Sum64(); got != normalDigest {
		t.Errorf("Normal on %s/%s: digest %#x, stored %#x", runtime.GOOS, runtime.GOARCH, got, uint64(normalDigest))
	}
}

// normalDigest is the FNV-1a digest of TestNormalStoredBits's draws on amd64.
const normalDigest = 0xe6244a35fc3de63c

// buildSetting returns a setting of the test binary's build ("" if absent).
func buildSetting(key string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, kv := range info.Settings {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}
