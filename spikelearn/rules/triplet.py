r"""Triplet STDP (Pfister & Gerstner 2006, *J. Neurosci.* 26:9673), spiking form and rate (BCM) form.

Two presynaptic traces :math:`r_1, r_2` (time constants :math:`\tau_+, \tau_x`) and two postsynaptic
traces :math:`o_1, o_2` (:math:`\tau_-, \tau_y`); a spike adds 1 to its traces (all-to-all) or sets them
to 1 (nearest-spike). At a presynaptic spike (their eq. 3)

.. math:: w \leftarrow w - o_1 \left[A_2^- + A_3^- r_2(t - \epsilon)\right]

and at a postsynaptic spike

.. math:: w \leftarrow w + r_1 \left[A_2^+ + A_3^+ o_2(t - \epsilon)\right],

where :math:`r_2` and :math:`o_2` are read *before* the spike's own increment. Rate form for independent
Poisson trains, all-to-all (their eq. 6):

.. math:: \langle \dot w \rangle = \rho_{pre}\rho_{post}\left[A_2^+ \tau_+ - A_2^- \tau_-
          + A_3^+ \tau_+ \tau_y \rho_{post} - A_3^- \tau_- \tau_x \rho_{pre}\right]

which for the minimal model (:math:`A_2^+ = A_3^- = 0`) is a BCM rule with threshold
:math:`\theta = A_2^- \tau_- / (A_3^+ \tau_+ \tau_y)`.

With nearest-spike pairing a trace read at a spike of the other, independent Poisson train has the mean
:math:`\rho\tau / (1 + \rho\tau)` (:func:`expected_drift`). Diehl & Cook's (2015) rule is this form with
:math:`A_2^+ = A_3^- = 0` (:data:`DIEHL_COOK_2015`).

Homeostatic (sliding-threshold) version (Pfister & Gerstner 2006, "Relation to BCM"): with ``rho_0`` set,
the pair depression amplitude is :math:`A_2^- \bar\nu^p / \rho_0^p`, where :math:`\bar\nu` is the
postsynaptic rate averaged over ``tau_h`` (a trace that jumps by :math:`1/\tau_h` at each post spike), so
the threshold becomes :math:`\theta(\bar\nu) = \theta\, (\bar\nu / \rho_0)^p`: it rises with the
neuron's mean rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_choice, check_fields, check_quantity, default
from . import SynapseModel, rate_matrix

PAIRINGS = ("all-to-all", "nearest")
INCREMENT = {"all-to-all": "+=", "nearest": "="}

MODEL = """
w : 1                                      # synaptic weight, 0 <= w <= w_max
dr1/dt = -r1 / tau_plus : 1 (event-driven)   # presynaptic traces
dr2/dt = -r2 / tau_x : 1 (event-driven)
do1/dt = -o1 / tau_minus : 1 (event-driven)  # postsynaptic traces
do2/dt = -o2 / tau_y : 1 (event-driven)
"""
SLIDING_MODEL = """
dnu_bar/dt = -nu_bar / tau_h : Hz (event-driven)  # the postsynaptic rate averaged over tau_h
"""
ON_PRE = """
{transmit}
w = clip(w - o1 * ({A2_minus} + A3_minus * r2), 0, w_max)  # pair and triplet depression, r2 before this spike
r1 {increment} 1
r2 {increment} 1
"""
ON_POST = """
w = clip(w + r1 * (A2_plus + A3_plus * o2), 0, w_max)    # pair and triplet potentiation, o2 before this spike
o1 {increment} 1
o2 {increment} 1
"""
SLIDING_ON_POST = """
nu_bar += 1 / tau_h
"""
SLIDING_A2_MINUS = "A2_minus * (nu_bar / rho_0)**p"

# Pfister & Gerstner (2006), Table 4 (tau+ = 16.8 ms, tau- = 33.7 ms throughout): fits to the visual-cortex
# pairing-frequency data (Sjostrom et al. 2001) and the hippocampal-culture triplet/quadruplet data (Wang et
# al. 2005). (data, model, pairing) -> (tau_x ms, tau_y ms, A2+, A3+, A2-, A3-); tau_x is unused where A3- = 0.
PFISTER_2006 = {
    ("visual-cortex", "full", "all-to-all"): (101, 125, 5e-10, 6.2e-3, 7e-3, 2.3e-4),
    ("visual-cortex", "minimal", "all-to-all"): (101, 114, 0.0, 6.5e-3, 7.1e-3, 0.0),
    ("visual-cortex", "full", "nearest"): (714, 40, 8.8e-11, 5.3e-2, 6.6e-3, 3.1e-3),
    ("visual-cortex", "minimal", "nearest"): (714, 40, 0.0, 5e-2, 8e-3, 0.0),
    ("hippocampal", "full", "all-to-all"): (946, 27, 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3),
    ("hippocampal", "minimal", "all-to-all"): (946, 27, 5.3e-3, 8e-3, 3.5e-3, 0.0),
    ("hippocampal", "full", "nearest"): (575, 47, 4.6e-3, 9.1e-3, 3e-3, 7.5e-9),
    ("hippocampal", "minimal", "nearest"): (575, 48, 4.6e-3, 9.1e-3, 3e-3, 0.0),
}

# Diehl & Cook (2015), "Learning rule" and their published code (the "pre-and-post" rule of Brian2's
# examples/frompapers/Diehl_Cook_2015.py): a presynaptic spike depresses by nu_pre x post1 (tau 20 ms), a
# postsynaptic one potentiates by nu_post x pre (tau 20 ms) x post2 (tau 40 ms, read before the spike); nearest-spike
# traces, weights in [0, 1].
DIEHL_COOK_2015 = dict(
    tau_plus=20 * ms,
    tau_minus=20 * ms,
    tau_y=40 * ms,
    A2_plus=0.0,
    A3_plus=1e-2,
    A2_minus=1e-4,
    A3_minus=0.0,
    w_max=1.0,
    pairing="nearest",
)


@dataclass(frozen=True)
class TripletSTDP:
    """Parameters of triplet STDP; defaults: the minimal all-to-all visual-cortex set (Pfister & Gerstner 2006,
    Table 4)."""

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
    rho_0: Quantity | None = None  # sliding threshold: A2- scaled by (nu_bar / rho_0)^p; None: fixed
    p: float = 2.0
    tau_h: Quantity = default(3600 * second)  # the threshold slides over hours (dark rearing, Bear 1987)

    def __post_init__(self):
        check_fields(self, ms, "tau_plus", "tau_minus", "tau_x", "tau_y", "tau_h")
        check_fields(self, 1, "A2_plus", "A3_plus", "A2_minus", "A3_minus", sign="nonnegative")
        check_fields(self, 1, "w_max", "p")
        check_choice("TripletSTDP.pairing", self.pairing, PAIRINGS)
        if self.rho_0 is not None:
            check_fields(self, Hz, "rho_0")

    @classmethod
    def from_paper(cls, data: str = "visual-cortex", model: str = "minimal", pairing: str = "all-to-all", **kwargs):
        """A parameter set of Pfister & Gerstner (2006), Table 4; ``kwargs`` override fields (e.g. ``w_max``)."""
        check_choice("data", data, sorted({k[0] for k in PFISTER_2006}))
        check_choice("model", model, ("minimal", "full"))
        check_choice("pairing", pairing, PAIRINGS)
        tau_x, tau_y, a2p, a3p, a2m, a3m = PFISTER_2006[data, model, pairing]
        return cls(
            **{
                **dict(
                    tau_x=tau_x * ms,
                    tau_y=tau_y * ms,
                    A2_plus=a2p,
                    A3_plus=a3p,
                    A2_minus=a2m,
                    A3_minus=a3m,
                    pairing=pairing,
                ),
                **kwargs,
            }
        )

    @property
    def sliding(self) -> bool:
        return self.rho_0 is not None

    @property
    def namespace(self) -> dict:
        names = ("tau_plus", "tau_minus", "tau_x", "tau_y", "A2_plus", "A3_plus", "A2_minus", "A3_minus", "w_max")
        names += ("rho_0", "p", "tau_h") if self.sliding else ()
        return {k: getattr(self, k) for k in names}

    def bcm_threshold(self, nu_bar=None):
        """theta = (A2- tau- - A2+ tau+) / (A3+ tau+ tau_y): the post rate where the drift changes sign (A3- = 0).

        For the sliding version, A2- is scaled by (nu_bar / rho_0)^p at the mean rate ``nu_bar``.
        """
        tp, tm, ty = (float(t / second) for t in (self.tau_plus, self.tau_minus, self.tau_y))
        a2_minus = self.A2_minus * self._homeostasis(nu_bar)
        return (a2_minus * tm - self.A2_plus * tp) / (self.A3_plus * tp * ty) * Hz

    def _homeostasis(self, nu_bar=None, moment: bool = False):
        """The factor on A2-: 1 (fixed threshold) or nu_bar^p / rho_0^p; ``moment``: ``nu_bar`` is <nu_bar^p>."""
        if not self.sliding:
            return 1.0
        if nu_bar is None:
            raise InputError("the sliding-threshold rule needs the mean postsynaptic rate nu_bar")
        unit = Hz**self.p if moment else Hz
        value = np.asarray(check_quantity("nu_bar", nu_bar, unit, sign="nonnegative") / unit, float)
        return (value if moment else value**self.p) / float(self.rho_0 / Hz) ** self.p


def synapse_model(params: TripletSTDP, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse of the rule; ``transmit`` is the on-spike effect, e.g. ``"g_e_post += w"``."""
    if not isinstance(params, TripletSTDP):
        raise InputError(f"params must be TripletSTDP, got {type(params).__name__}")
    increment = INCREMENT[params.pairing]
    sliding = params.sliding
    return SynapseModel(
        MODEL + SLIDING_MODEL * sliding,
        ON_PRE.format(transmit=transmit, increment=increment, A2_minus=SLIDING_A2_MINUS if sliding else "A2_minus"),
        ON_POST.format(increment=increment) + SLIDING_ON_POST * sliding,
        params.namespace,
    )


