r"""Hebbian-family rules in rate form, vectorised over a batch of B samples.

For a layer with weights :math:`W` (n_post x n_pre), inputs :math:`X` (B x n_pre) and outputs
:math:`Y = X W^T` (or any given postsynaptic activity), the updates are batch averages of:

- Hebb (1949): :math:`\Delta W = \eta\, Y^T X`; anti-Hebbian: :math:`-\eta\, Y^T X` (Foldiak 1990);
- Oja (1982, *J. Math. Biol.* 15:267), one normalised neuron per row:
  :math:`\Delta w_i = \eta\, y_i (x - y_i w_i)`; converges to the first principal component;
- Oja's subspace rule (Oja 1989, *Int. J. Neural Syst.* 1:61): :math:`\Delta W = \eta\, (Y^T X - Y^T Y W)`,
  the Hebbian/anti-Hebbian rule :math:`dW = \epsilon H (X - H W)` of
  Shreya Gupta, "Analyzing Biologically Plausible Alternatives to Backpropagation" (eq. 2); the rows
  converge to an orthonormal basis of the principal subspace;
- Sanger's generalised Hebbian algorithm (Sanger 1989, *Neural Netw.* 2:459):
  :math:`\Delta W = \eta\, (Y^T X - \mathrm{LT}(Y^T Y) W)`, LT the lower triangle with the diagonal; the rows
  converge to the principal components in order.

Two ways of using them in a supervised network (:class:`spikelearn.rate.mlp.MLP`, trained by
:func:`spikelearn.rate.train.train`):

- :class:`HebbNet` (Gupta, Ambikapathi & Ramasamy 2021, *ICASSP*): the hidden layers learn by a Hebbian
  rule, the output layer by gradient descent; optionally with *update thresholding* (entries of
  :math:`\Delta W` smaller in magnitude than the mean magnitude are dropped: our reading of the paper's
  threshold) and *gradient sparsity* (only the fraction p of hidden units with the largest updates
  learn; the Imagination Technologies blog post "Learning from the best: How nature can inspire AI research"
  (4 October 2021), section 1, used p = 0.3);
- :class:`HebbianFA`, :class:`HebbianDFA` (that blog post, section 3): FA or DFA whose feedback matrices are
  themselves learned by Hebb's or Oja's rule from the forward activity of the two layers they connect
  (:math:`B_{l+1}` from layer l+1 to layer l; DFA's :math:`D_l` from the output to layer l). The blog post
  could not use Oja's rule for DFA (its :math:`D_l` has no forward counterpart of that shape); here Oja
  is applied to :math:`D_l` as to any weight matrix from the output to layer l;
- :class:`SumRule` (the same blog post, section 1): every layer descends the backprop gradient minus
  :math:`\beta` times its Hebbian term, i.e. update = -gradient + beta * Hebbian.

The principal components are those of the uncentred second moment :math:`\langle x x^T \rangle` (centre
the data first for the covariance).
"""

from __future__ import annotations

import numpy as np

from ..checks import InputError
from .feedback import Backprop, DirectFeedbackAlignment, FeedbackAlignment

RULES = ("hebb", "anti_hebb", "oja", "subspace", "sanger")


def _check(W, X, eta):
    if not (isinstance(eta, (int, float)) and np.isfinite(eta) and eta > 0):
        raise InputError(f"eta (learning rate) must be a number > 0, got {eta!r}")
    W, X = np.asarray(W, dtype=float), np.atleast_2d(np.asarray(X, dtype=float))
    if W.ndim != 2 or X.shape[1] != W.shape[1]:
        raise InputError(f"inputs must have shape (batch, {W.shape[-1]}) for W of shape {W.shape}, got {X.shape}")
    return W, X


def rate_update(rule: str, W, X, eta: float, Y=None):
    """The update dW of ``rule`` (one of ``RULES``) for inputs ``X``; ``Y`` defaults to the linear response X W^T."""
    if rule not in RULES:
        raise InputError(f"Hebbian rule must be one of {', '.join(RULES)}; got {rule!r}")
    W, X = _check(W, X, eta)
    Y = X @ W.T if Y is None else np.atleast_2d(np.asarray(Y, dtype=float))
    if Y.shape != (len(X), len(W)):
        raise InputError(f"postsynaptic activity must have shape ({len(X)}, {len(W)}), got {Y.shape}")
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


