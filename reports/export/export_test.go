package export

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/testutil"
)

func num(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return x
}

// TestCSVReadsBackAsTheJSON exports one run and reads every table back: each
// number equals the run's, bit for bit, and every number of the run is there.
func TestCSVReadsBackAsTheJSON(t *testing.T) {
	c := param.Default()
	c.K, c.M, c.D, c.N, c.NTest = 4, 3, 60, 80, 200
	c.Sigma0, c.Eta, c.Steps, c.LambdaPoints = 1e-2, 1, 60, 6
	run, err := train.Run(context.Background(), c, 3, train.Options{})
	require.NoError(t, err)
	var tabs Tables
	tabs.Add(Run{Case: "paper", Run: run})
	dir := t.TempDir()
	_, err = tabs.Write(dir)
	require.NoError(t, err)

	nets := map[string]result.Net{"joint": run.Joint}
	for m := range run.Uni {
		nets["uni "+strconv.Itoa(m)] = run.Uni[m]
		nets["probe "+strconv.Itoa(m)] = run.Probe[m]
	}
	header, rows := testutil.ReadCSV(t, filepath.Join(dir, "metrics.csv"))
	require.Equal(t, MetricsHeader, header)
	want := 0
	for name, n := range nets {
		want += 2 + len(n.TestErrorByPattern)
		if name[0] != 'p' {
			want += 3 // final_loss, steps, zero_error_step
		}
		for _, e := range n.TestErrorByClass {
			if e >= 0 {
				want++
			}
		}
	}
	require.Len(t, rows, want)
	for _, r := range rows {
		require.Equal(t, "paper", r["case"])
		require.Equal(t, "3", r["seed"])
		n := nets[r["net"]]
		var v float64
		switch r["metric"] {
		case "train_error":
			v = n.TrainError
		case "test_error":
			v = n.TestError
		case "final_loss":
			v = n.FinalLoss
		case "steps":
			v = float64(n.Steps)
		case "zero_error_step":
			v = float64(n.ZeroErrorStep)
		case "test_error_by_class":
			j, _ := strconv.Atoi(r["class"])
			v = n.TestErrorByClass[j]
		case "test_error_by_pattern":
			v = n.TestErrorByPattern[r["pattern"]]
		default:
			t.Fatalf("unknown metric %q", r["metric"])
		}
		require.Equal(t, v, num(t, r["value"]), "%v", r)
	}

	header, rows = testutil.ReadCSV(t, filepath.Join(dir, "lambda.csv"))
	require.Equal(t, LambdaHeader, header)
	require.Len(t, rows, 2*c.R*c.K*len(run.Lambda.Steps))
	for _, r := range rows {
		m, _ := strconv.Atoi(r["modality"])
		j, _ := strconv.Atoi(r["class"])
		step, _ := strconv.Atoi(r["step"])
		s := slices.Index(run.Lambda.Steps, step)
		require.GreaterOrEqual(t, s, 0)
		curve := run.Lambda.Joint
		if r["net"] != "joint" {
			curve = run.Lambda.Uni
		}
		require.Equal(t, curve[m][j][s], num(t, r["lambda"]))
	}

	header, rows = testutil.ReadCSV(t, filepath.Join(dir, "classes.csv"))
	require.Equal(t, ClassesHeader(c.R), header)
	require.Len(t, rows, c.K)
	for j, r := range rows {
		require.Equal(t, strconv.Itoa(run.Winner[j]), r["winner"])
		require.Equal(t, strconv.Itoa(run.PredictedWinner[j]), r["predicted_winner"])
		require.Equal(t, strconv.Itoa(run.PredictedWinnerFinite[j]), r["predicted_winner_finite"])
		for m := 0; m < c.R; m++ {
			sm := strconv.Itoa(m)
			require.Equal(t, strconv.FormatBool(run.Learned[m][j]), r["learned_"+sm])
			require.Equal(t, run.Lambda.Initial()[m][j], num(t, r["lambda_initial_"+sm]))
			require.Equal(t, run.Lambda.Final()[m][j], num(t, r["lambda_final_"+sm]))
			require.Equal(t, run.Gamma[m][j], num(t, r["gamma_"+sm]))
			require.Equal(t, run.GammaFinite[m][j], num(t, r["gamma_finite_"+sm]))
		}
	}
	_, err = os.Stat(filepath.Join(dir, "verdicts.csv"))
	require.True(t, os.IsNotExist(err), "a run has no verdicts table")
}

// TestVerdictsSayInconclusive: a verdict its interval cannot decide is
// exported as neither holding nor failing.
func TestVerdictsSayInconclusive(t *testing.T) {
	var tabs Tables
	tabs.AddOutcome(&result.Outcome{Case: "c", Size: "quick", Verdicts: []result.Verdict{
		{Claim: "M1", Holds: true, Statistic: 0.7, Lo: 0.6, Hi: 0.8, Tolerance: 0.5},
		{Claim: "M2", Inconclusive: true, Statistic: 0.5, Lo: 0.3, Hi: 0.7, Tolerance: 0.5},
	}})
	dir := t.TempDir()
	_, err := tabs.Write(dir)
	require.NoError(t, err)
	head, rows := testutil.ReadCSV(t, filepath.Join(dir, "verdicts.csv"))
	require.Equal(t, VerdictsHeader, head)
	require.Len(t, rows, 2)
	require.Equal(t, []string{"true", "false"}, []string{rows[0]["holds"], rows[0]["inconclusive"]})
	require.Equal(t, []string{"false", "true"}, []string{rows[1]["holds"], rows[1]["inconclusive"]})
}
