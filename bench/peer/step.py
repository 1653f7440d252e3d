#!/usr/bin/env python3
"""One joint gradient-descent step of the modality-competition network in PyTorch.

The same math as modcomp's BenchmarkJointStep: two modalities, N = 500, d = 500,
k = 10, m = 10, float64, smoothed ReLU (q = 3, rho = 0.1), fixed all-ones head,
mean softmax cross-entropy and the analytic matrix-form gradient
    Z_r = X_r W_r^T, F = sum_r sigma(Z_r) S, Delta = (softmax(F) - onehot(y)) / N,
    G_r = (Delta S^T) * sigma'(Z_r), grad W_r = G_r^T X_r.
It prints the best median step time over thread counts 1 and 2. Run it with
`make peer` (with Debian's OpenBLAS, set OPENBLAS_CORETYPE=SkylakeX).
"""
import statistics
import time

import torch

N, D, K, M, Q, RHO, ETA = 500, 500, 10, 10, 3, 0.1, 2.0


def sigma(z):
    zc = z.clamp(min=0)
    small = zc.pow(Q) / (Q * RHO ** (Q - 1))
    return torch.where(zc <= RHO, small, zc - (1 - 1 / Q) * RHO)


def dsigma(z):
    zc = z.clamp(min=0)
    return torch.where(zc <= RHO, (zc / RHO).pow(Q - 1), torch.ones_like(zc))


def step(xs, ws, y, S):
    zs = [x @ w.T for x, w in zip(xs, ws)]
    f = sum(sigma(z) @ S for z in zs)
    p = torch.softmax(f, dim=1)
    p[torch.arange(N), y] -= 1
    delta = p / N
    for x, w, z in zip(xs, ws, zs):
        g = (delta @ S.T) * dsigma(z)
        w -= ETA * (g.T @ x)


def main():
    torch.manual_seed(1)
    xs = [torch.randn(N, D, dtype=torch.float64) * 0.2 for _ in range(2)]
    ws = [torch.randn(K * M, D, dtype=torch.float64) * 1e-3 for _ in range(2)]
    y = torch.randint(0, K, (N,))
    S = torch.zeros(K * M, K, dtype=torch.float64)
    for c in range(K * M):
        S[c, c // M] = 1
    best = None
    for threads in (1, 2):
        torch.set_num_threads(threads)
        with torch.no_grad():
            for _ in range(20):
                step(xs, ws, y, S)
            times = []
            for _ in range(200):
                t0 = time.perf_counter()
                step(xs, ws, y, S)
                times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        print(f"pytorch {torch.__version__} threads={threads}: median {med * 1e3:.3f} ms/step")
        best = med if best is None else min(best, med)
    print(f"pytorch best: {best * 1e3:.3f} ms/step")


if __name__ == "__main__":
    main()