class HebbNet(Backprop):
    """Hidden layers by ``rule`` ("hebb" or "oja"), output layer by gradient descent (module docstring)."""

    def __init__(self, rule: str = "hebb", threshold: bool = False, sparsity: float = 1.0):
        if rule not in ("hebb", "oja"):
            raise InputError(f"HebbNet rule must be 'hebb' or 'oja', got {rule!r}")
        if not 0 < sparsity <= 1:
            raise InputError(f"sparsity p (fraction of hidden units updated) must be in (0, 1], got {sparsity}")
        self.rule, self.threshold, self.sparsity = rule, threshold, sparsity
        parts = [rule.capitalize()] + (["T"] if threshold else []) + ([f"GS p={sparsity:g}"] if sparsity < 1 else [])
        self.name = "HebbNet (" + " + ".join(parts) + ")"

    def gradients(self, net, fwd, e) -> list:
        grads = super().gradients(net, fwd, e)  # the output layer keeps its gradient
        for l in range(net.n_layers - 1):
            dW = rate_update(self.rule, net.W[l], fwd.h[l], 1.0, Y=fwd.h[l + 1])
            if self.threshold:
                dW = np.where(np.abs(dW) >= np.abs(dW).mean(), dW, 0.0)
            if self.sparsity < 1:
                keep = np.argsort(np.linalg.norm(dW, axis=1))[-max(1, int(round(self.sparsity * len(dW)))) :]
                mask = np.zeros(len(dW), bool)
                mask[keep] = True
                dW = dW * mask[:, None]
            grads[l] = -dW  # the optimiser descends: a Hebbian update is a negative "gradient"
            grads[net.n_layers + l] = np.zeros_like(net.b[l])
        return grads


class SumRule(Backprop):
    """Backprop plus beta times a Hebbian term in every layer (the "sum rule" of the Imagination Technologies blog
    post, 2021): descend grad - beta * Hebbian."""

    def __init__(self, beta: float = 0.01, rule: str = "hebb"):
        if rule not in ("hebb", "oja") or not beta >= 0:
            raise InputError(f"SumRule needs rule 'hebb' or 'oja' and beta >= 0, got {rule!r}, {beta}")
        self.beta, self.rule = beta, rule
        self.name = f"BP + {beta:g} x {rule.capitalize()}"

    def gradients(self, net, fwd, e) -> list:
        grads = super().gradients(net, fwd, e)
        for l in range(net.n_layers):
            grads[l] = grads[l] - self.beta * rate_update(self.rule, net.W[l], fwd.h[l], 1.0, Y=fwd.h[l + 1])
        return grads


class _LearnedFeedback:
    """Mixin for FA/DFA: after every step each feedback matrix learns by ``rule`` ("hebb" or "oja") at rate ``eta``."""

    def __init__(self, rule: str = "hebb", eta: float = 1e-3):
        if rule not in ("hebb", "oja") or not eta > 0:
            raise InputError(f"learned feedback needs rule 'hebb' or 'oja' and eta > 0, got {rule!r}, {eta}")
        super().__init__("random")
        self.rule, self.eta = rule, eta
        self.name = f"{self.label}, feedback by {rule.capitalize()}"

    def gradients(self, net, fwd, e) -> list:
        self._h = fwd.h  # the activity the feedback learns from
        return super().gradients(net, fwd, e)

    def after_step(self, net, rng):
        for index, pre, post in self.pairs(net, self._h):
            self.fixed[index] += rate_update(self.rule, self.fixed[index], pre, self.eta, Y=post)


class HebbianFA(_LearnedFeedback, FeedbackAlignment):
    """FA whose B_l (from layer l to layer l-1) learns from the activities of layers l (pre) and l-1 (post)."""

    def pairs(self, net, h):
        return [(l, h[l + 1], h[l]) for l in range(1, net.n_layers)]


class HebbianDFA(_LearnedFeedback, DirectFeedbackAlignment):
    """DFA whose D_l (from the output to hidden layer l) learns from the output (pre) and layer l (post) activities."""

    def pairs(self, net, h):
        return [(l - 1, h[-1], h[l]) for l in range(1, net.n_layers)]
