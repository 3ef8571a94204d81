r"""The BCM rule (Bienenstock, Cooper & Munro 1982) in the form of Intrator & Cooper (1992), rate and spiking.

Rate form, for presynaptic rates :math:`x_i`, postsynaptic rate :math:`y` and sliding threshold :math:`\theta`:

.. math:: \frac{dw_i}{dt} = \eta\, x_i\, y\, (y - \theta), \qquad
          \tau_\theta \frac{d\theta}{dt} = \frac{y^2}{y_0} - \theta,

so :math:`\theta` follows :math:`\langle y^2 \rangle / y_0`: a neuron that fires more raises its own
threshold for potentiation. With K patterns presented in turn and a rectified linear neuron, the stable
states are selective: one pattern drives the neuron at :math:`y = K y_0`, the others not at all.

Spiking form: the same equations with :math:`x_i` and :math:`y` replaced by low-pass filtered spike
trains (traces that jump by :math:`1/\tau_x`, :math:`1/\tau_y` at each spike, so their means are the rates
in Hz); :math:`\theta` lives on the postsynaptic neuron. Its drift exceeds the rate form's by the trace's
shot noise: for Poisson firing :math:`\langle \tilde y^2 \rangle = y^2 + y / (2\tau_y)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_fields, check_quantity, default
from . import SynapseModel


@dataclass(frozen=True)
class BCM:
    """BCM parameters: ``eta`` in s^2 (weight per second per Hz^3), rates and ``y0`` in Hz, weights in [0, w_max]."""

    eta: Quantity = default(1.5e-6 * second**2)
    y0: Quantity = default(8 * Hz)
    tau_theta: Quantity = default(2 * second)
    tau_x: Quantity = default(20 * ms)  # presynaptic rate trace (spiking form)
    tau_y: Quantity = default(50 * ms)  # postsynaptic rate trace (spiking form)
    w_max: float = 1.0

    def __post_init__(self):
        check_fields(self, second**2, "eta")
        check_fields(self, Hz, "y0")
        check_fields(self, ms, "tau_theta", "tau_x", "tau_y")
        check_fields(self, 1, "w_max")

    @property
    def namespace(self) -> dict:
        return {k: getattr(self, k) for k in ("eta", "y0", "tau_theta", "tau_x", "tau_y", "w_max")}


def _hz(name, value):
    return np.asarray(check_quantity(name, value, Hz, sign="any") / Hz, float)


def rate_update(params: BCM, x, y, theta, duration):
    """Rate form: dw = eta x y (y - theta) * duration, for rates ``x`` (one per synapse), ``y`` and ``theta`` (Hz)."""
    eta = float(params.eta / second**2) * float(check_quantity("duration", duration, second) / second)
    return eta * _hz("x", x) * _hz("y", y) * (_hz("y", y) - _hz("theta", theta))


def expected_drift(params: BCM, x, y, theta):
    """Mean dw/dt (1/s) of :func:`synapse_model` for independent Poisson trains at rates ``x`` and ``y`` and a
    threshold ``theta`` (Hz) held fixed: eta x (y^2 + y / (2 tau_y) - y theta), the shot noise of the
    postsynaptic trace added to the rate form's y^2 (module docstring)."""
    eta, tau_y = float(params.eta / second**2), float(params.tau_y / second)
    x, y, theta = _hz("x", x), _hz("y", y), _hz("theta", theta)
    return eta * x * (y**2 + y / (2 * tau_y) - y * theta)


def theta_drift(params: BCM, y, theta):
    """dtheta/dt = (y^2 / y0 - theta) / tau_theta in Hz/s."""
    y, theta = _hz("y", y), _hz("theta", theta)
    return (y**2 / float(params.y0 / Hz) - theta) / float(params.tau_theta / second) * Hz / second


# the postsynaptic neuron's part: its rate trace and the sliding threshold
POST_EQUATIONS = """
dy_trace/dt = -y_trace / tau_y : Hz                             # low-pass filtered spike train
dtheta/dt = (y_trace**2 / y0 - theta) / tau_theta : Hz          # sliding threshold
"""
POST_RESET = "y_trace += 1 / tau_y"

MODEL = """
dx_trace/dt = -x_trace / tau_x : Hz (clock-driven)             # low-pass filtered presynaptic train
dw/dt = eta * x_trace * y_trace_post * (y_trace_post - theta_post) : 1 (clock-driven)
"""
ON_PRE = "x_trace += 1 / tau_x"
CLIP = "w = clip(w, 0, w_max)"


def synapse_model(params: BCM, drive: str = "") -> SynapseModel:
    """The spiking BCM synapse. The target group needs :data:`POST_EQUATIONS` (and :data:`POST_RESET` on
    spike); ``drive`` is an extra model line for the synaptic input, e.g. ``"u_post = w * x_trace : Hz (summed)"``.
    Bound the weights with ``synapses.run_regularly(CLIP)``."""
    if not isinstance(params, BCM):
        raise InputError(f"params must be BCM, got {type(params).__name__}")
    return SynapseModel(MODEL + drive + "\n", ON_PRE, "", params.namespace)


def trace_power(rates, duration, tau):
    """Time-averaged <y~^2> (Hz^2) of a trace y~ (jumps 1/tau per spike, decays with tau) driven by Poisson
    firing at the piecewise-constant ``rates`` (Hz), each held for ``duration``, starting from the first rate's
    stationary state: mean m and variance v obey tau dm/dt = r - m, tau dv/dt = r / tau - 2 v (shot noise)."""
    r = _hz("rates", rates)
    T, tau = (float(check_quantity(n, v, second) / second) for n, v in (("duration", duration), ("tau", tau)))
    m, v, total = r[0], r[0] / (2 * tau), 0.0
    a, b = np.exp(-T / tau), np.exp(-2 * T / tau)
    for rate in r:  # exact integrals of m(t)^2 and v(t) over each step
        dm, dv = m - rate, v - rate / (2 * tau)
        total += (
            rate**2 * T
            + 2 * rate * dm * tau * (1 - a)
            + dm**2 * tau / 2 * (1 - b)
            + rate / (2 * tau) * T
            + dv * tau / 2 * (1 - b)
        )
        m, v = rate + dm * a, rate / (2 * tau) + dv * b
    return total / (T * r.size) * Hz**2
