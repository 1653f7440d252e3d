// Package rng derives independent, seeded random streams, one per concern.
//
// Every random draw in modcomp comes from a stream returned by New. A stream is a
// math/rand/v2 PCG generator keyed by the run's seed and the name of the concern
// that uses it ("dict/0", "train", "test", "init", ...), so that adding a draw to
// one concern never shifts the numbers another concern sees, and nothing depends
// on a global generator or on the number of goroutines.
package rng

import (
	"hash/fnv"
	"math/rand/v2"
)

// Concern names used by the simulator. Dict takes the modality index as a suffix.
const (
	Dict  = "dict"
	Train = "train"
	Test  = "test"
	Init  = "init"
	// Head draws a learned fusion head's random initial entries.
	Head = "init/head"
	// Shuffle draws the order in which minibatch training visits the
	// training set, epoch after epoch.
	Shuffle = "shuffle"
	// ModDrop draws which branches modality dropout drops at each step.
	ModDrop = "method/moddrop"
	// OGMGE draws the Gaussian enhancement noise of OGM-GE.
	OGMGE = "method/ogm-ge"
	// BlendSplit draws Gradient-Blending's held-out split of the training set.
	BlendSplit = "method/gblend-split"
	// Finite draws the training sets and initial weights of the theory's
	// finite-sample Monte Carlo (p′_r); it never feeds a run.
	Finite = "theory/finite"
)

// New returns the stream for (seed, concern). The same pair always yields the
// same sequence for a given Go release; distinct concerns yield independent ones.
func New(seed uint64, concern string) *rand.Rand {
	return rand.New(Source(seed, concern))
}

// Source returns the PCG source behind New, for libraries (such as gonum's distuv)
// that take a rand.Source.
func Source(seed uint64, concern string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(concern))
	return rand.NewPCG(seed, h.Sum64()^0x9e3779b97f4a7c15)
}
