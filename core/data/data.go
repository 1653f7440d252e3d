// Package data draws samples from the modality-competition distribution D.
//
// For each modality r a random orthogonal dictionary M_r (d×d) is drawn once per
// seed; column j < k is the class-j feature of modality r. A sample has a label
// y ~ U{0..k−1}, an insufficiency pattern (which modalities are insufficient),
// and per modality a sparse code z_r, optional spike noise ζ_r and Gaussian noise
// ξ_r; its input is x_r = M_r (z_r + ζ_r) + ξ_r.
package data

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/gonumla"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// Distribution is D for one case and seed: the case and its dictionaries.
type Distribution struct {
	Case param.Case
	// Dict[r] is the orthogonal dictionary M_r, d×d.
	Dict []*mat.Dense
	// atoms[r] holds M_r's columns as contiguous rows: atoms[r][c*d : c*d+d] = M_r e_c.
	atoms [][]float64
}

// New validates c and draws the dictionaries for seed, each from its own stream
// ("dict/r"): the orthogonal factor Q of a d×d Gaussian matrix's QR
// decomposition, column signs chosen so that R has a positive diagonal. The
// case's Dictionary names the QR: gonum's (the default: gonum v0.17.0's
// blocked LAPACK QR as its amd64 build computes it, reproduced to the bit by
// core/gonumla on every architecture) or modcomp's own unblocked Householder
// QR (orthogonalFactor), also specified to the last bit. Both give the same
// dictionaries on every build and architecture.
//
// It returns ctx.Err() soon after ctx is cancelled: the Gaussian draws check
// it every row, either QR every column.
func New(ctx context.Context, c param.Case, seed uint64) (*Distribution, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	dist := &Distribution{Case: c.Clone()}
	d := c.D
	for r := 0; r < c.R; r++ {
		src := rng.New(seed, fmt.Sprintf("%s/%d", rng.Dict, r))
		g := mat.NewDense(d, d, nil)
		raw := g.RawMatrix().Data
		for row := 0; row < d; row++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for i := row * d; i < (row+1)*d; i++ {
				raw[i] = rng.Normal(src)
			}
		}
		orthogonalise := gonumQ
		if c.Dictionary == param.DictionaryHouseholder {
			orthogonalise = householderQ
		}
		atoms, err := orthogonalise(ctx, g)
		if err != nil {
			return nil, err
		}
		q := mat.NewDense(d, d, nil)
		for j := range d {
			for i, v := range atoms[j*d : j*d+d] {
				q.Set(i, j, v)
			}
		}
		dist.Dict = append(dist.Dict, q)
		dist.atoms = append(dist.atoms, atoms)
	}
	return dist, nil
}

// gonumQ returns the columns of Q (q[j*d+i] = Q_ij) of g = QR by gonum's QR
// as its amd64 build computes it (core/gonumla, the same bits on every
// architecture), each column's sign flipped where R's diagonal is negative,
// or ctx.Err() soon after ctx is cancelled.
func gonumQ(ctx context.Context, g *mat.Dense) ([]float64, error) {
	d, _ := g.Dims()
	qr, rDiag, err := gonumla.QR(ctx, g.RawMatrix().Data, d)
	if err != nil {
		return nil, err
	}
	q := make([]float64, d*d)
	for j := range d {
		sign := 1.0
		if rDiag[j] < 0 {
			sign = -1
		}
		for i := range d {
			q[j*d+i] = sign * qr[i*d+j]
		}
	}
	return q, nil
}

// householderQ is gonumQ by orthogonalFactor, the exactly specified
// Householder QR.
func householderQ(ctx context.Context, g *mat.Dense) ([]float64, error) {
	d, _ := g.Dims()
	col := make([]float64, d*d)
	for i := range d {
		for j := range d {
			col[j*d+i] = g.At(i, j)
		}
	}
	return orthogonalFactor(ctx, col, d)
}

