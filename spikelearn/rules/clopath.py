r"""Voltage-based STDP (Clopath, Büsing, Vasilaki & Gerstner 2010, *Nat. Neurosci.* 13:344), spiking and rate form.

The postsynaptic membrane potential :math:`u` (an AdEx neuron with a spike-triggered depolarising current and an
adaptive threshold, :class:`spikelearn.neurons.AdExClopathParams`) is low-pass filtered twice,

.. math:: \tau_- \frac{d\bar u_-}{dt} = -\bar u_- + u(t - \delta), \qquad
          \tau_+ \frac{d\bar u_+}{dt} = -\bar u_+ + u(t - \delta),

and the presynaptic spike train :math:`X(t) = \sum_n \delta(t - t^n)` once, :math:`\tau_x \dot{\bar x} = -\bar x + X`
(so :math:`\bar x` jumps by :math:`1/\tau_x` and its mean is the presynaptic rate). Depression at presynaptic spikes
and continuous potentiation (their Methods; :math:`[\cdot]_+` the rectifier):

.. math:: \frac{dw^-}{dt} = -A_{LTD}(\bar{\bar u})\, X(t)\, [\bar u_- - \theta_-]_+, \qquad
          \frac{dw^+}{dt} = A_{LTP}\, \bar x\, [u - \theta_+]_+ \, [\bar u_+ - \theta_-]_+,

with :math:`A_{LTD}(\bar{\bar u}) = A_{LTD} \bar{\bar u}^2 / u_{ref}^2` (homeostasis), :math:`\bar{\bar u}` the
depolarisation :math:`u - E_L` averaged over ``tau_homeo`` = 1 s; weights are clipped to [w_min, w_max]. With
``homeostatic=False`` (how the paper fits the plasticity protocols) :math:`\bar{\bar u}^2 = u_{ref}^2`: the
amplitude is :math:`A_{LTD}` itself. The delay :math:`\delta` of the filtered potentials (5 ms) is not in the paper
but in the authors' reference code (ModelDB 144566; NEST's ``delay_u_bars``): it keeps a spike's own
depolarisation out of :math:`\bar u_+` while the spike lasts, so that an isolated pairing potentiates little. In
Brian2 it is a shift register of ``round(delta / dt)`` copies of :math:`u` (:func:`post_equations`).

Rate form (the paper's "rate-based" limit, derived here for independent Poisson trains at :math:`\nu_{pre}`,
:math:`\nu_{post}`). Approximation: the membrane potential is the resting potential plus a superposition of one
stereotyped waveform :math:`u_s(t)` per postsynaptic spike (EPSPs, and the interaction of nearby spikes through the
reset and the adaptation currents, are neglected), :math:`\theta_- \le E_L` and the waveform does not go below
:math:`\theta_-`, so the rectifier of the filtered potentials is the identity. With
:math:`S_1 = \int (u_s - E_L)\, dt` (mV s) and :math:`S_+ = \int [u_s - \theta_+]_+ dt` (nonzero during the spike):

- a filter of unit gain has the mean :math:`\langle \bar u_\pm \rangle = E_L + \nu_{post} S_1`;
- LTD: presynaptic spikes are independent of :math:`\bar u_-`, so
  :math:`\langle \dot w^- \rangle = -A_{LTD}\, h\, \nu_{pre} (E_L - \theta_- + \nu_{post} S_1)`,
  :math:`h = \bar{\bar u}^2/u_{ref}^2`;
- LTP: :math:`\bar x` is independent of the postsynaptic train (mean :math:`\nu_{pre}`); :math:`[u - \theta_+]_+` is
  nonzero only during a spike, where the delayed :math:`\bar u_+` holds only earlier spikes (:math:`\delta \ge`
  the spike's width), whose mean is, for a Poisson train, unchanged by the spike:
  :math:`\langle \dot w^+ \rangle = A_{LTP}\, \nu_{pre}\, \nu_{post} S_+ (E_L - \theta_- + \nu_{post} S_1)`.

For :math:`\theta_- = E_L` (the visual-cortex set) this is the BCM form of the paper,

.. math:: \langle \dot w \rangle = \nu_{pre}\, \nu_{post}\, S_1 \left(A_{LTP} S_+ \nu_{post} - A_{LTD}\, h\right),

LTP quadratic and LTD linear in the postsynaptic rate, with the threshold
:math:`\nu_\theta = A_{LTD} h / (A_{LTP} S_+)`; with homeostasis :math:`\bar{\bar u} = \bar\nu S_1`, so the threshold
slides with the square of the mean rate :math:`\bar\nu`. :func:`spike_waveform` integrates :math:`S_1, S_+` for the
neuron (an isolated spike, from rest).

Superposition overestimates the depolarisation at higher rates: the AdEx resets ``v`` and sets (not adds) ``z`` and
``V_T`` at a spike, so a spike cuts its predecessor's waveform short. The renewal variant (``renewal=True``) takes
this into account: the potential at any time is the waveform of the last spike only, whose age is exponentially
distributed for a Poisson train, so :math:`S_1` becomes the Laplace transform
:math:`S_1(\nu_{post}) = \int (u_s(s) - E_L)\, e^{-\nu_{post} s} ds`. The threshold :math:`\nu_\theta` is the same in
both (for :math:`\theta_- = E_L`, :math:`S_1` is a common factor); only the drift's magnitude changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from brian2 import Hz, Quantity, ms, mV, nS, pA, pF, second

from ..checks import InputError, check_fields, check_quantity, default
from ..neurons import AdExClopathParams, adex_clopath_group
from . import SynapseModel, rate_matrix


@dataclass(frozen=True)
class Clopath:
    """Parameters of the rule; defaults: visual cortex (Clopath et al. 2010, Table 1b), delay of the reference code."""

    A_LTD: Quantity = default(14e-5 / mV)
    A_LTP: Quantity = default(8e-5 / mV**2)
    theta_minus: Quantity = default(-70.6 * mV)
    theta_plus: Quantity = default(-45.3 * mV)
    tau_minus: Quantity = default(10 * ms)  # filter of u for LTD
    tau_plus: Quantity = default(7 * ms)  # filter of u for LTP
    tau_x: Quantity = default(15 * ms)  # presynaptic trace
    u_ref_squared: Quantity = default(60 * mV**2)
    tau_homeo: Quantity = default(1 * second)  # the mean depolarisation u_bar_bar
    homeostatic: bool = False  # False: A_LTD fixed (u_bar_bar^2 = u_ref^2), as for the paper's protocols
    delay: Quantity = default(5 * ms)  # of the filtered potentials (reference code)
    w_min: float = 0.0
    w_max: float = 1.0

    def __post_init__(self):
        check_fields(self, 1 / mV, "A_LTD", sign="nonnegative")
        check_fields(self, 1 / mV**2, "A_LTP", sign="nonnegative")
        check_fields(self, mV, "theta_minus", "theta_plus", sign="any")
        check_fields(self, ms, "tau_minus", "tau_plus", "tau_x", "tau_homeo")
        check_fields(self, ms, "delay", sign="nonnegative")
        check_fields(self, mV**2, "u_ref_squared")
        check_fields(self, 1, "w_min", sign="any")
        check_fields(self, 1, "w_max", sign="any")
        if not isinstance(self.homeostatic, bool):
            raise InputError(f"Clopath.homeostatic must be True or False, got {self.homeostatic!r}")
        if not self.w_min < self.w_max:
            raise InputError(f"Clopath: w_min ({self.w_min}) must be below w_max ({self.w_max})")

    @property
    def namespace(self) -> dict:
        names = ("A_LTD", "A_LTP", "theta_minus", "theta_plus", "tau_minus", "tau_plus", "tau_x")
        names += ("u_ref_squared", "tau_homeo", "w_min", "w_max")
        return {k: getattr(self, k) for k in names}


def delay_steps(params: Clopath, dt) -> int:
    """The number of time steps of the delay of the filtered potentials."""
    return int(round(float(params.delay / check_quantity("dt", dt, second))))


def post_equations(params: Clopath, dt) -> tuple[str, str]:
    """(equation lines, end-of-step code) of the postsynaptic part, for :func:`spikelearn.neurons.adex_clopath_group`:
    the filtered potentials u_minus, u_plus of the membrane potential ``u`` delayed by ``delay`` (a shift register
    u_lag1..u_lagK, K = round(delay / dt), that the end-of-step code advances: run it with
    ``group.run_regularly(code, when="end")`` where it is not empty) and the mean depolarisation u_bar_bar."""
    if not isinstance(params, Clopath):
        raise InputError(f"params must be Clopath, got {type(params).__name__}")
    k = delay_steps(params, dt)
    source = f"u_lag{k}" if k else "u"
    lines = [
        f"du_minus/dt = ({source} - u_minus) / tau_minus : volt  # filtered for LTD",
        f"du_plus/dt = ({source} - u_plus) / tau_plus : volt     # filtered for LTP",
        "du_bar_bar/dt = (u - E_L - u_bar_bar) / tau_homeo : volt  # mean depolarisation (homeostasis)",
    ]
    lines += [f"u_lag{i} : volt" for i in range(1, k + 1)]
    shift = [f"u_lag{i} = u_lag{i - 1}" for i in range(k, 1, -1)] + (["u_lag1 = u"] if k else [])
    return "\n" + "\n".join(lines) + "\n", "\n".join(shift)


def post_group(params: Clopath, n: int, neuron: AdExClopathParams | None = None, dt=0.1 * ms, name=None):
    """``n`` AdEx neurons with the rule's postsynaptic part (:func:`post_equations`), at rest: the filtered potentials
    at E_L, u_bar_bar at u_ref (the homeostatic factor starts at 1), the delay line advanced at the end of each step."""
    neuron = AdExClopathParams() if neuron is None else neuron
    equations, shift = post_equations(params, dt)
    group = adex_clopath_group(n, neuron, equations, params.namespace, name=name, dt=dt)
    group.u_minus = neuron.E_L
    group.u_plus = neuron.E_L
    group.u_bar_bar = np.sqrt(float(params.u_ref_squared / mV**2)) * mV
    for i in range(1, delay_steps(params, dt) + 1):
        setattr(group, f"u_lag{i}", neuron.E_L)
    if shift:
        group.run_regularly(shift, when="end", name=f"{group.name}_delay_line")
    return group


# A presynaptic spike through a synapse with this on_pre makes an AdEx of :func:`post_group` fire within a step (the
# membrane is set 10 Delta_T above its threshold) unless it is in a spike (where v is held at V_reset): postsynaptic
# spikes at chosen times.
KICK = "v_post = V_reset + int(not_refractory_post) * (V_T_post + 10 * Delta_T - V_reset)"


MODEL = """
dx_bar/dt = -x_bar / tau_x : Hz (clock-driven)  # presynaptic trace
ltp = clip(u_post - theta_plus, 0*mV, inf*mV) * clip(u_plus_post - theta_minus, 0*mV, inf*mV) : volt**2  # [.]+ [.]+
dw/dt = A_LTP * x_bar * ltp : 1 (clock-driven)  # continuous potentiation
"""
ON_PRE = """
{transmit}
w = clip(w - A_LTD * {homeostasis} * clip(u_minus_post - theta_minus, 0*mV, inf*mV), w_min, w_max)
x_bar += 1 / tau_x
"""
HOMEOSTASIS = "u_bar_bar_post**2 / u_ref_squared"
CLIP = "w = clip(w, w_min, w_max)"


def synapse_model(params: Clopath, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse (module docstring); the target group needs :func:`post_equations` and the neuron's ``u`` (use
    :func:`synapses`, which also bounds the continuous LTP); ``transmit`` is the on-spike effect."""
    if not isinstance(params, Clopath):
        raise InputError(f"params must be Clopath, got {type(params).__name__}")
    on_pre = ON_PRE.format(transmit=transmit, homeostasis=HOMEOSTASIS if params.homeostatic else "1")
    return SynapseModel(MODEL, on_pre, "", params.namespace)


