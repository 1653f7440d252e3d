#!/usr/bin/env bash
# Times one joint GD step in modcomp (every kernel path) and in PyTorch, side by
# side on this machine, and prints the ratio; then the two kernel products in
# modcomp's fastest path and in OpenBLAS (through PyTorch) on 1 and 2 threads.
# Needs Debian's python3-torch and libopenblas0-pthread (PYTHON overrides the
# interpreter, default /usr/bin/python3); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
go_ms=$(GOEXPERIMENT=simd go test ./bench -run '^$' -bench 'JointStep' -benchtime 200x -count 5 |
	awk '/JointStep/ { sub(/-[0-9]+$/, "", $1); v[$1] = v[$1] " " $3 }
	     END { best = ""; for (k in v) { n = split(v[k], a, " ")
	             for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	             m = a[int((n + 1) / 2)]; printf "modcomp %s: median %.3f ms/step\n", k, m / 1e6 > "/dev/stderr"
	             if (best == "" || m < best) best = m }
	           printf "%.6f", best / 1e6 }')
echo "modcomp best: ${go_ms} ms/step"
py_out=$(OPENBLAS_CORETYPE=SkylakeX "${PYTHON:-/usr/bin/python3}" bench/peer/step.py)
echo "$py_out"
py_ms=$(echo "$py_out" | awk '/pytorch best/ { print $3 }')
awk -v g="$go_ms" -v p="$py_ms" 'BEGIN { printf "speed-up over PyTorch: %.1fx\n", p / g }'

echo "== kernels: modcomp $(go run ./cmd/modcomp kernels 2>/dev/null | tail -1) (2 goroutines), then OpenBLAS"
go test ./bench -run '^$' -bench "Kernels/.*/.*/.*/.*/path=$(go run ./cmd/modcomp kernels 2>/dev/null | tail -1)\$" -count 5 |
	awk '/GFLOP/ { sub(/-[0-9]+$/, "", $1); v[$1] = v[$1] " " $5 }
	     END { for (k in v) { n = split(v[k], a, " ")
	             for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	             printf "modcomp %s: %.1f GFLOP/s (median of %d)\n", k, a[int((n + 1) / 2)], n } }' | sort
for threads in 1 2; do
	OPENBLAS_NUM_THREADS=$threads OPENBLAS_CORETYPE=SkylakeX "${PYTHON:-/usr/bin/python3}" bench/peer/kernels.py
done