# Nearest-spike pairing without triplet depression (A3- = 0), as large networks need it: one copy of each trace
# instead of one per synapse. The postsynaptic traces o1, o2 live in a group of their own (exact decay, set to 1
# by the neuron's spike after the synapses' pathways have read them); the target group links them. A synapse keeps
# the arrival time of its last presynaptic spike, r1 = exp(-(t - t_arrival) / tau_plus), so a presynaptic spike costs
# no exponential. Spike for spike the same rule as :func:`synapse_model` with ``pairing="nearest"``.
NEAREST_POST_TRACES = """
do1/dt = -o1 / tau_minus : 1
do2/dt = -o2 / tau_y : 1
"""
NEAREST_LINKED = """
o1 : 1 (linked)
o2 : 1 (linked)
"""
NEAREST_MODEL = """
w : 1               # synaptic weight, 0 <= w <= w_max
t_arrival : second  # the last presynaptic arrival: r1 = exp(-(t - t_arrival) / tau_plus)
"""
NEAREST_ON_PRE = """
{transmit}
w = clip(w - o1_post * A2_minus, 0, w_max)  # pair depression
t_arrival = t
"""
NEAREST_ON_POST = "w = clip(w + exp(-(t - t_arrival) / tau_plus) * (A2_plus + A3_plus * o2_post), 0, w_max)"
NEAREST_POST_SPIKE = "o1_post = 1\no2_post = 1"


