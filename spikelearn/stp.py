r"""Short-term plasticity: the extended Tsodyks-Markram model used by Payeur et al. (2021).

Between presynaptic spikes the resources :math:`x` recover and the utilisation :math:`u` relaxes to :math:`U`:

.. math:: \frac{dx}{dt} = \frac{1 - x}{\tau_D}, \qquad \frac{du}{dt} = \frac{U - u}{\tau_F};

a spike releases :math:`u x` (with the values *before* the spike), then :math:`x \leftarrow x - u x` and
:math:`u \leftarrow u + f (1 - u)`. Depressing synapses (large U) pass the first spike of a burst and little
of the rest: they transmit the event rate. Facilitating synapses (small U) pass later spikes of a burst
more than the first: they transmit the burst rate. Parameters: the authors' ``STPeTMConnection``
(apayeur/spikingburstprop), see :data:`DEPRESSING` and :data:`FACILITATING`. Their simulations step u by U, not f:
the class's f-update is never called (the base class's non-virtual one runs); ``f = U`` gives that model
(:func:`spikelearn.models.burst_propagation.stp_params`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from .checks import InputError, check_fields, check_quantity, default
from .rules import SynapseModel


@dataclass(frozen=True)
class TsodyksMarkram:
    """Release probability ``U``, facilitation increment ``f``, recovery ``tau_D`` and facilitation ``tau_F``."""

    U: float = 0.9
    f: float = 0.1
    tau_D: Quantity = default(20 * ms)
    tau_F: Quantity = default(1 * second)

    def __post_init__(self):
        check_fields(self, 1, "U", "f")
        check_fields(self, ms, "tau_D", "tau_F")
        if self.U > 1 or self.f > 1:
            raise InputError(f"TsodyksMarkram: U and f must be <= 1, got U = {self.U}, f = {self.f}")

    @property
    def namespace(self) -> dict:
        return {"U": self.U, "f_stp": self.f, "tau_D": self.tau_D, "tau_F": self.tau_F}


DEPRESSING = TsodyksMarkram(U=0.9, f=0.1, tau_D=20 * ms, tau_F=1 * second)
FACILITATING = TsodyksMarkram(U=0.02, f=0.1, tau_D=100 * ms, tau_F=100 * ms)

MODEL = """
w : 1
dx_stp/dt = (1 - x_stp) / tau_D : 1 (event-driven)   # available resources
du_stp/dt = (U - u_stp) / tau_F : 1 (event-driven)   # utilisation
"""
ON_PRE = """
release = u_stp * x_stp
{transmit}
x_stp -= release
u_stp += f_stp * (1 - u_stp)
"""


def synapse_model(params: TsodyksMarkram, transmit: str) -> SynapseModel:
    """Synapses with STP; ``transmit`` uses ``release`` (= u x before the spike), e.g. ``"g_e_post += w * release"``.
    Set ``x_stp = 1`` and ``u_stp = U`` after creating them (:func:`initialise`)."""
    if not isinstance(params, TsodyksMarkram):
        raise InputError(f"params must be TsodyksMarkram, got {type(params).__name__}")
    return SynapseModel(MODEL, ON_PRE.format(transmit=transmit), "", params.namespace)


def initialise(synapses, params: TsodyksMarkram, u=None):
    """Full resources and the resting utilisation U (or ``u``)."""
    synapses.x_stp = 1.0
    synapses.u_stp = params.U if u is None else u


def steady_state_release(params: TsodyksMarkram, rate):
    """u x at each spike of a long periodic train at ``rate``, divided by that of the first spike (U)."""
    check_quantity("rate", rate, Hz)
    interval = float(1 / (rate * second))
    a = np.exp(-interval / float(params.tau_F / second))
    d = np.exp(-interval / float(params.tau_D / second))
    u = (params.U * (1 - a) + params.f * a) / (1 - (1 - params.f) * a)  # u just before a spike
    x = (1 - d) / (1 - (1 - u) * d)
    return u * x / params.U
