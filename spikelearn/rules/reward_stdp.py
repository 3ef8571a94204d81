r"""Reward-modulated STDP: an eligibility trace of pair STDP gated by a neuromodulator (a three-factor rule).

Izhikevich (2007), *Cereb. Cortex* 17:2443, eqs. 1-2 (Fremaux & Gerstner 2016, *Front. Neural Circuits* 9:85,
review the family): each pre/post pairing adds the pair-STDP window :math:`W(\Delta t)` (:mod:`.stdp`) to an
eligibility trace :math:`c` instead of the weight; the weight follows :math:`c` only while dopamine :math:`d` is
present:

.. math:: \dot c = -c/\tau_c + \sum_{pairs} W(\Delta t)\,\delta(t - t_{pair}), \qquad
          \dot d = -d/\tau_d + \sum_k R\,\delta(t - t_k), \qquad \dot w = c\,d

(:math:`t_{pair}` the later spike of the pair, :math:`t_k` the reward times, :math:`R \ge 0` the pulse size),
:math:`\tau_c` = 1 s, :math:`\tau_d` = 0.2 s, hard bounds :math:`0 \le w \le w_{max}`. The paper leaves the units
implicit (d in uM); here :math:`c` has the weight's units and :math:`d` (and :math:`R`) is in 1/s.

Brian2 form, exact and event-driven: between two events of a synapse (its pre or post spikes, a reward pulse) no
increment happens, so :math:`c` and :math:`d` decay exponentially and :math:`\dot w = c_0 d_0 e^{-s/\tau_{cd}}`,
:math:`1/\tau_{cd} = 1/\tau_c + 1/\tau_d`, integrates to :math:`c_0 d_0 \tau_{cd}(1 - e^{-s/\tau_{cd}})`. Each event
first brings ``w``, ``c`` and ``d`` from ``t_last`` to ``t`` with these solutions (:data:`ADVANCE`), then applies its
jump. ``w`` moves monotonically between events (the sign of :math:`c d` is fixed while :math:`d \ge 0`), so clipping
at events equals clipping in continuous time. A clock-driven product :math:`c\,d` would cost one update per synapse
and time step and carry an :math:`O(dt)` error; this costs one per event and has none. Reward pulses reach the
synapses through a :class:`brian2.Synapses` from a "dopamine" source onto the plastic synapses
(:func:`dopamine_pathway`); rewards are rare, so updating every synapse at a pulse is cheap. ``w`` is stored as of
``t_last``: :func:`weight_at` gives it at any later time.

Rate form (:func:`expected_drift`), for the protocol of :class:`PairingReward`: independent Poisson pre and post
trains at rates :math:`a, b`; every post spike that has a pre spike within :math:`T` before it triggers one pulse
:math:`R` at delay :math:`D` after it. Then :math:`\langle \dot w \rangle = \langle c\,d \rangle = \bar c\,\bar d +
\mathrm{cov}(c, d)`. Write :math:`P = 1 - e^{-aT}` (a post spike triggers), :math:`f(x) = \int K_c(s) K_d(s - x)\,ds
= \tau_{cd} e^{-x/\tau_c}` (:math:`x \ge 0`; :math:`\tau_{cd} e^{x/\tau_d}` for :math:`x < 0`), the integral of an
increment of :math:`c` at 0 times a pulse of :math:`d` at :math:`x` (kernels :math:`K = e^{-s/\tau}`, :math:`s > 0`).

- Uncorrelated part: :math:`\bar c = \tau_c\, a b \int W` (the pair-STDP drift times :math:`\tau_c`,
  :func:`.stdp.expected_drift`), :math:`\bar d = R \tau_d\, b P`.
- Covariance, by Campbell-Mecke over the spikes the trigger shares with the eligibility (with
  :math:`E[1_{trigger} \sum_p h(p)] = P\,a\!\int h + e^{-aT} a\!\int_{window} h` for Poisson pre spikes):

  - the triggering pair itself: :math:`e^{-aT}\, a b R\, f(D) \int_0^T W = e^{-aT} a b R \tau_{cd} e^{-D/\tau_c}
    A_+ \tau_+ (1 - e^{-T/\tau_+})`: the eligibility left at the delay, :math:`e^{-D/\tau_c}`, times d's kernel;
  - the triggering post spike paired with any pre spike: :math:`P\, a b R \tau_{cd} [A_+ \tau_+ e^{-D/\tau_c} - A_-
    ((e^{-D/\tau_c} - e^{-D/\tau_-})/k_- + \tau_{-d} e^{-D/\tau_-})]`;
  - the triggering pre spike paired with the other post spikes: :math:`e^{-aT} a b^2 R \tau_{cd} [-A_- \tau_-
    E(\tau_c) + A_+ ((E(\tau_c) - E(\tau_+))/k_+ + \tau_{+d} E(\tau_+))]`,

  with :math:`k_\pm = 1/\tau_\pm - 1/\tau_c`, :math:`1/\tau_{\pm d} = 1/\tau_\pm + 1/\tau_d`, :math:`E(\tau) = \tau
  (e^{-D/\tau} - e^{-(D+T)/\tau})`. For :math:`D \gg \tau_\pm` the last two are :math:`P a b R \tau_{cd}
  e^{-D/\tau_c} \int W` and :math:`e^{-aT} a b^2 R \tau_{cd} T e^{-D/\tau_c} \int W` to first order in
  :math:`\tau_\pm/\tau_c` and :math:`T/\tau_c`: every reward-triggered term falls as :math:`e^{-D/\tau_c}`. A
  synapse onto the same post neuron that does not trigger the reward (pre rate :math:`a'`) has only :math:`\bar c
  \bar d` and the shared-post term with :math:`a \to a'` in front (:func:`rate_update`); one onto another neuron
  only :math:`\bar c \bar d`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, NeuronGroup, Quantity, Synapses, ms, second

from ..checks import InputError, check_fields, check_quantity, default
from . import SynapseModel, rate_matrix, stdp

ADVANCE = """
w{s} = clip(w{s} + c{s} * d{s} * tau_cd * (1 - exp(-(t - t_last{s}) / tau_cd)), 0, w_max)  # dw/dt = c d (eq. 1)
c{s} = c{s} * exp(-(t - t_last{s}) / tau_c)  # dc/dt = -c / tau_c (eq. 1)
d{s} = d{s} * exp(-(t - t_last{s}) / tau_d)  # dd/dt = -d / tau_d (eq. 2)
t_last{s} = t
"""
MODEL = """
w : 1                                      # synaptic weight s (Izhikevich 2007) at t_last, 0 <= w <= w_max
c : 1                                      # eligibility trace at t_last (eq. 1)
d : Hz                                     # extracellular dopamine at this synapse at t_last (eq. 2)
t_last : second                            # time of the last event that brought w, c and d up to date
dx/dt = -x / tau_plus : 1 (event-driven)   # presynaptic STDP trace
dy/dt = -y / tau_minus : 1 (event-driven)  # postsynaptic STDP trace
"""
ON_PRE = (
    ADVANCE.format(s="")
    + """{transmit}
