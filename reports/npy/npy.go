// Package npy writes the exact inputs of one run as NumPy .npy files with a
// JSON manifest, so that another implementation (NumPy, PyTorch, JAX) can
// train on bit-identical data and compare with modcomp step by step:
//
//	train_x_R.npy   float64 N×d       modality R's training inputs x_R (row i is sample i)
//	train_y.npy     int64 N           labels
//	train_insufficient_R.npy bool N   whether modality R is insufficient for sample i (not for a real dataset)
//	test_x_R.npy, test_y.npy, test_insufficient_R.npy   the same for the test set
//	dict_R.npy      float64 d×d       the dictionary M_R (column j is class j's feature), for the paper's distribution
//	features_R.npy  float64 k×d       a real dataset's class features of view R (row j is class j's: the unit class mean
//	                                  of the centred training view), instead of dict_R.npy
//	w0_R.npy        float64 k·m×d     the initial encoder W_R(0) (row j·m + l is neuron l of class j)
//	manifest.json   the case's parameters, the seed, the schedule of Λ, every file's shape and meaning,
//	                and the provenance of the build that wrote them
package npy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/result"
	"github.com/modcomp/modcomp/internal/fileset"
)

// Inputs are the exact inputs of one run.
type Inputs struct {
	Case        string
	Seed        uint64
	Params      param.Case
	Train, Test *data.Set
	// Dict holds the paper's dictionaries; a real dataset has none and
	// gives Features instead.
	Dict []*mat.Dense
	// Features[r] is view r's k×d class features, row j class j's (only
	// without Dict).
	Features [][]float64
	W0       [][]float64
	Schedule []int
}

// File describes one array of the manifest.
type File struct {
	Name  string `json:"name"`
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	What  string `json:"what"`
}

// Manifest is manifest.json.
type Manifest struct {
	Case       string             `json:"case"`
	Seed       uint64             `json:"seed"`
	Params     param.Case         `json:"params"`
	Schedule   []int              `json:"lambda_steps"`
	Files      []File             `json:"files"`
	Provenance *result.Provenance `json:"provenance,omitempty"`
}

// Write writes the inputs into dir (created if needed) as one set
// (internal/fileset): the arrays and manifest.json appear together, replacing
// an earlier seed's set whole, or not at all when ctx is cancelled or a write
// fails. A second writer into dir is refused while the first works.
func Write(ctx context.Context, dir string, in Inputs, prov *result.Provenance) (m *Manifest, err error) {
	set, err := fileset.Begin(dir)
	if err != nil {
		return nil, err
	}
	defer set.Abort()
	m = &Manifest{Case: in.Case, Seed: in.Seed, Params: in.Params, Schedule: in.Schedule, Provenance: prov}
	c := in.Params
	put := func(name, dtype, what string, shape []int, val any) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		m.Files = append(m.Files, File{Name: name, DType: dtype, Shape: shape, What: what})
		return set.Write(name, func(w io.Writer) error { return npyio.Write(w, val) })
	}
	sets := []struct {
		prefix string
		s      *data.Set
	}{{"train", in.Train}, {"test", in.Test}}
	for _, set := range sets {
		s := set.s
		for r := 0; r < c.R; r++ {
			if err := put(fmt.Sprintf("%s_x_%d.npy", set.prefix, r), "float64", fmt.Sprintf("modality %d's %s inputs, one sample a row", r, set.prefix),
				[]int{s.N, c.D}, mat.NewDense(s.N, c.D, s.X[r])); err != nil {
				return nil, err
			}
			if s.Insufficient == nil { // a real dataset: no insufficiency to write
				continue
			}
			if err := put(fmt.Sprintf("%s_insufficient_%d.npy", set.prefix, r), "bool", fmt.Sprintf("whether modality %d is insufficient for each %s sample", r, set.prefix),
				[]int{s.N}, s.Insufficient[r]); err != nil {
				return nil, err
			}
		}
		y := make([]int64, s.N)
		for i, v := range s.Y {
			y[i] = int64(v)
		}
		if err := put(set.prefix+"_y.npy", "int64", "the "+set.prefix+" labels", []int{s.N}, y); err != nil {
			return nil, err
		}
	}
	for r := 0; r < c.R; r++ {
		if in.Dict != nil {
			if err := put(fmt.Sprintf("dict_%d.npy", r), "float64", fmt.Sprintf("the dictionary M_%d; column j < k is class j's feature", r),
				[]int{c.D, c.D}, in.Dict[r]); err != nil {
				return nil, err
			}
		} else if err := put(fmt.Sprintf("features_%d.npy", r), "float64", fmt.Sprintf("view %d's class features; row j is class j's, the unit class mean of the centred training view", r),
			[]int{c.K, c.D}, mat.NewDense(c.K, c.D, in.Features[r])); err != nil {
			return nil, err
		}
		if err := put(fmt.Sprintf("w0_%d.npy", r), "float64", fmt.Sprintf("W_%d(0); row j·m + l is neuron l of class j", r),
			[]int{c.K * c.M, c.D}, mat.NewDense(c.K*c.M, c.D, in.W0[r])); err != nil {
			return nil, err
		}
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := set.Write("manifest.json", func(w io.Writer) error {
		_, err := w.Write(append(js, '\n'))
		return err
	}); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, err = set.Commit()
	return m, err
}
