"""Train the joint net of one modcomp seed in NumPy, from the exact inputs
`modcomp data` writes, and print its test error.

    modcomp data -seed 1 -out data && python3 bench/peer/replay.py data

Only the inputs are shared: the forward pass, the loss, the gradient and the
update are written here again from docs/model.md, and NumPy's matrix products
sum in their own order, so the weights agree with modcomp's to rounding, not
to the bit.
"""
import json
import sys

import numpy as np


def load(d, name):
    return np.load(f"{d}/{name}.npy")


def main(d):
    man = json.load(open(f"{d}/manifest.json"))
    p = man["params"]
    R, k, m, q, rho, eta, T = p["r"], p["k"], p["m"], p["q"], p["rho"], p["eta"], p["steps"]
    X = [load(d, f"train_x_{r}") for r in range(R)]
    Xt = [load(d, f"test_x_{r}") for r in range(R)]
    y, yt = load(d, "train_y"), load(d, "test_y")
    W = [load(d, f"w0_{r}").copy() for r in range(R)]
    n = len(y)

    def sigma(u):  # the smoothed ReLU and its slope
        mid = (u > 0) & (u <= rho)
        v = np.where(u > rho, u - (1 - 1 / q) * rho, np.where(mid, u**q / (q * rho ** (q - 1)), 0.0))
        s = np.where(u > rho, 1.0, np.where(mid, (u / rho) ** (q - 1), 0.0))
        return v, s

    def logits(Xs, W):
        F, slopes = 0.0, []
        for Xr, Wr in zip(Xs, W):
            v, s = sigma(Xr @ Wr.T)
            F = F + v.reshape(len(Xr), k, m).sum(axis=2)
            slopes.append(s)
        return F, slopes

    onehot = np.eye(k)[y]
    for _ in range(T):
        F, slopes = logits(X, W)
        P = np.exp(F - F.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        delta = (P - onehot) / n
        for r in range(R):
            G = np.repeat(delta, m, axis=1) * slopes[r]
            W[r] -= eta * (G.T @ X[r])
    F, _ = logits(Xt, W)
    err = np.mean(F.argmax(axis=1) != yt)
    print(f"case {man['case']} seed {man['seed']}: joint test error {100 * err:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data")
