r"""A spiking Oja synapse: Oja's rule (1982) on low-pass filtered spike trains.

Rate form (:func:`spikelearn.rules.hebbian.rate_update` with ``"oja"``), for input rates measured from
their mean :math:`x = r - \mu` and the linear response :math:`y = w \cdot x`:

.. math:: \frac{dw_i}{dt} = \eta\, y\, (x_i - y\, w_i),

a Hebbian term plus a decay that keeps :math:`|w| \to 1`; :math:`w` converges to the first principal
component of the inputs' covariance.

Spiking form: :math:`x_i` and :math:`y` are traces of the pre- and postsynaptic spike trains (jumps of
:math:`1/\tau_x`, :math:`1/\tau_y`; their means are the rates in Hz) less their baselines :math:`\mu` and
:math:`y_b`. The postsynaptic neuron fires as a Poisson process at :math:`y_b + w \cdot (\tilde x - \mu)`
(rectified), so its trace estimates the rate form's :math:`y`. Shot noise adds the same variance to every
input trace, which leaves the principal directions unchanged; the postsynaptic shot noise enlarges the
decay term, so :math:`|w|` settles below 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from brian2 import Hz, Quantity, ms, second

from ..checks import InputError, check_fields, default
from . import SynapseModel


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
