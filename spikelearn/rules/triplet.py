r"""Triplet STDP (Pfister & Gerstner 2006, *J. Neurosci.* 26:9673), spiking form and rate (BCM) form.

Two presynaptic traces :math:`r_1, r_2` (time constants :math:`\tau_+, \tau_x`) and two postsynaptic
traces :math:`o_1, o_2` (:math:`\tau_-, \tau_y`); a spike adds 1 to its traces (all-to-all) or sets them
to 1 (nearest-spike). At a presynaptic spike (their eq. 3)

.. math:: w \leftarrow w - o_1 \left[A_2^- + A_3^- r_2(t - \epsilon)\right]

and at a postsynaptic spike

.. math:: w \leftarrow w + r_1 \left[A_2^+ + A_3^+ o_2(t - \epsilon)\right],

where :math:`r_2` and :math:`o_2` are read *before* the spike's own increment. Rate form for independent
Poisson trains, all-to-all (their eq. 6):

.. math:: \langle \dot w \rangle = \rho_{pre}\rho_{post}\left[A_2^+ \tau_+ - A_2^- \tau_- + A_3^+ \tau_+ \tau_y \rho_{post}
          - A_3^- \tau_- \tau_x \rho_{pre}\right]

which for the minimal model (:math:`A_2^+ = A_3^- = 0`) is a BCM rule with threshold
:math:`\theta = A_2^- \tau_- / (A_3^+ \tau_+ \tau_y)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import check_choice, check_fields, check_quantity, default
from . import SynapseModel

PAIRINGS = ("all-to-all", "nearest")
INCREMENT = {"all-to-all": "+=", "nearest": "="}

MODEL = """
w : 1                                      # synaptic weight, 0 <= w <= w_max
dr1/dt = -r1 / tau_plus : 1 (event-driven)   # presynaptic traces
dr2/dt = -r2 / tau_x : 1 (event-driven)
do1/dt = -o1 / tau_minus : 1 (event-driven)  # postsynaptic traces
do2/dt = -o2 / tau_y : 1 (event-driven)
"""
ON_PRE = """
{transmit}
w = clip(w - o1 * (A2_minus + A3_minus * r2), 0, w_max)  # pair and triplet depression, r2 before this spike
r1 {increment} 1
r2 {increment} 1
"""
ON_POST = """
w = clip(w + r1 * (A2_plus + A3_plus * o2), 0, w_max)    # pair and triplet potentiation, o2 before this spike
o1 {increment} 1
o2 {increment} 1
"""


@dataclass(frozen=True)
class TripletSTDP:
    """Parameters of triplet STDP; defaults: the minimal visual-cortex set used by issue 6 (all-to-all)."""

    tau_plus: Quantity = default(16.8 * ms)
    tau_minus: Quantity = default(33.7 * ms)
    tau_x: Quantity = default(101 * ms)
    tau_y: Quantity = default(114 * ms)
    A2_plus: float = 0.0
    A3_plus: float = 6.5e-3
    A2_minus: float = 7.1e-3
    A3_minus: float = 0.0
    w_max: float = 1.0
    pairing: str = "all-to-all"

    def __post_init__(self):
        check_fields(self, ms, "tau_plus", "tau_minus", "tau_x", "tau_y")
        check_fields(self, 1, "A2_plus", "A3_plus", "A2_minus", "A3_minus", sign="nonnegative")
        check_fields(self, 1, "w_max")
        check_choice("TripletSTDP.pairing", self.pairing, PAIRINGS)

    @property
    def namespace(self) -> dict:
        names = ("tau_plus", "tau_minus", "tau_x", "tau_y", "A2_plus", "A3_plus", "A2_minus", "A3_minus", "w_max")
        return {k: getattr(self, k) for k in names}

    def bcm_threshold(self):
        """theta = (A2- tau- - A2+ tau+) / (A3+ tau+ tau_y): the post rate where the drift changes sign (A3- = 0)."""
        tp, tm, ty = (float(t / second) for t in (self.tau_plus, self.tau_minus, self.tau_y))
        return (self.A2_minus * tm - self.A2_plus * tp) / (self.A3_plus * tp * ty) * Hz


def synapse_model(params: TripletSTDP, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse of the rule; ``transmit`` is the on-spike effect, e.g. ``"g_e_post += w"``."""
    if not isinstance(params, TripletSTDP):
        raise ValueError(f"params must be TripletSTDP, got {type(params).__name__}")
    increment = INCREMENT[params.pairing]
    return SynapseModel(MODEL, ON_PRE.format(transmit=transmit, increment=increment),
                        ON_POST.format(increment=increment), params.namespace)


def _trace_integral(tau: float, dt, own_step: bool) -> float:
    """The mean of a trace per unit rate: tau in continuous time; on a grid dt, the sum over lags >= 0
    (the trace includes a spike of the same step, ``own_step``) or >= 1 (it does not)."""
    if dt is None:
        return tau
    decay = np.exp(-dt / tau)
    return dt / (1 - decay) if own_step else dt * decay / (1 - decay)


def expected_drift(params: TripletSTDP, rate_pre, rate_post, dt=None):
    """Mean drift <dw/dt> (1/s) for independent Poisson trains, all-to-all pairing (Pfister & Gerstner 2006, eq. 6).

    With ``dt`` the drift of the rule simulated on that grid (Brian2 runs the pre pathway first): at a post
    spike r1 includes a pre spike of the same step, o2 excludes the spike's own increment; at a pre
    spike o1 excludes a post spike of the same step and r2 its own increment.
    """
    if params.pairing != "all-to-all":
        raise ValueError("expected_drift is the all-to-all form; nearest-spike pairing has none in closed form here")
    check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    x, y = np.asarray(rate_pre / Hz, float), np.asarray(rate_post / Hz, float)
    step = None if dt is None else float(check_quantity("dt", dt, second) / second)
    tp, tm, tx, ty = (_trace_integral(float(t / second), step, own)
                      for t, own in ((params.tau_plus, True), (params.tau_minus, False),
                                     (params.tau_x, False), (params.tau_y, False)))
    return x * y * (params.A2_plus * tp - params.A2_minus * tm + params.A3_plus * tp * ty * y
                    - params.A3_minus * tm * tx * x)
