// Package metrics scores predictions and reads off which modality won each class.
package metrics

import (
	"math"
	"strconv"
	"strings"

	"github.com/modcomp/modcomp/core/data"
	"github.com/modcomp/modcomp/core/exactmath"
	"github.com/modcomp/modcomp/core/result"
)

// ErrorRate returns the fraction of samples whose prediction differs from its label.
func ErrorRate(pred, y []int) float64 {
	wrong := 0
	for i, p := range pred {
		if p != y[i] {
			wrong++
		}
	}
	return float64(wrong) / float64(len(y))
}

// NoSamples marks a class with no samples in ByClass: JSON cannot carry NaN,
// and 0 would read as a perfect score.
const NoSamples = -1

// ByClass returns the error rate on the samples of each of k classes (NoSamples
// for a class with no samples).
func ByClass(pred, y []int, k int) []float64 {
	wrong := make([]float64, k)
	count := make([]float64, k)
	for i, p := range pred {
		count[y[i]]++
		if p != y[i] {
			wrong[y[i]]++
		}
	}
	for j := range wrong {
		if count[j] == 0 {
			wrong[j] = NoSamples
			continue
		}
		wrong[j] /= count[j]
	}
	return wrong
}

// PatternName names an insufficiency bit mask: "none", or the insufficient
// modalities joined by "+" ("0", "1", "0+1", ...).
func PatternName(mask int) string {
	if mask == 0 {
		return "none"
	}
	var parts []string
	for r := 0; mask>>r != 0; r++ {
		if mask&(1<<r) != 0 {
			parts = append(parts, strconv.Itoa(r))
		}
	}
	return strings.Join(parts, "+")
}

// ByPattern returns the error rate on the samples of each insufficiency pattern
// present in the set, or nil for a set without insufficiency (a real
// dataset's).
func ByPattern(pred []int, s *data.Set) map[string]float64 {
	if s.Insufficient == nil {
		return nil
	}
	wrong := map[int]float64{}
	count := map[int]float64{}
	for i, p := range pred {
		m := s.Pattern(i)
		count[m]++
		if p != s.Y[i] {
			wrong[m]++
		}
	}
	out := make(map[string]float64, len(count))
	for m, n := range count {
		out[PatternName(m)] = wrong[m] / n
	}
	return out
}

// Score fills a result.Net from train and test predictions.
func Score(modality int, trainPred []int, train *data.Set, testPred []int, test *data.Set) result.Net {
	return result.Net{
		Modality:           modality,
		TrainError:         ErrorRate(trainPred, train.Y),
		TestError:          ErrorRate(testPred, test.Y),
		TestErrorByClass:   ByClass(testPred, test.Y, test.K),
		TestErrorByPattern: ByPattern(testPred, test),
	}
}

// Learned returns learned[r][j]: Λ_{r,j} ≥ ϱ and Λ_{r,j} ≥ κ · max_r' Λ_{r',j},
// from final Λ indexed [r][j].
func Learned(final [][]float64, rho, kappa float64) [][]bool {
	out := make([][]bool, len(final))
	for r := range final {
		out[r] = make([]bool, len(final[r]))
		for j, v := range final[r] {
			best := math.Inf(-1)
			for r2 := range final {
				best = max(best, final[r2][j])
			}
			out[r][j] = v >= rho && v >= kappa*best
		}
	}
	return out
}

// Winners returns, per class, the modality with the largest final Λ among those
// that learned the class, or −1 when none did.
func Winners(final [][]float64, learned [][]bool) []int {
	k := len(final[0])
	out := make([]int, k)
	for j := range out {
		out[j] = -1
		for r := range final {
			if learned[r][j] && (out[j] < 0 || final[r][j] > final[out[j]][j]) {
				out[j] = r
			}
		}
	}
	return out
}

// PredictedWinners returns argmax_r Γ_{r,j} · (Λ_{r,j}(0)_+)^{q−2} per class.
func PredictedWinners(gamma, initial [][]float64, q int) []int {
	k := len(gamma[0])
	out := make([]int, k)
	for j := range out {
		best := math.Inf(-1)
		for r := range gamma {
			score := gamma[r][j] * exactmath.Pow(max(initial[r][j], 0), float64(q-2))
			if score > best {
				best, out[j] = score, r
			}
		}
	}
	return out
}