x += 1
c -= A_minus * y  # STDP(t_post - t_pre < 0): depression into the eligibility trace
"""
)
ON_POST = (
    ADVANCE.format(s="")
    + """y += 1
c += A_plus * x   # STDP(t_post - t_pre > 0): potentiation into the eligibility trace
"""
)
ON_REWARD = ADVANCE.format(s="_post") + "d_post += R  # a dopamine pulse DA(t) (eq. 2)\n"

DETECTOR = """
D : second         # the reward's delay after the post spike
t_presyn : second  # last spike of the rewarded synapse's presynaptic neuron
paired : 1         # 1 after a post spike with a pre spike less than T_pair before it
"""


def izhikevich_window(**changes) -> stdp.PairSTDP:
    """The STDP window of Izhikevich (2007): tau+ = tau- = 20 ms, A+ = 1, A- = 1.5, weights in [0, 4];
    ``changes`` override fields."""
    return stdp.PairSTDP(**{**dict(A_plus=1.0, A_minus=1.5, w_max=4.0), **changes})


@dataclass(frozen=True)
class RewardSTDP:
    """Parameters of reward-modulated STDP: an additive all-to-all pair-STDP ``window`` (its ``w_max`` bounds the
    weight) and the decay times of the eligibility trace and of dopamine (Izhikevich 2007)."""

    window: stdp.PairSTDP = field(default_factory=izhikevich_window)
    tau_c: Quantity = default(1 * second)
    tau_d: Quantity = default(200 * ms)

    def __post_init__(self):
        if not isinstance(self.window, stdp.PairSTDP):
            raise InputError(f"RewardSTDP.window must be a PairSTDP, got {type(self.window).__name__}")
        if self.window.variant != "additive" or self.window.pairing != "all-to-all":
            raise InputError(
                "RewardSTDP.window must be additive with all-to-all pairing (Izhikevich 2007), got "
                f"{self.window.variant}, {self.window.pairing}"
            )
        check_fields(self, ms, "tau_c", "tau_d")
        if not self.tau_c > max(self.window.tau_plus, self.window.tau_minus):
            raise InputError(f"RewardSTDP.tau_c ({self.tau_c}) must be longer than the STDP window's tau+ and tau-")

    @property
    def tau_cd(self) -> Quantity:
        """The decay time of the product c d between events."""
        return 1 / (1 / self.tau_c + 1 / self.tau_d)

    @property
    def namespace(self) -> dict:
        return {**self.window.namespace, "tau_c": self.tau_c, "tau_d": self.tau_d, "tau_cd": self.tau_cd}


@dataclass(frozen=True)
class PairingReward:
    """The reward protocol of the rate form: a dopamine pulse ``R`` at ``delay`` after each post spike that has a
    spike of the rewarded synapse's presynaptic neuron less than ``T_pair`` before it (Izhikevich 2007: 10 ms,
    1-3 s)."""

    R: Quantity = default(0.5 * Hz)
    delay: Quantity = default(1 * second)
    T_pair: Quantity = default(10 * ms)

    def __post_init__(self):
        check_fields(self, Hz, "R", sign="nonnegative")
        check_fields(self, ms, "delay", "T_pair")


def _check_params(params):
    if not isinstance(params, RewardSTDP):
        raise InputError(f"params must be RewardSTDP, got {type(params).__name__}")


def synapse_model(params: RewardSTDP, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse (module docstring); ``transmit`` is the on-spike effect, e.g. ``"g_e_post += w"``. Initial
    ``w``, ``c``, ``d`` and ``t_last`` are those of the synapses (``c = d = 0``, ``t_last = 0``: start at t = 0)."""
    _check_params(params)
    return SynapseModel(
        model=MODEL, on_pre=ON_PRE.format(transmit=transmit), on_post=ON_POST, namespace=params.namespace
    )


