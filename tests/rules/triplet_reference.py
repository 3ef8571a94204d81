"""Triplet STDP computed event by event in plain Python, from Pfister & Gerstner (2006), *J. Neurosci.* 26:9673,
eqs. 1-4, independently of the Brian2 equations in :mod:`spikelearn.rules.triplet`.

Presynaptic detectors r1 (time constant tau+) and r2 (tau_x), postsynaptic detectors o1 (tau-) and o2 (tau_y) decay
exponentially between spikes (eqs. 1-2); a spike raises its two detectors by 1 (all-to-all interaction) or sets
them to 1 (nearest-spike interaction, the detectors saturate at 1). At a presynaptic spike (eq. 3)
w -> w - o1(t) [A2- + A3- r2(t - eps)], at a postsynaptic spike (eq. 4) w -> w + r1(t) [A2+ + A3+ o2(t - eps)]:
r2 and o2 are read before the spike's own increment. The paper leaves two things open that a simulation on a time
grid must fix; here they follow Brian2's order within one step: a presynaptic and a postsynaptic spike at the same
time are processed presynaptic first (so r1 at the postsynaptic spike includes the simultaneous presynaptic one),
and w is clipped to [0, w_max] after every update (the paper has no bounds; pick w_max so that none is reached).
"""

from __future__ import annotations

import math


def triplet_weight(
    pre_ms,
    post_ms,
    w0: float,
    *,
    tau_plus: float,
    tau_minus: float,
    tau_x: float,
    tau_y: float,
    A2_plus: float,
    A3_plus: float,
    A2_minus: float,
    A3_minus: float,
    pairing: str = "all-to-all",
    w_max: float = math.inf,
) -> float:
    """The weight after the presynaptic spikes ``pre_ms`` and the postsynaptic spikes ``post_ms`` (times in ms,
    time constants in ms), starting from ``w0``; ``pairing`` is ``"all-to-all"`` or ``"nearest"``."""
    if pairing not in ("all-to-all", "nearest"):
        raise ValueError(f"pairing must be 'all-to-all' or 'nearest', got {pairing!r}")

    def bump(detector: float) -> float:
        return detector + 1.0 if pairing == "all-to-all" else 1.0

    # (time, 0) for a presynaptic spike sorts before (time, 1), a postsynaptic spike at the same time
    events = sorted([(float(t), 0) for t in pre_ms] + [(float(t), 1) for t in post_ms])
    r1 = r2 = o1 = o2 = 0.0
    w, last = float(w0), None
    for t, is_post in events:
        if last is not None:
            elapsed = t - last
            r1 *= math.exp(-elapsed / tau_plus)
            r2 *= math.exp(-elapsed / tau_x)
            o1 *= math.exp(-elapsed / tau_minus)
            o2 *= math.exp(-elapsed / tau_y)
        last = t
        if is_post:
            w += r1 * (A2_plus + A3_plus * o2)  # eq. 4, o2 before this spike
            o1, o2 = bump(o1), bump(o2)
        else:
            w -= o1 * (A2_minus + A3_minus * r2)  # eq. 3, r2 before this spike
            r1, r2 = bump(r1), bump(r2)
        w = min(max(w, 0.0), w_max)
    return w


def triplet_weight_for(params, pre_ms, post_ms, w0: float) -> float:
    """:func:`triplet_weight` with the parameter values of a :class:`spikelearn.rules.triplet.TripletSTDP`."""
    from brian2 import ms

    return triplet_weight(
        pre_ms,
        post_ms,
        w0,
        tau_plus=float(params.tau_plus / ms),
        tau_minus=float(params.tau_minus / ms),
        tau_x=float(params.tau_x / ms),
        tau_y=float(params.tau_y / ms),
        A2_plus=params.A2_plus,
        A3_plus=params.A3_plus,
        A2_minus=params.A2_minus,
        A3_minus=params.A3_minus,
        pairing=params.pairing,
        w_max=params.w_max,
    )
