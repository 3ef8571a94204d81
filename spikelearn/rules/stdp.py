r"""Pair-based spike-timing-dependent plasticity with exponential traces.

Window (Bi & Poo 1998; Song, Miller & Abbott 2000, eq. 1), with :math:`\Delta t = t_{post} - t_{pre}`:

.. math:: W(\Delta t) = A_+ f_+(w)\, e^{-\Delta t/\tau_+} \ (\Delta t > 0), \qquad
          W(\Delta t) = -A_- f_-(w)\, e^{\Delta t/\tau_-} \ (\Delta t < 0)

*additive* (Song et al. 2000): :math:`f_+ = f_- = 1`, hard bounds :math:`0 \le w \le w_{max}`;
*multiplicative* (van Rossum, Bi & Turrigiano 2000; Rubin et al. 2001): :math:`f_+ = 1 - w/w_{max}`,
:math:`f_- = w/w_{max}`.

Spiking form (Morrison, Diesmann & Gerstner 2008, sec. 4.1): a presynaptic trace ``x`` and a
postsynaptic trace ``y`` decay with :math:`\tau_+` and :math:`\tau_-`; a spike adds 1 to its
trace (*all-to-all* pairing) or sets it to 1 (*nearest-spike* pairing: each spike pairs only with
the latest spike of the other side). A post spike potentiates by :math:`A_+ f_+ x_{pre}`, a pre
spike depresses by :math:`A_- f_- x_{post}`.

Rate form, independent Poisson trains at :math:`\rho_{pre}, \rho_{post}` (Kempter, Gerstner & van
Hemmen 1999, eq. 8), plus a pre/post cross-covariance density :math:`C(s)`:

.. math:: \langle \dot w \rangle = \rho_{pre}\rho_{post} \int W(s)\,ds + \int W(s)\, C(s)\, ds

with :math:`\int W = A_+ f_+ \tau_+ - A_- f_- \tau_-` for all-to-all pairing. For nearest-spike pairing the
latest pre spike before a post spike lies an exponential time back, so :math:`\tau_+ \to \tau_+ /
(1 + \rho_{pre}\tau_+)` and :math:`\tau_- \to \tau_- / (1 + \rho_{post}\tau_-)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_choice, check_fields, check_quantity, default
from . import SynapseModel, rate_matrix

VARIANTS = ("additive", "multiplicative")
PAIRINGS = ("all-to-all", "nearest")

MODEL = """
w : 1                                    # synaptic weight, 0 <= w <= w_max
dx/dt = -x / tau_plus : 1 (event-driven)   # presynaptic trace (Morrison et al. 2008: x_j)
dy/dt = -y / tau_minus : 1 (event-driven)  # postsynaptic trace (y_i)
"""
ON_PRE = """
{transmit}
x {increment} 1                                  # count this pre spike in the trace
w = clip(w - A_minus * {f_minus} * y, 0, w_max)  # depression by the post spikes before it
"""
ON_POST = """
y {increment} 1                                  # count this post spike in the trace
w = clip(w + A_plus * {f_plus} * x, 0, w_max)   # potentiation by the pre spikes before it
"""
WEIGHT_DEPENDENCE = {  # (f_plus, f_minus)
    "additive": ("1", "1"),
    "multiplicative": ("(1 - w / w_max)", "(w / w_max)"),
}
INCREMENT = {"all-to-all": "+=", "nearest": "="}


@dataclass(frozen=True)
class PairSTDP:
    """Parameters of pair STDP; defaults are Song, Miller & Abbott (2000) with w_max = 1.

    ``A_plus`` and ``A_minus`` are in units of the weight (the same units as ``w_max``).
    """

    tau_plus: Quantity = default(20 * ms)
    tau_minus: Quantity = default(20 * ms)
    A_plus: float = 0.005
    A_minus: float = 0.005 * 1.05
    w_max: float = 1.0
    variant: str = "additive"
    pairing: str = "all-to-all"

    def __post_init__(self):
        check_fields(self, ms, "tau_plus", "tau_minus")
        check_fields(self, 1, "A_plus", "A_minus", sign="nonnegative")
        check_fields(self, 1, "w_max")
        check_choice("PairSTDP.variant", self.variant, VARIANTS)
        check_choice("PairSTDP.pairing", self.pairing, PAIRINGS)

    @property
    def namespace(self) -> dict:
        return {k: getattr(self, k) for k in ("tau_plus", "tau_minus", "A_plus", "A_minus", "w_max")}

    def factors(self, w=None):
        """Weight dependence (f_plus, f_minus) at weight ``w`` (ignored for the additive rule)."""
        if self.variant == "additive":
            return 1.0, 1.0
        if w is None:
            raise InputError("the multiplicative rule needs the weight w")
        w = check_quantity("w", np.asarray(w, dtype=float), 1, sign="nonnegative") / self.w_max
        return 1 - w, w


def bi_poo_fit(**changes) -> PairSTDP:
    """The window fitted to Bi & Poo (1998) data (Bi & Poo 2001, *Annu. Rev. Neurosci.* 24:139):
    tau+ = 16.8 ms, tau- = 33.7 ms, and 60 pairings changing a unit weight by +77.7 % at dt -> 0+ and
    -27.3 % at dt -> 0-, i.e. A+ = 0.777 / 60, A- = 0.273 / 60 per pair. ``changes`` override fields.
    """
    fit = dict(tau_plus=16.8 * ms, tau_minus=33.7 * ms, A_plus=0.777 / 60, A_minus=0.273 / 60, w_max=10.0)
    return PairSTDP(**{**fit, **changes})


def window(params: PairSTDP, delta_t, w=None):
    """W(delta_t): weight change of one pre/post pair, delta_t = t_post - t_pre (array, time units)."""
    check_quantity("delta_t", delta_t, ms, sign="any")
    f_plus, f_minus = params.factors(w)
    d = np.asarray(delta_t / ms, dtype=float)
    ltp = params.A_plus * f_plus * np.exp(-d / float(params.tau_plus / ms))
    ltd = -params.A_minus * f_minus * np.exp(d / float(params.tau_minus / ms))
    return np.where(d > 0, ltp, np.where(d < 0, ltd, 0.0))


def synapse_model(params: PairSTDP, transmit: str = "") -> SynapseModel:
    """The Brian2 synapse of this rule; ``transmit`` is the on-spike effect, e.g. ``"g_e_post += w"``."""
    if not isinstance(params, PairSTDP):
        raise InputError(f"params must be PairSTDP, got {type(params).__name__}")
    f_plus, f_minus = WEIGHT_DEPENDENCE[params.variant]
    increment = INCREMENT[params.pairing]
    return SynapseModel(
        model=MODEL,
        on_pre=ON_PRE.format(transmit=transmit, increment=increment, f_minus=f_minus),
        on_post=ON_POST.format(increment=increment, f_plus=f_plus),
        namespace=params.namespace,
    )


def _effective_taus(params: PairSTDP, rate_pre, rate_post, dt=None):
    """The window integrals' time constants: (A+ tau+_eff - A- tau-_eff) r_pre r_post is the drift.

    On a time grid ``dt`` with one spike per step at most (as simulated), a post spike pairs with the
    pre spikes of its own step too (Brian2 runs the pre pathway first), so the sums over lags give
    tau+_eff = dt / (1 - q_pre e^(-dt/tau+)) and tau-_eff = dt e^(-dt/tau-) / (1 - q_post e^(-dt/tau-)),
    with q = 1 for all-to-all pairing and q = 1 - r dt (no spike in a step) for nearest-spike pairing;
    dt -> 0 gives tau and tau / (1 + r tau).
    """
    tau_p, tau_m = float(params.tau_plus / second), float(params.tau_minus / second)
    if dt is None:
        if params.pairing == "nearest":
            return tau_p / (1 + rate_pre * tau_p), tau_m / (1 + rate_post * tau_m)
        return tau_p, tau_m
    dt = float(check_quantity("dt", dt, second) / second)
    q_pre, q_post = (1.0, 1.0) if params.pairing == "all-to-all" else (1 - rate_pre * dt, 1 - rate_post * dt)
    decay_p, decay_m = np.exp(-dt / tau_p), np.exp(-dt / tau_m)
    return dt / (1 - q_pre * decay_p), dt * decay_m / (1 - q_post * decay_m)


def expected_drift(params: PairSTDP, rate_pre, rate_post, w=None, c: float = 0.0, lag=None, dt=None):
    """Mean drift <dw/dt> (weight units per second) for Poisson pre/post trains (module docstring).

    ``rate_pre``/``rate_post`` are rates (arrays broadcast). A correlation ``c`` adds the pairs of a
    train that copies each spike of the other with probability ``c`` after ``|lag|`` (lag > 0: post copies
    pre, adding c r_pre W(lag); lag < 0: pre copies post, adding c r_post W(lag); see
    :class:`spikelearn.circuits.pairs.PairCondition`); this term is exact for all-to-all pairing only.
    ``dt`` gives the drift of the rule simulated on that time grid (see ``_effective_taus``) instead of
    the continuous-time drift.
    """
    check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative")
    check_quantity("rate_post", rate_post, Hz, sign="nonnegative")
    r_pre, r_post = np.asarray(rate_pre / Hz, float), np.asarray(rate_post / Hz, float)
    f_plus, f_minus = params.factors(w)
    tau_p, tau_m = _effective_taus(params, r_pre, r_post, dt)
    drift = r_pre * r_post * (params.A_plus * f_plus * tau_p - params.A_minus * f_minus * tau_m)
    if c:
        if params.pairing != "all-to-all":
            raise InputError("the correlation term of expected_drift is exact for all-to-all pairing only")
        if lag is None:
            raise InputError("a correlation c needs the lag of the copied spikes")
        drift = drift + c * (r_pre if lag > 0 * ms else r_post) * window(params, lag, w)
    return drift


def rate_update(params: PairSTDP, rate_pre, rate_post, w, duration):
    """Rate form of the rule for a weight matrix ``w`` (n_post, n_pre) over ``duration``.

    Returns dW = <dw/dt>(rate_pre[j], rate_post[i], w[i, j]) * duration, without the bounds; rates in Hz.
    """
    w, pre, post = rate_matrix(w, rate_pre, rate_post)
    drift = expected_drift(params, pre, post, w=w if params.variant == "multiplicative" else None)
    return drift * float(check_quantity("duration", duration, second) / second)