// Feature returns M_r e_j, the class-j feature of modality r (length d). The
// slice aliases the distribution's storage and must not be modified.
func (dist *Distribution) Feature(r, j int) []float64 {
	d := dist.Case.D
	return dist.atoms[r][j*d : j*d+d : j*d+d]
}

// Set is a sample of n points from D.
type Set struct {
	N, D, R, K int
	// X[r] is modality r's inputs, n×d row-major.
	X [][]float64
	// Y is the label of each sample.
	Y []int
	// Insufficient[r][i] reports whether modality r is insufficient for sample i;
	// nil for a real dataset, which has no insufficiency pattern.
	Insufficient [][]bool
	// Target[r][i] is z_{r,i,y_i}, the code's value on the true class.
	Target [][]float64
}

// Pattern returns a bit mask of the insufficient modalities of sample i (bit r
// set when modality r is insufficient).
func (s *Set) Pattern(i int) int {
	p := 0
	for r := range s.Insufficient {
		if s.Insufficient[r][i] {
			p |= 1 << r
		}
	}
	return p
}

// Sample draws n points from the stream (seed, concern); concern is rng.Train or
// rng.Test so that training and test sets never share numbers. It checks ctx
// every few samples and returns ctx.Err() when it is cancelled.
func (dist *Distribution) Sample(ctx context.Context, n int, seed uint64, concern string) (*Set, error) {
	c := &dist.Case
	src := rng.New(seed, concern)
	s := &Set{N: n, D: c.D, R: c.R, K: c.K, Y: make([]int, n)}
	for r := 0; r < c.R; r++ {
		s.X = append(s.X, make([]float64, n*c.D))
		s.Insufficient = append(s.Insufficient, make([]bool, n))
		s.Target = append(s.Target, make([]float64, n))
	}
	z := make([]float64, c.D)
	support := make([]int, 0, c.D)
	others := make([]int, c.K-1)
	for i := 0; i < n; i++ {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		y := src.IntN(c.K)
		s.Y[i] = y
		drawPattern(src, c, s, i)
		for r := 0; r < c.R; r++ {
			support, s.Target[r][i] = drawCode(src, c, r, y, s.Insufficient[r][i], z, support, others)
			x := s.X[r][i*c.D : (i+1)*c.D]
			for t := range x {
				x[t] = c.SigmaG * rng.Normal(src)
			}
			atoms := dist.atoms[r]
			for _, col := range support {
				v := z[col]
				atom := atoms[col*c.D : (col+1)*c.D]
				for t := range x {
					x[t] = math.FMA(v, atom[t], x[t])
				}
			}
		}
	}
	return s, nil
}

// drawCode draws modality r's latent code z (length d, cleared first) of a
// sample of class y: the target coordinate, s off-target classes without
// replacement (by a partial Fisher–Yates over others, k−1 long), and the
// feature noise ζ. It returns the code's nonzero coordinates in support and
// the target coordinate as drawn (before ζ adds to it).
func drawCode(src *rand.Rand, c *param.Case, r, y int, insuff bool, z []float64, support, others []int) ([]int, float64) {
	clear(z)
	support = support[:0]
	lo, hi := c.A[r], c.B[r]
	offLo, offHi := 0.0, c.Gamma
	if insuff {
		lo, hi = c.InsuffLo, c.InsuffHi
		offLo, offHi = c.OffLo, c.OffHi
	}
	z[y] = uniform(src, lo, hi)
	target := z[y]
	support = append(support, y)
	for j, o := 0, 0; j < c.K; j++ {
		if j != y {
			others[o] = j
			o++
		}
	}
	for a := 0; a < c.S; a++ {
		b := a + src.IntN(len(others)-a)
		others[a], others[b] = others[b], others[a]
		z[others[a]] = uniform(src, offLo, offHi)
		support = append(support, others[a])
	}
	if c.SpikeProb > 0 {
		for t := 0; t < c.D; t++ {
			if src.Float64() < c.SpikeProb {
				if z[t] == 0 {
					support = append(support, t)
				}
				z[t] += c.SpikeScale
			}
		}
	}
	return support, target
}