def synapses(params: Clopath, source, target, transmit: str = "", name=None, dt=None):
    """The rule's Brian2 synapses from ``source`` to ``target`` (a :func:`post_group`), not yet connected: forward
    Euler, updated before the target (order -1), so that the continuous LTP reads the step's starting state as the
    filters do; the weights clipped to [w_min, w_max] at the end of each step. The target's constants (those of its
    ``u``) join the namespace."""
    model = synapse_model(params, transmit)
    model = replace(model, namespace={**(target.namespace or {}), **model.namespace})
    syn = model.synapses(source, target, name=name, method="euler", order=-1, dt=dt)
    syn.run_regularly(CLIP, when="end", name=f"{syn.name}_bounds")
    return syn


@dataclass(frozen=True)
class SpikeWaveform:
    """One isolated spike's membrane potential ``u`` - E_L (mV, sampled every ``dt``): S_1 = int (u - E_L) dt,
    S_plus = int [u - theta+]_+ dt, and the renewal area :meth:`area`."""

    S_1: Quantity
    S_plus: Quantity
    E_L: Quantity
    depolarisation: np.ndarray  # u - E_L, mV
    dt: Quantity

    def area(self, rate, renewal: bool = True):
        """int (u - E_L) exp(-rate s) ds (mV s) for rates (Hz): the waveform cut at the next spike of a Poisson train;
        S_1 for ``renewal=False``."""
        nu = np.asarray(rate / Hz, float)
        if not renewal:
            return np.full(nu.shape, float(self.S_1 / (mV * second)))
        step = float(self.dt / second)
        decay = np.exp(-np.multiply.outer(nu, np.arange(self.depolarisation.size) * step))
        return decay @ self.depolarisation * step


