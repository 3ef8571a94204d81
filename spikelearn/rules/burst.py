r"""Burst-dependent plasticity (Payeur, Guerguiev, Zenke, Richards & Naud 2021, *Nat. Neurosci.* 24:1010, eq. 1).

.. math:: \frac{dW_{ij}}{dt} = \eta\, \left[B_i(t) - \bar P_i(t)\, E_i(t)\right] \tilde E_j(t)

:math:`E_i`, :math:`B_i`: the postsynaptic event and burst trains (:mod:`spikelearn.bursts`);
:math:`\tilde E_j`: a trace of presynaptic *events* (:math:`\tau_{pre}`, +1 per event, not normalised);
:math:`\bar P_i = \bar B_i / \bar E_i` (capped at 1), the ratio of two moving averages of bursts and events
over :math:`\tau_{avg}` (seconds). Event-driven: at every postsynaptic event (a burst's first spike included)
:math:`W \mathrel{-}= \eta \bar P \tilde E_j`, at every burst (its second spike) :math:`W \mathrel{+}= \eta
\tilde E_j`; :math:`\bar E` counts an event *after* that event's depression (it is updated in the
neuron's reset, which Brian2 runs after the synapses). Source: the authors' ``AdaptiveEBCPConnection``
(apayeur/spikingburstprop), notes in the project's shared reference folder.

Rate form, for independent pre/post trains with event rates :math:`E_{pre}, E` and burst rate :math:`B`:
:math:`\langle dW/dt \rangle = \eta\, \tau_{pre} E_{pre}\, (B - \bar P(t) E)`, where :math:`\bar P(t)` relaxes
from its initial value towards :math:`B/E` (:func:`expected_drift`). The ensemble (burstprop) form is
:func:`rate_update`: :math:`\Delta W = \eta\, [(p^t - p) \odot e]\, e_{pre}^T`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_fields, check_quantity, default
from . import SynapseModel


@dataclass(frozen=True)
class BurstRule:
    """Parameters; defaults: the paper's pairing protocols (eta in weight units per presynaptic event)."""

    eta: float = 0.1
    tau_pre: Quantity = default(50 * ms)
    tau_avg: Quantity = default(15 * second)
    w_min: float = -1e3  # the protocols report unbounded changes; networks use [0, 1]
    w_max: float = 1e3
    e_min: Quantity | None = None  # homeostasis (XOR, Fig. 2e-g): event-rate bounds of the post neuron
    e_max: Quantity | None = None

    def __post_init__(self):
        check_fields(self, 1, "eta")
        check_fields(self, ms, "tau_pre", "tau_avg")
        check_fields(self, 1, "w_min", "w_max", sign="any")
        if self.w_min >= self.w_max:
            raise InputError(f"BurstRule: need w_min < w_max, got {self.w_min} and {self.w_max}")
        if (self.e_min is None) != (self.e_max is None):
            raise InputError("BurstRule: give both e_min and e_max (homeostasis) or neither")
        if self.homeostatic:
            check_fields(self, Hz, "e_min", "e_max")
            if self.e_min >= self.e_max:
                raise InputError(f"BurstRule: need e_min < e_max, got {self.e_min} and {self.e_max}")

    @property
    def homeostatic(self) -> bool:
        return self.e_min is not None

    @property
    def namespace(self) -> dict:
        names = ("eta", "tau_pre", "tau_avg", "w_min", "w_max") + (("e_min", "e_max") if self.homeostatic else ())
        return {k: getattr(self, k) for k in names}


# the postsynaptic neuron's part (with spikelearn.bursts' detector): moving averages of events and bursts
POST_EQUATIONS = """
dE_bar/dt = -E_bar / tau_avg : 1                   # event count averaged over tau_avg (E_bar / tau_avg in Hz)
dB_bar/dt = -B_bar / tau_avg : 1                   # burst count averaged over tau_avg
P_bar = clip(B_bar / (E_bar + 1e-9), 0, 1) : 1     # moving burst probability
"""
POST_RESET = """
E_bar += is_event
B_bar += is_burst
"""