// Projections holds, for a sample of n points, each modality's projections
// on the class features: U[r][i·k + j] = ⟨x_{r,i}, M_r e_j⟩.
type Projections struct {
	N, K int
	Y    []int
	U    [][]float64
}

// Projections returns the set's projections on the class features of its
// source.
func (s *Set) Projections(dist Source) *Projections {
	p := &Projections{N: s.N, K: s.K, Y: s.Y}
	for r := 0; r < s.R; r++ {
		u := make([]float64, s.N*s.K)
		for i := 0; i < s.N; i++ {
			x := s.X[r][i*s.D : (i+1)*s.D]
			for j := 0; j < s.K; j++ {
				f := dist.Feature(r, j)
				acc := 0.0
				for t, v := range x {
					acc = math.FMA(v, f[t], acc)
				}
				u[i*s.K+j] = acc
			}
		}
		p.U = append(p.U, u)
	}
	return p
}

// SampleProjections draws n points of D from src and returns only their
// projections on the class features. Since the dictionary is orthonormal,
// ⟨x_r, M_r e_j⟩ = z_{r,j} + ⟨ξ_r, M_r e_j⟩ with the noise's projections
// i.i.d. N(0, σ_g²): the same distribution as Set.Projections of a sample,
// at O(k) rather than O(d²) a point, and without the dictionary. c must be
// valid.
func SampleProjections(c *param.Case, n int, src *rand.Rand) *Projections {
	p := &Projections{N: n, K: c.K, Y: make([]int, n)}
	s := &Set{N: n, R: c.R, K: c.K, Insufficient: make([][]bool, c.R)}
	for r := 0; r < c.R; r++ {
		p.U = append(p.U, make([]float64, n*c.K))
		s.Insufficient[r] = make([]bool, n)
	}
	z := make([]float64, c.D)
	support := make([]int, 0, c.D)
	others := make([]int, c.K-1)
	for i := 0; i < n; i++ {
		y := src.IntN(c.K)
		p.Y[i] = y
		drawPattern(src, c, s, i)
		for r := 0; r < c.R; r++ {
			drawCode(src, c, r, y, s.Insufficient[r][i], z, support, others)
			u := p.U[r][i*c.K : (i+1)*c.K]
			for j := range u {
				u[j] = z[j] + float64(c.SigmaG*rng.Normal(src)) // float64(): no fused multiply-add (see core/kernel's package comment)
			}
		}
	}
	return p
}

func uniform(src *rand.Rand, lo, hi float64) float64 {
	return lo + float64((hi-lo)*src.Float64()) // float64(): no fused multiply-add (see core/kernel's package comment)
}

func drawPattern(src *rand.Rand, c *param.Case, s *Set, i int) {
	switch c.Pattern {
	case param.Independent:
		for r := 0; r < c.R; r++ {
			s.Insufficient[r][i] = src.Float64() < c.Mu[r]
		}
	default: // exclusive: one uniform picks at most one insufficient modality
		u := src.Float64()
		acc := 0.0
		for r := 0; r < c.R; r++ {
			acc += c.Mu[r]
			if u < acc {
				s.Insufficient[r][i] = true
				break
			}
		}
	}
}

// Gamma returns Γ_{r,j} = (1/n) Σ_{i: y_i = j, r sufficient} z_{r,i,j}^q over the
// set, indexed [r][j]: the data-dependent signal strength of class j in
// modality r (every sample counts in a set without insufficiency).
func (s *Set) Gamma(q int) [][]float64 {
	g := make([][]float64, s.R)
	for r := range g {
		g[r] = make([]float64, s.K)
		for i, y := range s.Y {
			if s.Insufficient == nil || !s.Insufficient[r][i] {
				g[r][y] += exactmath.Pow(s.Target[r][i], float64(q))
			}
		}
		for j := range g[r] {
			g[r][j] /= float64(s.N)
		}
	}
	return g
}
