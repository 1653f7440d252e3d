#!/usr/bin/env bash
# Times one joint GD step in modcomp (fastest kernel path) and in PyTorch, side
# by side on this machine, and prints the ratio. Needs Debian's python3-torch
# (PYTHON overrides the interpreter, default /usr/bin/python3); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
go_ms=$(GOEXPERIMENT=simd go test ./bench -run '^$' -bench 'JointStep' -benchtime 200x -count 5 |
	awk '/JointStep/ { sub(/-[0-9]+$/, "", $1); v[$1] = (v[$1] == "" || $3 < v[$1]) ? $3 : v[$1] }
	     END { best = ""; for (k in v) { printf "modcomp %s: %.3f ms/step\n", k, v[k] / 1e6 > "/dev/stderr"; if (best == "" || v[k] < best) best = v[k] } printf "%.6f", best / 1e6 }')
echo "modcomp best: ${go_ms} ms/step"
py_out=$(OPENBLAS_CORETYPE=SkylakeX "${PYTHON:-/usr/bin/python3}" bench/peer/step.py)
echo "$py_out"
py_ms=$(echo "$py_out" | awk '/pytorch best/ { print $3 }')
awk -v g="$go_ms" -v p="$py_ms" 'BEGIN { printf "speed-up over PyTorch: %.1fx\n", p / g }'