MODEL = """
w : 1
plastic : 1 (shared)                               # 0 turns learning off (burn-in, test phases)
dE_trace/dt = -E_trace / tau_pre : 1 (event-driven)  # presynaptic event trace (E~_j)
"""
ON_PRE = """
E_trace += is_event_pre
{homeostasis}{transmit}
"""
ON_POST = """
w = clip(w + plastic * eta * (is_burst_post - P_bar_post * is_event_post{homeostasis}) * E_trace, w_min, w_max)
"""
# homeostasis (the authors' AdaptiveEBCPConnection): potentiation at each presynaptic event while the post
# neuron's mean event rate E_bar / tau_avg is below e_min; above e_max, each post event and burst adds
# -(rate - e_max) / rate to its factor
HOMEOSTASIS_PRE = """rate_post_bar = E_bar_post / tau_avg
w = clip(w + plastic * is_event_pre * eta * int(rate_post_bar < e_min) * (e_min - rate_post_bar) / Hz, w_min, w_max)
"""
HOMEOSTASIS_POST = (
    " - (is_event_post + is_burst_post) * int(E_bar_post / tau_avg > e_max)"
    " * (1 - e_max * tau_avg / (E_bar_post + 1e-9))"
)


def synapse_model(params: BurstRule, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse between groups that carry the burst detector (the target also :data:`POST_EQUATIONS`);
    ``transmit``: the on-spike effect, e.g. ``"g_e_post += w * is_event_pre"`` (plastic connections carry events)."""
    if not isinstance(params, BurstRule):
        raise InputError(f"params must be BurstRule, got {type(params).__name__}")
    h = params.homeostatic
    return SynapseModel(
        MODEL,
        ON_PRE.format(transmit=transmit, homeostasis=HOMEOSTASIS_PRE if h else ""),
        ON_POST.format(homeostasis=HOMEOSTASIS_POST if h else ""),
        params.namespace,
    )


def p_bar_path(params: BurstRule, event_rate, burst_rate, p_bar0: float, e_bar0, duration, n_grid: int = 2001):
    """P_bar(t) on a grid over ``duration`` when the averages start at E_bar = ``e_bar0``, B_bar = p_bar0 E_bar and
    relax towards the rates: (t in s, P_bar(t))."""
    e, b = (
        float(check_quantity(n, v, Hz, sign="nonnegative") / Hz)
        for n, v in (("event_rate", event_rate), ("burst_rate", burst_rate))
    )
    e0 = float(check_quantity("e_bar0", e_bar0, Hz) / Hz)
    t = np.linspace(0, float(check_quantity("duration", duration, second) / second), n_grid)
    decay = np.exp(-t / float(params.tau_avg / second))
    e_bar = e + (e0 - e) * decay
    b_bar = b + (p_bar0 * e0 - b) * decay
    return t, np.minimum(b_bar / e_bar, 1.0)


def expected_drift(params: BurstRule, pre_event_rate, event_rate, burst_rate, p_bar0: float, e_bar0, duration):
    """Mean dw/dt (1/s) over ``duration`` for independent trains: the rate form integrated along P_bar(t), divided
    by the duration."""
    t, p_bar = p_bar_path(params, event_rate, burst_rate, p_bar0, e_bar0, duration)
    e, b = float(event_rate / Hz), float(burst_rate / Hz)
    trace = float(params.tau_pre / second) * float(
        check_quantity("pre_event_rate", pre_event_rate, Hz, sign="nonnegative") / Hz
    )
    return params.eta * trace * np.trapezoid(b - p_bar * e, t) / t[-1]


def rate_update(params: BurstRule, e, p_teacher, p, e_pre):
    """Burstprop's ensemble update (Payeur 2021, Methods): dW = eta [(p^t - p) * e]^T e_pre, summed over the batch,
    with ``params.eta`` as the learning rate.

    ``e``, ``p_teacher``, ``p``: (batch, n_post) event rates and burst probabilities with and without the
    teacher; ``e_pre``: (batch, n_pre) presynaptic event rates. Returns an (n_post, n_pre) array."""
    if not isinstance(params, BurstRule):
        raise InputError(f"params must be BurstRule, got {type(params).__name__}")
    e, p_teacher, p, e_pre = (np.atleast_2d(np.asarray(a, dtype=float)) for a in (e, p_teacher, p, e_pre))
    if not (e.shape == p_teacher.shape == p.shape) or e_pre.shape[0] != e.shape[0]:
        raise InputError(
            f"e, p_teacher, p must share one shape (batch, n_post) and e_pre have the same batch; "
            f"got {e.shape}, {p_teacher.shape}, {p.shape}, {e_pre.shape}"
        )
    return params.eta * ((p_teacher - p) * e).T @ e_pre
