package plan

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"

	"github.com/modcomp/modcomp/cases"
	"github.com/modcomp/modcomp/core/kernel"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/internal/fmapeak"
	"github.com/modcomp/modcomp/internal/readlimit"
)

// CostsHeader is the header of a costs file (`modcomp suite -costs`): one row
// per task (a net of a run), in the order the tasks finished.
var CostsHeader = []string{"job", "case", "seed", "task", "net", "flops_planned", "flops_done", "seconds"}

// WriteCosts writes the tasks' measured costs as CSV, atomically.
func WriteCosts(path string, costs []cases.TaskCost) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(CostsHeader)
	for _, c := range costs {
		_ = w.Write([]string{strconv.Itoa(c.Job), c.Case, strconv.FormatUint(c.Seed, 10), strconv.Itoa(c.Task), c.Net,
			strconv.FormatFloat(c.Flops, 'g', -1, 64), strconv.FormatFloat(c.Done, 'g', -1, 64),
			strconv.FormatFloat(c.Seconds, 'g', -1, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// ReadCosts reads a costs file written by WriteCosts.
func ReadCosts(path string) ([]cases.TaskCost, error) {
	f, err := readlimit.Open(path, readlimit.Medium)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(readlimit.Reader(f, path, readlimit.Medium))
	r.FieldsPerRecord = len(CostsHeader)
	head, err := r.Read()
	if readlimit.IsTooLarge(err) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, h := range CostsHeader {
		if head[i] != h {
			return nil, fmt.Errorf("%s: column %d is %q, want %q: not a costs file of modcomp suite -costs", path, i+1, head[i], h)
		}
	}
	var out []cases.TaskCost
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var c cases.TaskCost
		var errs [6]error
		c.Job, errs[0] = strconv.Atoi(rec[0])
		c.Case = rec[1]
		c.Seed, errs[1] = strconv.ParseUint(rec[2], 10, 64)
		c.Task, errs[2] = strconv.Atoi(rec[3])
		c.Net = rec[4]
		c.Flops, errs[3] = strconv.ParseFloat(rec[5], 64)
		c.Done, errs[4] = strconv.ParseFloat(rec[6], 64)
		c.Seconds, errs[5] = strconv.ParseFloat(rec[7], 64)
		for i, e := range errs {
			if e != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %w", path, line, CostsHeader[[]int{0, 2, 3, 5, 6, 7}[i]], e)
			}
		}
		if c.Job < 0 || c.Task < 0 || c.Seconds < 0 || c.Done < 0 || c.Flops < 0 {
			return nil, fmt.Errorf("%s:%d: a negative index, cost or flop count", path, line)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no tasks", path)
	}
	return out, nil
}

// PeakWindow is how long -stats measures the FMA peak for.
const PeakWindow = 300 * time.Millisecond

// PrintStats prints the suite's kernel work, its wall time, the FMA peak
// measured now on as many goroutines as the queue had workers with the loop of
// the kernel path's width (fmapeak.ForLanes), and the ratio of the wall time to
// the bound work ÷ peak.
func PrintStats(w io.Writer, costs []cases.TaskCost, wall time.Duration, k kernel.Kernels) {
	var done, planned, busy float64
	for _, c := range costs {
		done += c.Done
		planned += c.Flops
		busy += c.Seconds
	}
	p := runtime.GOMAXPROCS(0)
	fmt.Fprintf(w, "suite: %d tasks, kernel work %.3g TFLOP (planned %.3g; the training steps' forward and backward products)\n",
		len(costs), done/1e12, planned/1e12)
	fmt.Fprintf(w, "suite: wall %.1f s on %d workers (tasks busy %.1f s in all: %.0f%% of the cores' time)\n",
		wall.Seconds(), p, busy, 100*busy/(float64(p)*wall.Seconds()))
	loop, ok := fmapeak.ForLanes(k.Lanes())
	if !ok {
		fmt.Fprintf(w, "suite: FMA peak not measured (no %d-lane FMA loop for this CPU and architecture): no bound\n", k.Lanes())
		return
	}
	peak := loop.Measure(p, PeakWindow)
	bound := done / (peak * 1e9)
	fmt.Fprintf(w, "suite: FMA peak %.1f GFLOP/s on %d goroutines (measured now: the %s loop of kernel path %s, on %s); bound %.1f s; wall/bound %.2f; %.0f%% of peak\n",
		peak, p, loop, k.Name(), fmapeak.CPU(), bound, wall.Seconds()/bound, 100*bound/wall.Seconds())
}