class _PulseIsOrderIndependent(logging.Filter):
    """Brian2 warns that :data:`ON_REWARD` reads and writes variables of the target synapses; pulses arriving in one
    step bring a synapse to the same ``t`` (the second :data:`ADVANCE` is then the identity) and add up, so their order
    does not matter. Drops that warning only for this code."""

    def filter(self, record):
        return "w_post = clip(w_post" not in record.getMessage()


def dopamine_pathway(params: RewardSTDP, source, synapses, R, delay=0 * ms, name: str | None = None):
    """Synapses that add a dopamine pulse ``R`` to ``d`` of the plastic ``synapses`` (built from
    :func:`synapse_model`), ``delay`` after each spike of ``source`` (``delay=None``: one per synapse, set after
    connecting); not yet connected (``.connect()``: every spike reaches every synapse, as a global dopamine signal
    does)."""
    _check_params(params)
    check_quantity("R (dopamine pulse)", R, Hz, sign="nonnegative", scalar=True)
    if delay is not None:
        check_quantity("delay", delay, ms, sign="nonnegative", scalar=True)
    codegen_log = logging.getLogger("brian2.codegen.generators.base")
    if not any(isinstance(f, _PulseIsOrderIndependent) for f in codegen_log.filters):
        codegen_log.addFilter(_PulseIsOrderIndependent())
    return Synapses(
        source,
        synapses,
        on_pre=ON_REWARD,
        delay=delay,
        namespace={**params.namespace, "R": R},
        name=name or "dopamine*",
    )


