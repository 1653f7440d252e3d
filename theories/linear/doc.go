// Package linear hosts the second theory of the harness: unimodal bias in
// deep linear networks (Zhang, Latham & Saxe, "Understanding Unimodal Bias
// in Multimodal Deep Linear Networks", ICML 2024; code yedizhang/unimodal-bias).
// It holds the theory's case table — each case's parameters, seeds, expected
// verdicts and the explained exceptions — runs the cases for the suite
// (cases.Theory), compares them with golden/linear/, and runs the report's
// sweeps over (r, ρ) and over the fusion layer. The model, its measurements
// and its claims are core/linear's; the report's page and figures are
// reports/linear's. Importing the package registers the theory.
package linear
