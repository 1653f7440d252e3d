#!/usr/bin/env python3
"""The two kernel products of modcomp's BenchmarkKernels, in PyTorch's BLAS.

For each shape of BenchmarkKernels (n samples, d inputs, km = k*m neurons) it
times forward Z = X W^T and backward dW = G^T X in float64 with torch.matmul,
which calls the BLAS that Debian's python3-torch links (OpenBLAS when
libopenblas0-pthread is installed; set OPENBLAS_CORETYPE=SkylakeX on this CPU),
and prints GFLOP/s (a multiply-add counts as 2 flops) from the median of 50
timed calls. Without PyTorch it uses NumPy's matmul (Debian's python3-numpy,
which calls the same OpenBLAS through libblas.so.3). OpenBLAS takes its thread
count from OPENBLAS_NUM_THREADS, read when the library loads, so `make peer`
runs this script once per thread count.
"""
import os
import statistics
import time

try:
    import torch
except ImportError:
    torch = None

SHAPES = [(500, 500, 100), (1000, 128, 80), (4000, 512, 320)]


def gflops(fn, flops, reps=50):
    for _ in range(5):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return flops / statistics.median(times) / 1e9


def main():
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    if torch is not None:
        torch.manual_seed(1)
        randn = lambda *shape: torch.randn(*shape, dtype=torch.float64)
        empty = lambda *shape: torch.empty(*shape, dtype=torch.float64)
        matmul, lib = torch.matmul, "pytorch"
    else:
        import numpy
        rng = numpy.random.default_rng(1)
        randn = lambda *shape: rng.standard_normal(shape)
        empty = lambda *shape: numpy.empty(shape)
        matmul, lib = numpy.matmul, "numpy"
    for n, d, km in SHAPES:
        x, w, g = randn(n, d), randn(km, d), randn(n, km)
        z, dw = empty(n, km), empty(km, d)
        flops = 2.0 * n * d * km
        fwd = gflops(lambda: matmul(x, w.T, out=z), flops)
        bwd = gflops(lambda: matmul(g.T, x, out=dw), flops)
        print(f"openblas ({lib}) threads={threads} n={n} d={d} km={km}: "
              f"forward {fwd:.1f} GFLOP/s, backward {bwd:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
