r"""Two autoassociators of the semantic dataset: backprop, and its biologically plausible alternative (BPA).

After Shreya Gupta, "Analyzing Biologically Plausible Alternatives to Backpropagation".

Both map an item's features :math:`x` through :math:`k` hidden units back to :math:`x`, with
:math:`H = X W_1^T`, :math:`\hat X = H W_2^T` (rows are items; linear units, as in Saxe et al. 2013).

- BP (Saxe, McClelland & Ganguli 2013): full-batch gradient descent on :math:`\|\hat X - X\|^2 / 2P` from
  small random weights, the setting in which modes of the input-output correlation are learned
  one after the other, largest singular value first.
- BPA (Shreya Gupta, eqs. 1-6): the hidden weights follow the Hebbian/anti-Hebbian (Oja subspace) rule
  :math:`\Delta W_1 = \epsilon\, H^T (X - H W_1) / P` (:mod:`spikelearn.rules.hebbian`), the output weights
  the delta rule :math:`\Delta W_2 = \epsilon\, (X - \hat X)^T H / P` (Widrow & Hoff 1960).
"""

from __future__ import annotations

import numpy as np

from ..checks import InputError, check_choice, check_count
from ..rules.hebbian import rate_update

KINDS = ("BP", "BPA")


class Autoassociator:
    """``n`` features -> ``k`` linear hidden units -> ``n`` features, trained by ``kind`` (BP or BPA)."""

    def __init__(self, n: int, k: int, kind: str = "BP", init_scale: float = 0.01, seed: int = 0):
        check_count("n", n)
        check_count("k (hidden units)", k)
        self.kind = check_choice("autoassociator kind", kind, KINDS)
        if not init_scale > 0:
            raise InputError(f"init_scale must be > 0, got {init_scale}")
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0, init_scale, (k, n))
        self.W2 = rng.normal(0, init_scale, (n, k))

    @property
    def map(self) -> np.ndarray:
        """The input -> output map W2 W1 (n x n)."""
        return self.W2 @ self.W1

    def hidden(self, X) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.W1.T

    def step(self, X, lr: float) -> float:
        """One full-batch update; returns the reconstruction error ||X_hat - X||^2 / 2P before it."""
        H = self.hidden(X)
        error = (H @ self.W2.T - X) / len(X)
        loss = 0.5 * np.sum((H @ self.W2.T - X) ** 2) / len(X)
        if self.kind == "BP":
            grad_W1 = (error @ self.W2).T @ X
            self.W2 -= lr * error.T @ H
            self.W1 -= lr * grad_W1
        else:
            self.W2 -= lr * error.T @ H
            self.W1 += rate_update("subspace", self.W1, X, lr)
        return float(loss)


def train(model: Autoassociator, X, epochs: int, lr: float):
    """Full-batch training; returns (maps: (epochs + 1, n, n), losses, hidden weights at the end)."""
    check_count("epochs", epochs, minimum=0)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != model.W1.shape[1]:
        raise InputError(f"X must have shape (items, {model.W1.shape[1]}), got {X.shape}")
    maps, losses = [model.map.copy()], []
    for _ in range(epochs):
        losses.append(model.step(X, lr))
        maps.append(model.map.copy())
    losses.append(0.5 * np.sum((model.hidden(X) @ model.W2.T - X) ** 2) / len(X))
    return np.array(maps), np.array(losses)
