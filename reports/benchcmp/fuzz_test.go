package benchcmp

import (
	"bytes"
	"testing"
)

// FuzzRead feeds arbitrary benchmark files to the reader and the comparison:
// they must return results or an error, never panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte(bench("BenchmarkStep", 100, 101, 99)))
	f.Add([]byte("goos: linux\nBenchmarkX/a=1-2 10 5 ns/op 3 B/op 0 allocs/op 2.5 GFLOP/s\n"))
	f.Add([]byte("BenchmarkX-2 10 NaN ns/op\n"))
	f.Add([]byte("Benchmark\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		c, err := Compare(s, s, Options{})
		if err != nil {
			return
		}
		var out bytes.Buffer
		_ = Write(&out, c, 0)
	})
}
