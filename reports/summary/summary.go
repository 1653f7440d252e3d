// Package summary renders a run document as the readable tables `modcomp run`
// prints: the errors of every net and probe, then, per class, which modality won.
package summary

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/atomicfile"
	"github.com/modcomp/modcomp/reports/table"
)

// Write renders doc to w, one pair of tables per seed.
func Write(w io.Writer, doc *result.Document, f table.Format) error {
	p := doc.Params
	if p.Source == "" {
		fmt.Fprintf(w, "case %s: R=%d k=%d m=%d d=%d N=%d q=%d ϱ=%g μ=%v σ0=%g η=%g T=%d\n",
			doc.Case, p.R, p.K, p.M, p.D, p.N, p.Q, p.Rho, p.Mu, p.Sigma0, p.Eta, p.Steps)
	} else {
		noise := ""
		if p.ViewNoise > 0 {
			noise = fmt.Sprintf(", view 1 under pixel noise σ=%g", p.ViewNoise)
		}
		fmt.Fprintf(w, "case %s: real data %s%s: R=%d k=%d m=%d d=%d N=%d N_test=%d q=%d ϱ=%g σ0=%g η=%g T=%d\n",
			doc.Case, p.Source, noise, p.R, p.K, p.M, p.D, p.N, p.NTest, p.Q, p.Rho, p.Sigma0, p.Eta, p.Steps)
	}
	if t := training(p); t != "" {
		fmt.Fprintf(w, "training: %s\n", t)
	}
	for _, run := range doc.Runs {
		fmt.Fprintf(w, "\nseed %d\n", run.Seed)
		if run.HeadMass != nil {
			parts := make([]string, len(run.HeadMass))
			for r, m := range run.HeadMass {
				parts[r] = fmt.Sprintf("%d %.3f", r, m)
			}
			fmt.Fprintf(w, "learned head's weight mass per modality: %s\n", strings.Join(parts, ", "))
		}
		if err := writeErrors(w, &run, f); err != nil {
			return err
		}
		if err := writeClasses(w, &run, f); err != nil {
			return err
		}
	}
	return nil
}

// training lists the case's departures from the model's training (method,
// activation, head, optimizer, minibatch, the dictionaries' QR, stopping
// rule); "" for the model's own.
func training(p param.Case) string {
	var parts []string
	if p.Method != "" {
		parts = append(parts, "method "+p.Method)
	}
	if p.ReLU() {
		parts = append(parts, "plain ReLU")
	}
	if p.LearnedHead() {
		init := p.HeadInit
		if init == "" {
			init = param.HeadInitOnes
		}
		parts = append(parts, fmt.Sprintf("learned head (init %s, step %g)", init, p.HeadStep()))
	}
	if p.Adam() {
		parts = append(parts, fmt.Sprintf("Adam (β1=%g β2=%g ε=%g)", p.Beta1, p.Beta2, p.Eps))
	}
	if p.Batch > 0 {
		parts = append(parts, fmt.Sprintf("minibatch %d", p.Batch))
	}
	if p.Dictionary == param.DictionaryHouseholder {
		parts = append(parts, "dictionaries by the Householder QR")
	}
	if p.ZeroErrorStop() {
		stop := "each net until zero training error"
		if p.UntilLoss > 0 {
			stop += fmt.Sprintf(" and loss < %g", p.UntilLoss)
		}
		parts = append(parts, stop+fmt.Sprintf(" (at most %d steps)", p.Steps))
	}
	return strings.Join(parts, ", ")
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// writeErrors renders the errors of every net, with a column per
// insufficiency pattern (a real dataset has none).
func writeErrors(w io.Writer, run *result.Run, f table.Format) error {
	var patterns []string
	for k := range run.Joint.TestErrorByPattern {
		patterns = append(patterns, k)
	}
	sort.Strings(patterns)
	header := []string{"net", "train err", "test err"}
	for _, k := range patterns {
		if k == "none" {
			header = append(header, "test err (all sufficient)")
		} else {
			header = append(header, "test err ("+k+" insufficient)")
		}
	}
	header = append(header, "final loss", "steps", "zero error at")
	row := func(name string, n result.Net, trained bool) []string {
		r := []string{name, pct(n.TrainError), pct(n.TestError)}
		for _, k := range patterns {
			v, ok := n.TestErrorByPattern[k]
			if !ok {
				r = append(r, "–")
				continue
			}
			r = append(r, pct(v))
		}
		if !trained {
			return append(r, "–", "–", "–")
		}
		zero := "–"
		if n.ZeroErrorStep >= 0 {
			zero = strconv.Itoa(n.ZeroErrorStep)
		}
		return append(r, strconv.FormatFloat(n.FinalLoss, 'g', 4, 64), strconv.Itoa(n.Steps), zero)
	}
	rows := [][]string{row("joint", run.Joint, true)}
	for _, u := range run.Uni {
		rows = append(rows, row(fmt.Sprintf("uni %d", u.Modality), u, true))
	}
	for _, p := range run.Probe {
		rows = append(rows, row(fmt.Sprintf("probe %d", p.Modality), p, false))
	}
	return table.Render(w, f, header, rows)
}

func writeClasses(w io.Writer, run *result.Run, f table.Format) error {
	final := run.Lambda.Final()
	R := len(final)
	header := []string{"class", "winner", "predicted", "learned by"}
	for r := 0; r < R; r++ {
		header = append(header, fmt.Sprintf("Λ%d(T)", r))
	}
	for r := 0; r < R; r++ {
		header = append(header, fmt.Sprintf("probe %d acc", r))
	}
	var rows [][]string
	for j := range run.Winner {
		winner := "none"
		if run.Winner[j] >= 0 {
			winner = strconv.Itoa(run.Winner[j])
		}
		var by []string
		for r := 0; r < R; r++ {
			if run.Learned[r][j] {
				by = append(by, strconv.Itoa(r))
			}
		}
		learned := strings.Join(by, "+")
		if learned == "" {
			learned = "–"
		}
		row := []string{strconv.Itoa(j), winner, strconv.Itoa(run.PredictedWinner[j]), learned}
		for r := 0; r < R; r++ {
			row = append(row, strconv.FormatFloat(final[r][j], 'g', 3, 64))
		}
		for r := 0; r < R; r++ {
			if e := run.Probe[r].TestErrorByClass[j]; e >= 0 {
				row = append(row, pct(1-e))
			} else {
				row = append(row, "–") // no test sample of class j
			}
		}
		rows = append(rows, row)
	}
	return table.Render(w, f, header, rows)
}

// WriteFiles writes run.json and summary.md of doc into dir, atomically.
func WriteFiles(dir string, doc *result.Document) error {
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "run.json"), append(js, '\n')); err != nil {
		return err
	}
	var md strings.Builder
	if err := Write(&md, doc, table.Markdown); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "summary.md"), []byte(md.String()))
}