def nearest_synapse_model(params: TripletSTDP, transmit: str = "") -> SynapseModel:
    """The rule with per-neuron postsynaptic traces (nearest-spike pairing, A3- = 0); the target group must declare
    :data:`NEAREST_LINKED` and get its traces from :func:`nearest_post_traces`. Set ``t_arrival`` far in the past."""
    if not isinstance(params, TripletSTDP) or params.pairing != "nearest" or params.A3_minus or params.sliding:
        raise InputError(
            "nearest_synapse_model needs TripletSTDP with nearest-spike pairing, A3_minus = 0 and no "
            f"sliding threshold, got {params!r}"
        )
    return SynapseModel(NEAREST_MODEL, NEAREST_ON_PRE.format(transmit=transmit), NEAREST_ON_POST, params.namespace)


def nearest_post_traces(params: TripletSTDP, target, dt, name: str = "post_traces"):
    """The postsynaptic traces of ``target`` (a group declaring :data:`NEAREST_LINKED`): a group that holds them
    and the one-to-one synapses that set them at ``target``'s spikes, after every other synaptic pathway. Call it
    before building the synapses that read them. Returns both, for the network."""
    from brian2 import NeuronGroup, Synapses, linked_var

    traces = NeuronGroup(len(target), NEAREST_POST_TRACES, method="exact", dt=dt, name=name, namespace=params.namespace)
    setter = Synapses(target, traces, on_pre=NEAREST_POST_SPIKE, dt=dt, name=f"{name}_spikes")
    setter.connect(i=np.arange(len(target)), j=np.arange(len(target)))
    setter.pre.order = 2  # after every on_pre (order -1) and on_post (order 1) pathway of the step
    target.o1 = linked_var(traces, "o1")
    target.o2 = linked_var(traces, "o2")
    return traces, setter


