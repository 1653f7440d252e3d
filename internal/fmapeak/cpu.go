package fmapeak

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// CPU returns the processor's model name as the operating system reports it
// ("model name" in /proc/cpuinfo on Linux), or "unknown CPU": reports name the
// CPU beside every peak they quote.
func CPU() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	if name := modelName(io.LimitReader(f, 1<<20)); name != "" {
		return name
	}
	return "unknown CPU"
}

// modelName returns the first "model name" (x86) or "Model" (arm64) value of a
// /proc/cpuinfo text, or "".
func modelName(r io.Reader) string {
	s := bufio.NewScanner(r)
	for s.Scan() {
		key, value, ok := strings.Cut(s.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "model name", "Model":
			if v := strings.TrimSpace(value); v != "" {
				return v
			}
		}
	}
	return ""
}
