// Package sysmem reads how much memory this process may use: the machine's
// physical memory, or its control group's limit when that is lower.
package sysmem

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// Fallback is the limit assumed where neither /proc/meminfo nor a control
// group says anything (not Linux).
const Fallback = 8 << 30

// Limit returns the bytes of memory available to the process and where the
// number comes from.
func Limit() (bytes uint64, source string) {
	bytes, source = Fallback, "assumed (no /proc/meminfo)"
	if total, ok := memTotal("/proc/meminfo"); ok {
		bytes, source = total, "physical memory"
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if lim, ok := cgroupLimit(f); ok && lim < bytes {
			bytes, source = lim, "control group limit"
		}
	}
	return bytes, source
}

func memTotal(path string) (uint64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseUint(fields[1], 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

func cgroupLimit(path string) (uint64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	return v, err == nil && v > 0
}