def spike_waveform(params: Clopath, neuron: AdExClopathParams | None = None, dt=0.1 * ms, duration=1 * second):
    """:class:`SpikeWaveform` of ``neuron``: one spike at t = 0 from rest, u = V_spike for t_spike, then the AdEx
    relaxing from V_reset with the spike's w_ad, z and V_T (forward Euler on ``dt``, as the Brian2 group)."""
    neuron = AdExClopathParams() if neuron is None else neuron
    if not isinstance(neuron, AdExClopathParams):
        raise InputError(f"neuron must be AdExClopathParams, got {type(neuron).__name__}")
    h = float(check_quantity("dt", dt, second) / ms)
    steps = int(round(float(check_quantity("duration", duration, second) / ms) / h))
    p = {k: float(v / mV) for k, v in neuron.namespace.items() if v.dim == mV.dim}
    C, g_L, a = float(neuron.C / pF), float(neuron.g_L / nS), float(neuron.a / nS)
    tau_w, tau_z, tau_VT = (float(t / ms) for t in (neuron.tau_w, neuron.tau_z, neuron.tau_VT))
    clamp = int(round(float(neuron.t_spike / ms) / h))
    v, w_ad, z, V_T = p["V_reset"], float(neuron.b / pA), float(neuron.I_sp / pA), p["V_T_max"]
    u = np.empty(steps)
    u[:clamp] = p["V_spike"]
    for j in range(1, steps):  # mV, ms, pA, nS, pF: nS mV = pA, pA / pF = mV / ms
        if j >= clamp:
            spike_current = g_L * p["Delta_T"] * np.exp((v - V_T) / p["Delta_T"])
            dv = (-g_L * (v - p["E_L"]) + spike_current - w_ad + z) / C
            v, w_ad = v + h * dv, w_ad + h * (a * (v - p["E_L"]) - w_ad) / tau_w
            u[j] = v
        z, V_T = z - h * z / tau_z, V_T - h * (V_T - p["V_T_rest"]) / tau_VT
    theta_plus = float(params.theta_plus / mV)
    return SpikeWaveform(
        S_1=float(np.sum(u - p["E_L"]) * h) * mV * ms,
        S_plus=float(np.sum(np.clip(u - theta_plus, 0, None)) * h) * mV * ms,
        E_L=neuron.E_L,
        depolarisation=u - p["E_L"],
        dt=dt,
    )


