r"""A spiking Oja synapse: Oja's rule (1982) on low-pass filtered spike trains.

Rate form (:func:`rate_update`, Oja's rule of :func:`spikelearn.rules.hebbian.rate_update`), for input rates
measured from their mean :math:`x = r - \mu` and the linear response :math:`y = w \cdot x`:

.. math:: \frac{dw_i}{dt} = \eta\, y\, (x_i - y\, w_i),

a Hebbian term plus a decay that keeps :math:`|w| \to 1`; :math:`w` converges to the first principal
component of the inputs' covariance.

Spiking form: :math:`x_i` and :math:`y` are traces of the pre- and postsynaptic spike trains (jumps of
:math:`1/\tau_x`, :math:`1/\tau_y`; their means are the rates in Hz) less their baselines :math:`\mu` and
:math:`y_b`. The postsynaptic neuron fires as a Poisson process at :math:`y_b + w \cdot (\tilde x - \mu)`
(rectified), so its trace estimates the rate form's :math:`y`. Shot noise adds the same variance to every
input trace, which leaves the principal directions unchanged; the postsynaptic shot noise enlarges the
decay term, so :math:`|w|` settles below 1. For inputs held at rates :math:`r_j` (:func:`expected_drift`), with
:math:`\sigma_j^2 = r_j / (2(\tau_x + \tau_y))` the part of an input trace's variance that reaches the
postsynaptic trace,

.. math:: \left\langle \frac{dw_i}{dt} \right\rangle = \eta \left[ x_i y + w_i \sigma_i^2
          - w_i \left( y^2 + \frac{y_b + y}{2 \tau_y} + \sum_j w_j^2 \sigma_j^2 \right) \right].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_fields, check_quantity, default
from . import SynapseModel, hebbian


@dataclass(frozen=True)
class Oja:
    """Parameters: ``eta`` in s (weight per second per Hz^2), ``mu`` the inputs' mean rate, ``y_b`` the
    postsynaptic baseline rate."""

    eta: Quantity = default(2e-5 * second)
    mu: Quantity = default(30 * Hz)
    y_b: Quantity = default(60 * Hz)
    tau_x: Quantity = default(200 * ms)
    tau_y: Quantity = default(200 * ms)

    def __post_init__(self):
        check_fields(self, second, "eta")
        check_fields(self, Hz, "mu", "y_b")
        check_fields(self, ms, "tau_x", "tau_y")

    @property
    def namespace(self) -> dict:
        return {k: getattr(self, k) for k in ("eta", "mu", "y_b", "tau_x", "tau_y")}


# the postsynaptic neuron (spikelearn.neurons.poisson_neuron_group): Poisson firing at NEURON_RATE
NEURON_EQUATIONS = """
u : Hz                                           # summed input w . (x~ - mu)
dy_trace/dt = -y_trace / tau_y : Hz              # low-pass filtered spike train
"""
NEURON_RATE = "y_b + u"
NEURON_RESET = "y_trace += 1 / tau_y"

MODEL = """
dx_trace/dt = -x_trace / tau_x : Hz (clock-driven)
dw/dt = eta * (y_trace_post - y_b) * ((x_trace - mu) - (y_trace_post - y_b) * w) : 1 (clock-driven)
u_post = w * (x_trace - mu) : Hz (summed)
"""
ON_PRE = "x_trace += 1 / tau_x"


def synapse_model(params: Oja) -> SynapseModel:
    """The spiking Oja synapse onto a neuron built from :data:`NEURON_EQUATIONS`, ``NEURON_RATE``, ``NEURON_RESET``."""
    if not isinstance(params, Oja):
        raise InputError(f"params must be Oja, got {type(params).__name__}")
    return SynapseModel(MODEL, ON_PRE, "", params.namespace)


def _rates(params: Oja, W, rates):
    """W as an (n_post, n_pre) array and the centred input rates x = r - mu (Hz) as floats, checked."""
    W = np.atleast_2d(np.asarray(W, dtype=float))
    r = np.atleast_1d(np.asarray(check_quantity("rates", rates, Hz, sign="any") / Hz, float))
    if W.shape[1] != r.size:
        raise InputError(f"W must have shape (n_post, {r.size}) for {r.size} input rates, got {W.shape}")
    return W, r, r - float(params.mu / Hz)


def rate_update(params: Oja, W, rates, duration):
    """Rate form: dW = eta y (x - y W) * duration for W (n_post, n_pre) and input rates ``rates`` (Hz; x = rates -
    mu, y = W x)."""
    W, _, x = _rates(params, W, rates)
    eta = float(params.eta / second) * float(check_quantity("duration", duration, second) / second)
    return hebbian.rate_update("oja", W, x[np.newaxis, :], eta)


def expected_drift(params: Oja, W, rates):
    """Mean dW/dt (1/s) of :func:`synapse_model` for Poisson inputs held at ``rates`` and W fixed (module
    docstring); the neuron's rate y_b + W x must stay positive (no rectification)."""
    W, r, x = _rates(params, W, rates)
    y = W @ x
    if np.any(float(params.y_b / Hz) + y <= 0):
        raise InputError("the postsynaptic rate y_b + W x must be positive for the drift formula")
    tau_x, tau_y = float(params.tau_x / second), float(params.tau_y / second)
    sigma2 = r / (2 * (tau_x + tau_y))  # the input trace variance that reaches the postsynaptic trace
    decay = y**2 + (float(params.y_b / Hz) + y) / (2 * tau_y) + (W**2) @ sigma2
    return float(params.eta / second) * (np.outer(y, x) + W * sigma2 - W * decay[:, np.newaxis])
