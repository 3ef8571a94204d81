r"""Hebbian-family rules in rate form, vectorised over a batch of B samples.

For a layer with weights :math:`W` (n_post x n_pre), inputs :math:`X` (B x n_pre) and outputs
:math:`Y = X W^T` (or any given postsynaptic activity), the updates are batch averages of:

- Hebb (1949): :math:`\Delta W = \eta\, Y^T X`; anti-Hebbian: :math:`-\eta\, Y^T X` (Foldiak 1990);
- Oja (1982, *J. Math. Biol.* 15:267), one normalised neuron per row:
  :math:`\Delta w_i = \eta\, y_i (x - y_i w_i)`; converges to the first principal component;
- Oja's subspace rule (Oja 1989, *Int. J. Neural Syst.* 1:61): :math:`\Delta W = \eta\, (Y^T X - Y^T Y W)`,
  the Hebbian/anti-Hebbian rule :math:`dW = \epsilon H (X - H W)` of seed 000 (eq. 2); the rows converge
  to an orthonormal basis of the principal subspace;
- Sanger's generalised Hebbian algorithm (Sanger 1989, *Neural Netw.* 2:459):
  :math:`\Delta W = \eta\, (Y^T X - \mathrm{LT}(Y^T Y) W)`, LT the lower triangle with the diagonal; the rows
  converge to the principal components in order.

The principal components are those of the uncentred second moment :math:`\langle x x^T \rangle` (centre
the data first for the covariance).
"""

from __future__ import annotations

import numpy as np

RULES = ("hebb", "anti_hebb", "oja", "subspace", "sanger")


def _check(W, X, eta):
    if not (isinstance(eta, (int, float)) and np.isfinite(eta) and eta > 0):
        raise ValueError(f"eta (learning rate) must be a number > 0, got {eta!r}")
    W, X = np.asarray(W, dtype=float), np.atleast_2d(np.asarray(X, dtype=float))
    if W.ndim != 2 or X.shape[1] != W.shape[1]:
        raise ValueError(f"inputs must have shape (batch, {W.shape[-1]}) for W of shape {W.shape}, got {X.shape}")
    return W, X


def rate_update(rule: str, W, X, eta: float, Y=None):
    """The update dW of ``rule`` (one of ``RULES``) for inputs ``X``; ``Y`` defaults to the linear response X W^T."""
    if rule not in RULES:
        raise ValueError(f"Hebbian rule must be one of {', '.join(RULES)}; got {rule!r}")
    W, X = _check(W, X, eta)
    Y = X @ W.T if Y is None else np.atleast_2d(np.asarray(Y, dtype=float))
    if Y.shape != (len(X), len(W)):
        raise ValueError(f"postsynaptic activity must have shape ({len(X)}, {len(W)}), got {Y.shape}")
    hebbian = Y.T @ X
    if rule == "hebb":
        dW = hebbian
    elif rule == "anti_hebb":
        dW = -hebbian
    elif rule == "oja":
        dW = hebbian - np.sum(Y * Y, axis=0)[:, None] * W
    elif rule == "subspace":
        dW = hebbian - (Y.T @ Y) @ W
    else:
        dW = hebbian - np.tril(Y.T @ Y) @ W
    return eta * dW / len(X)


def principal_angles_deg(A, B) -> np.ndarray:
    """Principal angles (degrees, ascending) between the row spaces of A and B (Bjorck & Golub 1973)."""
    qa, _ = np.linalg.qr(np.asarray(A, dtype=float).T)
    qb, _ = np.linalg.qr(np.asarray(B, dtype=float).T)
    cos = np.linalg.svd(qa.T @ qb, compute_uv=False)
    return np.sort(np.degrees(np.arccos(np.clip(cos, -1, 1))))
