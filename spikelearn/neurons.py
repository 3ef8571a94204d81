r"""Leaky integrate-and-fire neurons as Brian2 equation strings.

Current-based LIF with an exponential synaptic current (Gerstner et al. 2014, *Neuronal
Dynamics*, eq. 1.5):

.. math:: \tau_m \frac{dv}{dt} = E_L - v + R_m (I_{syn} + I_{ext}), \qquad
          \tau_{syn} \frac{dI_{syn}}{dt} = -I_{syn}

Conductance-based LIF (Song, Miller & Abbott 2000, Methods), conductances in units of the
leak conductance:

.. math:: \tau_m \frac{dv}{dt} = E_L - v + g_e (E_e - v) + g_i (E_i - v), \qquad
          \tau_{e} \frac{dg_e}{dt} = -g_e, \quad \tau_{i} \frac{dg_i}{dt} = -g_i

A spike is emitted when ``v > V_th``; ``v`` is then reset to ``V_reset`` and clamped for ``t_ref``.
Synapses act on ``I_syn`` (current-based) or ``g_e`` / ``g_i`` (conductance-based).

Linear-nonlinear Poisson neurons (:func:`poisson_neuron_group`) fire at a rate given by an expression of
their input: the spiking counterpart of a rate neuron, used where a rule's rate form must be compared exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np
from brian2 import Mohm, NeuronGroup, Quantity, ms, mV

from .checks import InputError, check_count, check_fields, check_quantity, default

LIF_EQUATIONS = """
dv/dt = (E_L - v + R_m*(I_syn + I_ext)) / tau_m : volt (unless refractory)  # membrane potential
dI_syn/dt = -I_syn / tau_syn : amp  # synaptic current, jumps on a presynaptic spike
I_ext : amp                         # external (injected) current
"""

CONDUCTANCE_LIF_EQUATIONS = """
dv/dt = (E_L - v + g_e*(E_e - v) + g_i*(E_i - v)) / tau_m : volt (unless refractory)  # membrane potential
dg_e/dt = -g_e / tau_e : 1  # excitatory conductance, in units of the leak conductance
dg_i/dt = -g_i / tau_i : 1  # inhibitory conductance, in units of the leak conductance
"""


@dataclass(frozen=True)
class LIFParams:
    """Current-based LIF; defaults give a 20 ms membrane with a 16 mV gap from rest to threshold."""

    equations: ClassVar[str] = LIF_EQUATIONS
    method: ClassVar[str] = "exact"

    tau_m: Quantity = default(20 * ms)  # membrane time constant
    E_L: Quantity = default(-70 * mV)  # resting (leak reversal) potential
    V_th: Quantity = default(-54 * mV)  # spike threshold
    V_reset: Quantity = default(-60 * mV)  # reset potential
    t_ref: Quantity = default(0 * ms)  # absolute refractory period
    R_m: Quantity = default(100 * Mohm)  # membrane resistance
    tau_syn: Quantity = default(5 * ms)  # synaptic current decay time

    def __post_init__(self):
        check_fields(self, ms, "tau_m", "tau_syn")
        check_fields(self, ms, "t_ref", sign="nonnegative")
        check_fields(self, mV, "E_L", "V_th", "V_reset", sign="any")
        check_fields(self, Mohm, "R_m")
        if not self.V_reset < self.V_th:
            raise InputError(f"{type(self).__name__}: V_reset ({self.V_reset}) must be below V_th ({self.V_th})")

    @property
    def namespace(self) -> dict:
        """The constants the equation, threshold and reset strings refer to."""
        return asdict(self)


@dataclass(frozen=True)
class ConductanceLIFParams(LIFParams):
    """Conductance-based LIF with the parameters of Song, Miller & Abbott (2000), Methods."""

    equations: ClassVar[str] = CONDUCTANCE_LIF_EQUATIONS
    # g_e (E_e - v) makes the system non-linear; each equation is linear in its own variable
    method: ClassVar[str] = "exponential_euler"

    E_e: Quantity = default(0 * mV)  # excitatory reversal potential
    E_i: Quantity = default(-70 * mV)  # inhibitory reversal potential
    tau_e: Quantity = default(5 * ms)  # excitatory conductance decay
    tau_i: Quantity = default(5 * ms)  # inhibitory conductance decay

    def __post_init__(self):
        super().__post_init__()
        check_fields(self, ms, "tau_e", "tau_i")
        check_fields(self, mV, "E_e", "E_i", sign="any")

    @property
    def namespace(self) -> dict:
        ns = asdict(self)
        del ns["R_m"], ns["tau_syn"]  # not used by the conductance equations
        return ns


def firing_period(params: LIFParams, I_ext):
    """Interspike interval of the current-based LIF under a constant current (Neuronal Dynamics eq. 1.11):
    T = t_ref + tau_m ln((R I - (V_reset - E_L)) / (R I - (V_th - E_L))); infinite below rheobase.
    """
    drive = np.asarray(params.R_m * I_ext / mV, dtype=float)
    to_threshold, to_reset = float((params.V_th - params.E_L) / mV), float((params.V_reset - params.E_L) / mV)
    with np.errstate(divide="ignore", invalid="ignore"):
        period = float(params.t_ref / ms) + float(params.tau_m / ms) * np.log(
            (drive - to_reset) / (drive - to_threshold)
        )
    return np.where(drive > to_threshold, period, np.inf) * ms


def lif_group(n: int, params: LIFParams = LIFParams(), name: str | None = None, dt=None) -> NeuronGroup:
    """A group of ``n`` LIF neurons (current- or conductance-based, by the type of ``params``).

    Membrane potentials start at rest; conductances and currents at zero.
    """
    check_count("number of neurons", n)
    if not isinstance(params, LIFParams):
        raise InputError(f"params must be LIFParams or ConductanceLIFParams, got {type(params).__name__}")
    if dt is not None:
        check_quantity("dt", dt, ms)
    group = NeuronGroup(
        n,
        params.equations,
        threshold="v > V_th",
        reset="v = V_reset",
        refractory="t_ref",
        method=params.method,
        namespace=params.namespace,
        name=name or "lif*",
        dt=dt,
    )
    group.v = params.E_L
    return group


def poisson_neuron_group(
    n: int, rate: str, equations: str, reset: str = "", namespace=None, name: str | None = None, dt=None
) -> NeuronGroup:
    """``n`` linear-nonlinear Poisson neurons: each fires in a step with probability ``[rate]+ dt``, where
    ``rate`` is an expression (Hz) over the variables of ``equations`` (e.g. a summed synaptic input).
    The rate form of such a neuron is its ``rate`` itself, which makes rate and spiking learning comparable."""
    check_count("number of neurons", n)
    if dt is not None:
        check_quantity("dt", dt, ms)
    return NeuronGroup(
        n,
        equations,
        threshold=f"rand() < clip({rate}, 0 * Hz, inf * Hz) * dt",
        reset=reset,
        method="euler",
        namespace=namespace,
        name=name or "poisson_neuron*",
        dt=dt,
    )