def pairing_reward(
    params: RewardSTDP, reward: PairingReward, pre, post, synapses, broadcast: bool, name: str, delays=None
):
    """The Brian2 form of :class:`PairingReward`: a detector neuron per (``pre[k]``, ``post[k]``) pair fires one step
    after each post spike with a pre spike less than ``T_pair`` before it (a pre spike in the same step counts, as
    in the STDP pairing), and its spike adds ``R`` to ``d`` of the plastic ``synapses`` at ``delay`` after that post
    spike: of all of them (``broadcast``) or of synapse ``k`` alone, where ``delays`` (one per pair) may replace
    ``reward.delay``. Returns the objects to add to the network."""
    if not isinstance(reward, PairingReward):
        raise InputError(f"reward must be PairingReward, got {type(reward).__name__}")
    if len(pre) != len(post):
        raise InputError(f"pre and post must pair one to one, got {len(pre)} and {len(post)} neurons")
    step = synapses.clock.dt
    delays = reward.delay if delays is None else delays
    check_quantity("delays", delays, second)
    if np.ndim(delays) and (broadcast or np.shape(delays) != (len(pre),)):
        raise InputError(
            f"delays must be one per pair ({len(pre)}) and the reward not broadcast, got {np.shape(delays)}"
        )
    if np.min(delays) < step:
        raise InputError(f"PairingReward.delay must be at least one time step ({step}), got {np.min(delays)}")
    detector = NeuronGroup(
        len(pre), DETECTOR, threshold="paired > 0", reset="paired = 0", name=f"{name}_detector", dt=step
    )
    detector.t_presyn = -reward.T_pair
    detector.D = delays
    pre_spikes = Synapses(pre, detector, on_pre="t_presyn_post = t", name=f"{name}_pre_times")
    post_spikes = Synapses(
        post,
        detector,
        on_pre="paired_post = int(t - t_presyn_post < T_pair)",
        namespace={"T_pair": reward.T_pair - step / 2},  # on the grid: T_pair - dt is the last lag that counts
        order=1,  # after the pre spikes of the same step
        name=f"{name}_pairings",
    )
    pre_spikes.connect(j="i")
    post_spikes.connect(j="i")
    dopamine = dopamine_pathway(params, detector, synapses, reward.R, None, name=f"{name}_dopamine")
    if broadcast:
        dopamine.connect()
    else:
        dopamine.connect(j="i")
    dopamine.delay = "D_pre - dt"  # the detector fires one step after the post spike
    return [detector, pre_spikes, post_spikes, dopamine]


def weight_at(params: RewardSTDP, w, c, d, t_last, t):
    """The weight at time ``t`` of synapses whose state (``w``, ``c``, ``d`` in Hz) dates from ``t_last``:
    eq. 1 solved between events, clipped to [0, w_max]."""
    _check_params(params)
    check_quantity("t", t, second, sign="nonnegative")
    check_quantity("d", d, Hz, sign="any")
    elapsed = np.asarray((t - t_last) / second, dtype=float)
    tau_cd = float(params.tau_cd / second)
    w = np.asarray(w, dtype=float) + np.asarray(c) * np.asarray(d / Hz) * tau_cd * -np.expm1(-elapsed / tau_cd)
    return np.clip(w, 0, params.window.w_max)