def _rates(rate_pre, rate_post):
    check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    return np.asarray(rate_pre / Hz, float), np.asarray(rate_post / Hz, float)


def expected_drift(params: Clopath, rate_pre, rate_post, waveform: SpikeWaveform, u_bar_bar=None, renewal=False):
    """Mean dw/dt (1/s) for independent Poisson trains (module docstring): nu_pre [A_LTP nu_post S_+ - A_LTD h]
    (E_L - theta- + nu_post S_1); ``u_bar_bar`` (the mean depolarisation, mV) sets h = u_bar_bar^2 / u_ref^2 when the
    rule is homeostatic (h = 1 otherwise); ``renewal``: S_1(nu_post), the waveform cut at the next spike."""
    if not isinstance(waveform, SpikeWaveform):
        raise InputError(f"waveform must be a SpikeWaveform (spike_waveform), got {type(waveform).__name__}")
    x, y = _rates(rate_pre, rate_post)
    h = 1.0
    if params.homeostatic:
        if u_bar_bar is None:
            raise InputError("the homeostatic rule needs the mean depolarisation u_bar_bar (mV)")
        h = float(check_quantity("u_bar_bar", u_bar_bar, mV, sign="any") ** 2 / params.u_ref_squared)
    depolarisation = float((waveform.E_L - params.theta_minus) / mV) + y * waveform.area(y * Hz, renewal)
    a_ltp = float(params.A_LTP * mV**2) * float(waveform.S_plus / (mV * second))
    return x * (a_ltp * y - float(params.A_LTD * mV) * h) * depolarisation


def bcm_threshold(params: Clopath, waveform: SpikeWaveform, u_bar_bar=None):
    """The postsynaptic rate where the drift changes sign: A_LTD h / (A_LTP S_+)."""
    h = 1.0
    if params.homeostatic:
        if u_bar_bar is None:
            raise InputError("the homeostatic rule needs the mean depolarisation u_bar_bar (mV)")
        h = float(check_quantity("u_bar_bar", u_bar_bar, mV, sign="any") ** 2 / params.u_ref_squared)
    return float(params.A_LTD * mV) * h / (float(params.A_LTP * mV**2) * float(waveform.S_plus / (mV * second))) * Hz


def rate_update(params: Clopath, rate_pre, rate_post, w, waveform: SpikeWaveform, duration, u_bar_bar=None):
    """Rate form for a weight matrix ``w`` (n_post, n_pre) over ``duration``: dW = <dw/dt> * duration, unbounded."""
    _, pre, post = rate_matrix(w, rate_pre, rate_post)
    drift = expected_drift(params, pre, post, waveform, u_bar_bar)
    return drift * float(check_quantity("duration", duration, second) / second)
