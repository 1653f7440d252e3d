package theory

import (
	"errors"
	"math"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/param"
	"github.com/modcomp/modcomp/core/rng"
)

// FiniteGamma returns the finite-sample signal Γ′_{r,j} of a training set
// from its projections on the class features, indexed [r][j]:
//
//	Γ′_{r,j} = (1/N) [ Σ_{i: y_i = j} (1 − 1/k) (u_{i,r,j})₊^q − Σ_{i: y_i ≠ j} (1/k) (u_{i,r,j})₊^q ]
//
// with u_{i,r,j} = ⟨x_{i,r}, M_r e_j⟩. It is the growth rate of Λ_{r,j} at
// the start of training, when every softmax output is about 1/k: a sample of
// class j pulls feature j up with weight 1 − 1/k, a sample of another class
// whose input has a component on feature j (an off-target coordinate, large
// for an insufficient sample, or noise) pulls it down with weight 1/k. The
// paper's Γ_{r,j} keeps only the sufficient samples of class j and their
// target coordinate.
func FiniteGamma(p *data.Projections, q int) [][]float64 {
	k := p.K
	g := make([][]float64, len(p.U))
	for r, u := range p.U {
		g[r] = make([]float64, k)
		for i, y := range p.Y {
			row := u[i*k : (i+1)*k]
			for j, v := range row {
				if v <= 0 {
					continue
				}
				w := exactmath.Pow(v, float64(q))
				if j == y {
					g[r][j] += float64((1 - 1/float64(k)) * w) // float64(): no fused multiply-add (see core/kernel's package comment)
				} else {
					g[r][j] -= w / float64(k)
				}
			}
		}
		for j := range g[r] {
			g[r][j] /= float64(p.N)
		}
	}
	return g
}

// FiniteDraws is the number of training sets FiniteWinProbabilities draws:
// with k classes each, at least 20 000 (set, class) pairs, a standard error
// below 0.004 on every p′_r.
func FiniteDraws(k int) int { return max(200, (20000+k-1)/k) }

// FiniteWinProbabilities returns p′_r, the probability that modality r wins
// a class when the winner is argmax_r Γ′_{r,j}·(g_r)₊^{q−2}, with Γ′ the
// finite-sample signal of a training set of the case's N samples
// (FiniteGamma) and g_r the maximum of m i.i.d. standard normals (the
// scaled Λ_{r,j}(0)), as WinProbabilities has it for the expected signal.
// It averages over draws training sets and their k classes, by seeded Monte
// Carlo from the stream (seed, "theory/finite"): each set's projections
// from data.SampleProjections, then one g_r per (class, modality). A class
// in which no score is positive (every g_r ≤ 0, or only negative signals)
// counts 1/R for every modality, as the quadrature splits that tie.
func FiniteWinProbabilities(c param.Case, draws int, seed uint64) ([]float64, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.ReLU() {
		return nil, errors.New("theory: p′_r needs the smoothed ReLU (q ≥ 3); with the plain ReLU the theory predicts no winner")
	}
	if draws < 1 {
		return nil, errors.New("theory: p′_r needs at least one draw")
	}
	src := rng.New(seed, rng.Finite)
	wins := make([]float64, c.R)
	score := make([]float64, c.R)
	for range draws {
		g := FiniteGamma(data.SampleProjections(&c, c.N, src), c.Q)
		for j := 0; j < c.K; j++ {
			for r := range score {
				best := math.Inf(-1)
				for range c.M {
					best = max(best, rng.Normal(src))
				}
				score[r] = g[r][j] * exactmath.Pow(max(best, 0), float64(c.Q-2))
			}
			winner, top := 0, score[0]
			for r, s := range score {
				if s > top {
					winner, top = r, s
				}
			}
			if top <= 0 {
				for r := range wins {
					wins[r] += 1 / float64(c.R)
				}
				continue
			}
			wins[winner]++
		}
	}
	for r := range wins {
		wins[r] /= float64(draws * c.K)
	}
	return wins, nil
}