def _trace_integral(tau: float, dt, own_step: bool) -> float:
    """The mean of a trace per unit rate: tau in continuous time; on a grid dt, the sum over lags >= 0
    (the trace includes a spike of the same step, ``own_step``) or >= 1 (it does not)."""
    if dt is None:
        return tau
    decay = np.exp(-dt / tau)
    return dt / (1 - decay) if own_step else dt * decay / (1 - decay)


def _nearest_trace(rate, tau: float, dt, own_step: bool):
    """The mean of a nearest-spike trace (set to 1 at a spike) read at an independent time: rho tau / (1 + rho tau)
    in continuous time; on a grid dt with spike probability p = rho dt per step, the sum over the lag k of the last
    spike, p (1 - p)^k e^{-k dt / tau}, from k = 0 (``own_step``: a spike of the same step counts) or k = 1."""
    if dt is None:
        return rate * tau / (1 + rate * tau)
    p, decay = rate * dt, np.exp(-dt / tau)
    return p * (1 if own_step else decay) / (1 - (1 - p) * decay)


def expected_drift(params: TripletSTDP, rate_pre, rate_post, dt=None, nu_bar_p=None):
    """Mean drift <dw/dt> (1/s) for independent Poisson trains.

    All-to-all pairing: Pfister & Gerstner (2006), eq. 6. Nearest-spike pairing: each trace read at a spike of
    the other train is :func:`_nearest_trace` (the spike trains are independent and memoryless, so r1 and o2 are
    too), <dw/dt> = rho_post r1 (A2+ + A3+ o2) - rho_pre o1 (A2- + A3- r2).

    For the sliding version (all-to-all), ``nu_bar_p`` is <nu_bar^p> (units Hz^p) over the run: A2- is scaled by
    it / rho_0^p.

    With ``dt`` the drift of the rule simulated on that grid (Brian2 runs the pre pathway first): at a post
    spike r1 includes a pre spike of the same step, o2 excludes the spike's own increment; at a pre
    spike o1 excludes a post spike of the same step and r2 its own increment.
    """
    check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    x, y = np.asarray(rate_pre / Hz, float), np.asarray(rate_post / Hz, float)
    step = None if dt is None else float(check_quantity("dt", dt, second) / second)
    taus = [
        (float(t / second), own)
        for t, own in ((params.tau_plus, True), (params.tau_minus, False), (params.tau_x, False), (params.tau_y, False))
    ]
    if params.pairing == "nearest":
        if params.sliding:
            raise InputError("expected_drift has no nearest-spike form of the sliding threshold")
        r1, o1, r2, o2 = (_nearest_trace(rate, tau, step, own) for rate, (tau, own) in zip((x, y, x, y), taus))
        return y * r1 * (params.A2_plus + params.A3_plus * o2) - x * o1 * (params.A2_minus + params.A3_minus * r2)
    tp, tm, tx, ty = (_trace_integral(tau, step, own) for tau, own in taus)
    a2_minus = params.A2_minus * params._homeostasis(nu_bar_p, moment=True)
    return x * y * (params.A2_plus * tp - a2_minus * tm + params.A3_plus * tp * ty * y - params.A3_minus * tm * tx * x)


def rate_update(params: TripletSTDP, rate_pre, rate_post, w, duration):
    """Rate form for a weight matrix ``w`` (n_post, n_pre) over ``duration``: dW = <dw/dt>(rate_pre[j],
    rate_post[i]) * duration (Pfister & Gerstner 2006, eq. 6, on continuous time), without the bounds."""
    _, pre, post = rate_matrix(w, rate_pre, rate_post)
    return expected_drift(params, pre, post) * float(check_quantity("duration", duration, second) / second)


def mean_nu_bar_p(params: TripletSTDP, nu_0, rate_post, duration, n_grid: int = 1001):
    """<nu_bar^p> over a run of ``duration`` in which nu_bar starts at ``nu_0`` and relaxes to ``rate_post``
    with ``tau_h`` (the deterministic path; the shot-noise variance rate_post / (2 tau_h) is neglected)."""
    if not params.sliding:
        raise InputError("mean_nu_bar_p is for the sliding-threshold rule (rho_0 set)")
    check_quantity("nu_0", nu_0, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    t = np.linspace(0, float(check_quantity("duration", duration, second) / second), n_grid)
    y = np.asarray(rate_post / Hz, float)[..., None]
    path = y + (np.asarray(nu_0 / Hz, float)[..., None] - y) * np.exp(-t / float(params.tau_h / second))
    return np.trapezoid(path**params.p, t, axis=-1) / t[-1] * Hz**params.p
