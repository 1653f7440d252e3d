package fmapeak

import (
	"strings"
	"testing"
	"time"
)

// TestLoopsRunAndMeasure runs every loop this CPU has for zero and a few
// rounds and measures each: a positive rate, and ForLanes finds it by width.
func TestLoopsRunAndMeasure(t *testing.T) {
	for _, l := range Loops() {
		l.Run(0)
		l.Run(3)
		if g := l.Measure(1, time.Millisecond); g <= 0 {
			t.Errorf("%s: Measure gave %v GFLOP/s", l, g)
		}
		if got, ok := ForLanes(l.Lanes); !ok || got.Name != l.Name {
			t.Errorf("ForLanes(%d) = %v, %v; want %s", l.Lanes, got, ok, l.Name)
		}
	}
	Clock(0)
	Clock(3)
	if (Loop{}).Measure(1, time.Millisecond) != 0 {
		t.Error("the zero Loop measures nothing")
	}
	if _, ok := ForLanes(3); ok {
		t.Error("no loop is 3 lanes wide")
	}
}

// TestModelName reads the model name of x86 and arm64 /proc/cpuinfo texts.
func TestModelName(t *testing.T) {
	for text, want := range map[string]string{
		"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7763 64-Core Processor\n": "AMD EPYC 7763 64-Core Processor",
		"processor\t: 0\nBogoMIPS\t: 50.00\nModel\t\t: Raspberry Pi 4 Model B\n":                     "Raspberry Pi 4 Model B",
		"processor\t: 0\n": "",
	} {
		if got := modelName(strings.NewReader(text)); got != want {
			t.Errorf("modelName(%q) = %q, want %q", text, got, want)
		}
	}
	if CPU() == "" {
		t.Error("CPU() is never empty")
	}
}
