"""Measurements on simulation output: weight-distribution shape, firing rates, spike-train irregularity."""

from __future__ import annotations

import numpy as np


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
