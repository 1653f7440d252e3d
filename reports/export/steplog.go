package export

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/modcomp/modcomp/core/result"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/atomicfile"
)

// StepLog is run -log FILE: one CSV row per net and scheduled step. The
// file is created before training and moved into place only when the run
// finishes; an interrupted run leaves none.
//
// Columns: seed, net ("joint", "uni r"), step, loss, train_accuracy,
// test_accuracy; per modality r: branch_train_accuracy_r,
// branch_test_accuracy_r, branch_score_r (the joint net's (1/N) Σ_i
// softmax(F_r(x_i))_{y_i}); imbalance (the joint net's branch_score_0 /
// max_{r>0} branch_score_r, OGM-GE's ratio with two modalities); lambda_r_j for every modality r and class
// j. A uni-modal net fills its own modality's columns only.
type StepLog struct {
	f *atomicfile.File
	w *csv.Writer
	c param.Case
	// Seed is written in the rows that follow; set it before each seed's run.
	Seed uint64
	mu   sync.Mutex
	err  error
}

// NewStepLog creates the log of runs of case c at path (as a temporary file
// beside it until Finish).
func NewStepLog(path string, c param.Case) (*StepLog, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	l := &StepLog{f: f, w: csv.NewWriter(f), c: c}
	h := []string{"seed", "net", "step", "loss", "train_accuracy", "test_accuracy"}
	for r := 0; r < c.R; r++ {
		h = append(h, fmt.Sprintf("branch_train_accuracy_%d", r), fmt.Sprintf("branch_test_accuracy_%d", r), fmt.Sprintf("branch_score_%d", r))
	}
	h = append(h, "imbalance")
	for r := 0; r < c.R; r++ {
		for j := 0; j < c.K; j++ {
			h = append(h, fmt.Sprintf("lambda_%d_%d", r, j))
		}
	}
	l.err = l.w.Write(h)
	return l, nil
}

// Record writes one row; it is a train.Options.OnRecord.
func (l *StepLog) Record(rec train.Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.c
	mods := []int{}
	if rec.Net == "joint" {
		for r := 0; r < c.R; r++ {
			mods = append(mods, r)
		}
	} else {
		r, _ := strconv.Atoi(strings.TrimPrefix(rec.Net, "uni "))
		mods = append(mods, r)
	}
	row := []string{strconv.FormatUint(l.Seed, 10), rec.Net, strconv.Itoa(rec.Step), Num(rec.Loss),
		Num(rec.TrainAccuracy), Num(rec.TestAccuracy)}
	branch := make([][3]string, c.R)
	lambda := make([][]string, c.R)
	for e, r := range mods {
		branch[r][0], branch[r][1] = Num(rec.BranchTrainAccuracy[e]), Num(rec.BranchTestAccuracy[e])
		if e < len(rec.BranchScore) {
			branch[r][2] = Num(rec.BranchScore[e])
		}
		lambda[r] = make([]string, c.K)
		for j, v := range rec.Lambda[e] {
			lambda[r][j] = Num(v)
		}
	}
	for r := 0; r < c.R; r++ {
		row = append(row, branch[r][:]...)
	}
	imbalance := ""
	if len(rec.BranchScore) >= 2 {
		imbalance = Num(result.Imbalance(rec.BranchScore))
	}
	row = append(row, imbalance)
	for r := 0; r < c.R; r++ {
		if lambda[r] == nil {
			lambda[r] = make([]string, c.K)
		}
		row = append(row, lambda[r]...)
	}
	if l.err == nil {
		l.err = l.w.Write(row)
	}
}

// Abort drops an unfinished log; after Finish it does nothing.
func (l *StepLog) Abort() { l.f.Abort() }

// Finish moves the log into place.
func (l *StepLog) Finish() error {
	l.w.Flush()
	if l.err == nil {
		l.err = l.w.Error()
	}
	if l.err != nil {
		l.f.Abort()
		return l.err
	}
	return l.f.Commit()
}