def _decays(params: RewardSTDP, reward: PairingReward):
    """The delay factors of the covariance terms (module docstring), in seconds."""
    s = {k: float(v / second) for k, v in params.namespace.items() if k.startswith("tau")}
    D, T = float(reward.delay / second), float(reward.T_pair / second)
    tau_c, tau_d, tau_p, tau_m = s["tau_c"], s["tau_d"], s["tau_plus"], s["tau_minus"]

    def E(tau):
        return tau * (np.exp(-D / tau) - np.exp(-(D + T) / tau))

    k_p, k_m = 1 / tau_p - 1 / tau_c, 1 / tau_m - 1 / tau_c
    tau_pd, tau_md = 1 / (1 / tau_p + 1 / tau_d), 1 / (1 / tau_m + 1 / tau_d)
    A_p, A_m = params.window.A_plus, params.window.A_minus
    pair = A_p * tau_p * -np.expm1(-T / tau_p) * np.exp(-D / tau_c)
    shared_post = A_p * tau_p * np.exp(-D / tau_c) - A_m * (
        (np.exp(-D / tau_c) - np.exp(-D / tau_m)) / k_m + tau_md * np.exp(-D / tau_m)
    )
    shared_pre = -A_m * tau_m * E(tau_c) + A_p * ((E(tau_c) - E(tau_p)) / k_p + tau_pd * E(tau_p))
    return pair, shared_post, shared_pre, s["tau_cd"], s["tau_d"], s["tau_c"], T


def _mean_dopamine(reward: PairingReward, a_trigger, b_trigger, tau_d, T):
    """d-bar = R tau_d b P: the pulses' rate times their integral."""
    return float(reward.R / Hz) * tau_d * b_trigger * -np.expm1(-a_trigger * T)


def _rates(rate_pre, rate_post):
    check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    return np.asarray(rate_pre / Hz, float), np.asarray(rate_post / Hz, float)


def expected_drift(params: RewardSTDP, rate_pre, rate_post, reward: PairingReward, dt=None):
    """Mean drift <dw/dt> (weight units per second) of a synapse whose own pairings trigger the reward, for Poisson
    trains at ``rate_pre`` and ``rate_post`` (arrays broadcast; module docstring). ``dt``: the uncorrelated part
    on that time grid (:func:`.stdp.expected_drift`); the covariance terms are in continuous time."""
    _check_params(params)
    if not isinstance(reward, PairingReward):
        raise InputError(f"reward must be PairingReward, got {type(reward).__name__}")
    a, b = _rates(rate_pre, rate_post)
    pair, shared_post, shared_pre, tau_cd, tau_d, tau_c, T = _decays(params, reward)
    c_bar = tau_c * stdp.expected_drift(params.window, a * Hz, b * Hz, dt=dt)
    d_bar = _mean_dopamine(reward, a, b, tau_d, T)
    miss = np.exp(-a * T)  # no other pre spike in the pairing window
    covariance = (
        float(reward.R / Hz) * tau_cd * a * b * (miss * pair + (1 - miss) * shared_post + miss * b * shared_pre)
    )
    return c_bar * d_bar + covariance


def rate_update(params: RewardSTDP, rate_pre, rate_post, w, duration, reward: PairingReward, rewarded):
    """Rate form for a weight matrix ``w`` (n_post, n_pre) over ``duration`` when the pairings of synapse
    ``rewarded = (i, j)`` (post i, pre j) trigger the reward and every synapse receives it: dW = <dw/dt> * duration,
    without the bounds (module docstring); rates in Hz."""
    _check_params(params)
    w, pre, post = rate_matrix(w, rate_pre, rate_post)
    i, j = rewarded
    if not (0 <= i < w.shape[0] and 0 <= j < w.shape[1]):
        raise InputError(f"rewarded must index w of shape {w.shape}, got {rewarded}")
    a, b = _rates(pre, post)
    pair, shared_post, shared_pre, tau_cd, tau_d, tau_c, T = _decays(params, reward)
    d_bar = _mean_dopamine(reward, a[0, j], b[i, 0], tau_d, T)
    drift = tau_c * stdp.expected_drift(params.window, pre, post) * d_bar
    trigger = -np.expm1(-a[0, j] * T)
    drift[i, :] += float(reward.R / Hz) * tau_cd * a[0, :] * b[i, 0] * trigger * shared_post
    drift[i, j] = expected_drift(params, pre[0, j], post[i, 0], reward)
    return drift * float(check_quantity("duration", duration, second) / second)
