package npy

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
	"github.com/modcomp/modcomp/core/train"
	"github.com/modcomp/modcomp/internal/testutil"
)

func readNpy(t *testing.T, path string, ptr any) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, npyio.Read(f, ptr), path)
}

// TestArraysReadBackBitForBit writes one seed's inputs and reads every array
// back: the same bits as the data in memory.
func TestArraysReadBackBitForBit(t *testing.T) {
	c := param.Default()
	c.K, c.M, c.D, c.N, c.NTest = 4, 3, 30, 40, 50
	ctx := context.Background()
	dist, err := data.New(ctx, c, 7)
	require.NoError(t, err)
	tr, err := dist.Sample(ctx, c.N, 7, rng.Train)
	require.NoError(t, err)
	te, err := dist.Sample(ctx, c.NTest, 7, rng.Test)
	require.NoError(t, err)
	w0 := train.InitialWeights(c, 7)
	dir := t.TempDir()
	m, err := Write(context.Background(), dir, Inputs{Case: "paper", Seed: 7, Params: c, Train: tr, Test: te, Dict: dist.Dict, W0: w0,
		Schedule: train.Schedule(c.Steps, c.LambdaPoints)}, nil)
	require.NoError(t, err)
	require.Len(t, m.Files, 2*(2*c.R+1)+2*c.R)

	for _, set := range []struct {
		prefix string
		s      *data.Set
	}{{"train", tr}, {"test", te}} {
		for r := 0; r < c.R; r++ {
			var x mat.Dense
			readNpy(t, filepath.Join(dir, set.prefix+"_x_"+string(rune('0'+r))+".npy"), &x)
			rows, cols := x.Dims()
			require.Equal(t, []int{set.s.N, c.D}, []int{rows, cols})
			testutil.RequireSameBits(t, set.s.X[r], x.RawMatrix().Data, "%s", set.prefix+" x")
			var insuff []bool
			readNpy(t, filepath.Join(dir, set.prefix+"_insufficient_"+string(rune('0'+r))+".npy"), &insuff)
			require.Equal(t, set.s.Insufficient[r], insuff)
		}
		var y []int64
		readNpy(t, filepath.Join(dir, set.prefix+"_y.npy"), &y)
		for i, v := range set.s.Y {
			require.Equal(t, int64(v), y[i])
		}
	}
	for r := 0; r < c.R; r++ {
		var d, w mat.Dense
		readNpy(t, filepath.Join(dir, "dict_"+string(rune('0'+r))+".npy"), &d)
		testutil.RequireSameBits(t, dist.Dict[r].RawMatrix().Data, d.RawMatrix().Data, "%s", "dict")
		readNpy(t, filepath.Join(dir, "w0_"+string(rune('0'+r))+".npy"), &w)
		rows, _ := w.Dims()
		require.Equal(t, c.K*c.M, rows)
		testutil.RequireSameBits(t, w0[r], w.RawMatrix().Data, "%s", "w0")
	}
	var back Manifest
	js, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &back))
	require.Equal(t, uint64(7), back.Seed)
	require.Equal(t, c.D, back.Params.D)
}
