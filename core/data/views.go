package data

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/modcomp/modcomp/core/rng"
)

// Views is a real dataset's source: R views of labelled samples (a
// training and a test set drawn when the source was opened), preprocessed
// as NewViews says, with class j's feature in view r the unit direction of
// the class mean of the centred training view.
//
// A real dataset has no insufficiency pattern (its sets' Insufficient is
// nil) and no latent code: a sample's Target in view r is its projection
// on its own class's feature, ⟨x_{r,i}, f_{r,y_i}⟩, so Set.Gamma is the
// paper's Γ with that projection for the target coordinate, and
// Set.Projections gives the finite-sample Γ′ (theory.FiniteGamma).
type Views struct {
	train, test *Set
	// features[r][j*d : j*d+d] is f_{r,j}.
	features [][]float64
}

// NewViews preprocesses raw views and returns their source. train and test
// hold each view's raw values (pixel intensities, say) in X and the labels
// in Y; their other fields are ignored. For each view r, from the training
// set alone:
//
//	x̄_r   = (1/N) Σ_i x_{r,i}                       (the mean sample)
//	s_r   = √((1/N) Σ_i ‖x_{r,i} − x̄_r‖²)           (the root-mean-square norm of a centred sample)
//	x̃     = (x − x̄_r) / (s_r / norm)                (every training and test sample)
//	f_r,j = Σ_{i: y_i=j} x̃_{r,i} / ‖Σ_{i: y_i=j} x̃_{r,i}‖   (class j's feature)
//
// so a training sample has root-mean-square norm norm in every view. It
// returns an error when a view is constant over the training set or a
// class has no training sample or a zero class mean. The raw sets are
// modified in place and become the source's.
func NewViews(train, test *Set, norm float64) (*Views, error) {
	if !(norm > 0) || math.IsInf(norm, 0) {
		return nil, fmt.Errorf("data: views need a positive root-mean-square norm, got %v", norm)
	}
	if train == nil || test == nil || train.R < 1 || train.R != test.R || train.D != test.D || train.K != test.K {
		return nil, errors.New("data: views need a training and a test set of the same views, size and classes")
	}
	v := &Views{train: train, test: test}
	for _, s := range []*Set{train, test} {
		s.Insufficient, s.Target = nil, make([][]float64, s.R)
		for r := range s.R {
			s.Target[r] = make([]float64, s.N)
		}
	}
	for r := range train.R {
		mean, scale := moments(train.X[r], train.N, train.D)
		if scale == 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
			return nil, fmt.Errorf("data: view %d has no variance over the training set", r)
		}
		scale /= norm
		standardise(train.X[r], mean, scale)
		standardise(test.X[r], mean, scale)
		f, err := classMeans(train, r)
		if err != nil {
			return nil, err
		}
		v.features = append(v.features, f)
		for _, s := range []*Set{train, test} {
			for i, y := range s.Y {
				s.Target[r][i] = dot(s.X[r][i*s.D:(i+1)*s.D], v.Feature(r, y))
			}
		}
	}
	return v, nil
}

// moments returns the mean row of the n×d matrix x and the root-mean-square
// norm of its rows once centred.
func moments(x []float64, n, d int) ([]float64, float64) {
	mean := make([]float64, d)
	for i := range n {
		for t, v := range x[i*d : (i+1)*d] {
			mean[t] += v
		}
	}
	for t := range mean {
		mean[t] /= float64(n)
	}
	sq := 0.0
	for i := range n {
		for t, v := range x[i*d : (i+1)*d] {
			c := v - mean[t]
			sq = math.FMA(c, c, sq)
		}
	}
	return mean, math.Sqrt(sq / float64(n))
}

// standardise sets every row x of the matrix to (x − mean)/scale.
func standardise(x, mean []float64, scale float64) {
	d := len(mean)
	for i := range x {
		x[i] = (x[i] - mean[i%d]) / scale
	}
}

// classMeans returns the unit class-mean directions of view r of s, k rows
// of d.
func classMeans(s *Set, r int) ([]float64, error) {
	d := s.D
	f := make([]float64, s.K*d)
	count := make([]int, s.K)
	for i, y := range s.Y {
		if y < 0 || y >= s.K {
			return nil, fmt.Errorf("data: label %d of training sample %d is outside 0..%d", y, i, s.K-1)
		}
		count[y]++
		row := f[y*d : (y+1)*d]
		for t, v := range s.X[r][i*d : (i+1)*d] {
			row[t] += v
		}
	}
	for j := range s.K {
		row := f[j*d : (j+1)*d]
		norm := math.Sqrt(dot(row, row))
		if count[j] == 0 || norm == 0 {
			return nil, fmt.Errorf("data: class %d has no training sample or a zero mean in view %d", j, r)
		}
		for t := range row {
			row[t] /= norm
		}
	}
	return f, nil
}

func dot(a, b []float64) float64 {
	acc := 0.0
	for t, v := range a {
		acc = math.FMA(v, b[t], acc)
	}
	return acc
}

// Sample returns the training set (concern rng.Train) or the test set
// (rng.Test) drawn when the source was opened; n must be its size.
func (v *Views) Sample(ctx context.Context, n int, _ uint64, concern string) (*Set, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var s *Set
	switch concern {
	case rng.Train:
		s = v.train
	case rng.Test:
		s = v.test
	default:
		return nil, fmt.Errorf("data: a real dataset has a %q and a %q set, not %q", rng.Train, rng.Test, concern)
	}
	if n != s.N {
		return nil, fmt.Errorf("data: the %s set holds %d samples, not %d", concern, s.N, n)
	}
	return s, nil
}

// Feature returns f_{r,j}, the unit class-mean direction of class j in the
// centred training view r.
func (v *Views) Feature(r, j int) []float64 {
	d := v.train.D
	return v.features[r][j*d : j*d+d : j*d+d]
}
