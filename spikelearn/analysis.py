"""Measurements on simulation output: weight-distribution shape, firing rates, spike-train irregularity."""

from __future__ import annotations

import numpy as np

from .rules.feedback import Backprop


def fraction_outside(w, w_max: float, low: float = 0.1, high: float = 0.9) -> float:
    """Fraction of weights below ``low * w_max`` or above ``high * w_max`` (the outer deciles by default)."""
    w = np.asarray(w) / w_max
    return float(np.mean((w < low) | (w > high)))


def fraction_between(w, w_max: float, low: float = 0.2, high: float = 0.8) -> float:
    """Fraction of weights within ``[low, high] * w_max``."""
    w = np.asarray(w) / w_max
    return float(np.mean((w >= low) & (w <= high)))


def spike_trains(indices, times_s, n: int, start_s: float = 0.0, stop_s: float = np.inf):
    """Spike times (s) of each of ``n`` neurons within [start, stop), from monitor arrays ``i`` and ``t``."""
    indices, times_s = np.asarray(indices), np.asarray(times_s, dtype=float)
    keep = (times_s >= start_s) & (times_s < stop_s)
    return [times_s[keep & (indices == k)] for k in range(n)]


def rates(trains, duration_s: float) -> np.ndarray:
    """Firing rate (Hz) of each spike train over ``duration_s``."""
    return np.array([len(t) / duration_s for t in trains])


def isi_cv(trains) -> np.ndarray:
    """Coefficient of variation of the inter-spike intervals of each train (nan with < 3 spikes)."""
    cvs = []
    for t in trains:
        isi = np.diff(np.sort(t))
        cvs.append(isi.std() / isi.mean() if isi.size >= 2 else np.nan)
    return np.array(cvs)


def angle_deg(a, b) -> float:
    """Angle in degrees between two arrays taken as vectors (90 for orthogonal, 0 for parallel; nan if one is 0)."""
    a, b = np.ravel(a), np.ravel(b)
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    if norms == 0:
        return float("nan")
    cos = a @ b / norms
    return float(np.degrees(np.arccos(np.clip(cos, -1, 1))))


def fgsm_accuracy(net, x, y, eps: float) -> float:
    """Accuracy under the fast gradient sign attack (Goodfellow et al. 2015) with budget ``eps``.

    x_adv = clip(x + eps * sign(dL/dx), 0, 1), the gradient taken through the network by backprop
    (white box), whatever rule trained it. Inputs are expected in [0, 1].
    """
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, y)
    grad_x = Backprop().deltas(net, fwd, e)[0] @ net.W[0]
    x_adv = np.clip(fwd.h[0] + eps * np.sign(grad_x), 0, 1)
    return net.accuracy(x_adv, y)


def mode_strengths(maps, U, V) -> np.ndarray:
    """Strength of each SVD mode in each map: a_alpha = u_alpha^T M v_alpha (Saxe et al. 2013, eq. 6).

    ``maps`` is (T, n_out, n_in) or one map; ``U`` (n_out, K) and ``V`` (n_in, K) hold the modes as columns.
    """
    maps = np.asarray(maps)
    return np.einsum("ok,...oi,ik->...k", U, maps, V)


def learning_times(strengths, final=None, fraction: float = 0.5) -> np.ndarray:
    """First index at which each mode's strength reaches ``fraction`` of its ``final`` value (nan if never)."""
    strengths = np.asarray(strengths)
    final = strengths[-1] if final is None else np.asarray(final)
    reached = strengths >= fraction * final
    return np.where(reached.any(axis=0), reached.argmax(axis=0).astype(float), np.nan)
