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

Adaptive exponential integrate-and-fire neurons (Brette & Gerstner 2005, *J. Neurophysiol.* 94:3637;
:func:`adex_group`), conductance-based like the above:

.. math:: C \frac{dV}{dt} = g_L (E_L - V) + g_L \Delta_T e^{(V - V_T)/\Delta_T} - w + I
          + g_L [g_e (E_e - V) + g_i (E_i - V)],
          \qquad \tau_w \frac{dw}{dt} = a (V - E_L) - w;

a spike at ``V > V_peak`` resets ``V`` to ``V_reset``, adds ``b`` to ``w`` and clamps ``V`` for ``t_ref``.

Linear-nonlinear Poisson neurons (:func:`poisson_neuron_group`) fire at a rate given by an expression of
their input: the spiking counterpart of a rate neuron, used where a rule's rate form must be compared exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np
from brian2 import Mohm, NeuronGroup, Quantity, ms, mV, nS, pA, pF

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


ADEX_EQUATIONS = """
dV/dt = (g_L * (E_L - V) + I_spike - w_a + I + I_syn) / C : volt (unless refractory)
I_spike = g_L * Delta_T * exp(clip((V - V_T) / Delta_T, -inf, 20)) : amp   # the spike's exponential upswing
dw_a/dt = (a * (V - E_L) - w_a) / tau_w : amp                       # adaptation current
I_syn = g_L * (g_e * (E_e - V) + g_i * (E_i - V)) : amp            # conductances in units of g_L
dg_e/dt = -g_e / tau_e : 1
dg_i/dt = -g_i / tau_i : 1
I : amp                                                            # injected current
"""


@dataclass(frozen=True)
class AdExParams:
    """AdEx neuron (Brette & Gerstner 2005) with conductance synapses (AMPA 5 ms, 0 mV; GABA 10 ms, -80 mV)."""

    C: Quantity = default(100 * pF)
    g_L: Quantity = default(10 * nS)
    E_L: Quantity = default(-70 * mV)
    V_T: Quantity = default(-50 * mV)
    Delta_T: Quantity = default(2 * mV)
    a: Quantity = default(0 * nS)
    b: Quantity = default(0 * pA)
    tau_w: Quantity = default(100 * ms)
    V_reset: Quantity = default(-55 * mV)
    V_peak: Quantity = default(0 * mV)
    t_ref: Quantity = default(1 * ms)
    E_e: Quantity = default(0 * mV)
    E_i: Quantity = default(-80 * mV)
    tau_e: Quantity = default(5 * ms)
    tau_i: Quantity = default(10 * ms)

    def __post_init__(self):
        check_fields(self, pF, "C")
        check_fields(self, nS, "g_L")
        check_fields(self, nS, "a", sign="any")
        check_fields(self, pA, "b", sign="any")
        check_fields(self, mV, "Delta_T")
        check_fields(self, mV, "E_L", "V_T", "V_reset", "V_peak", "E_e", "E_i", sign="any")
        check_fields(self, ms, "tau_w", "tau_e", "tau_i")
        check_fields(self, ms, "t_ref", sign="nonnegative")

    @property
    def namespace(self) -> dict:
        return asdict(self)


def adex_group(n: int, params: AdExParams, name: str | None = None, dt=None) -> NeuronGroup:
    """``n`` AdEx neurons at rest (Euler; the exponential is capped at e^20 so that a spike's upswing stays finite
    within its step)."""
    check_count("number of neurons", n)
    if not isinstance(params, AdExParams):
        raise InputError(f"params must be AdExParams, got {type(params).__name__}")
    group = NeuronGroup(
        n,
        ADEX_EQUATIONS,
        threshold="V > V_peak",
        reset="V = V_reset\nw_a += b",
        refractory="t_ref",
        method="euler",
        namespace=params.namespace,
        name=name or "adex*",
        dt=dt,
    )
    group.V = params.E_L
    return group


# Clopath et al. (2010), Methods and Table 1a: adaptive exponential integrate-and-fire neuron with a
# spike-triggered depolarising current z and an adaptive threshold V_T. ``v`` is integrated; the membrane potential
# ``u`` the plasticity rule sees is ``v`` with the spike drawn in: u = V_spike for t_spike after each spike (while v
# is held at V_reset and w_ad frozen), as in the authors' reference code (ModelDB 144566) and NEST's
# aeif_psc_delta_clopath. V_spike, t_spike and V_peak are NEST's defaults; V_reset = E_L + 21 mV is the value of NEST's
# reproduction of the paper's pairing experiment (examples/clopath_synapse_spike_pairing.py), close to the reference
# code's post-spike potential; none of the four is stated in the paper. b = 0.0805 pA (practically no spike-triggered
# adaptation) is the value of both reference implementations (NEST's example; the ANNarchy port of the ModelDB code);
# read as 0.0805 nA, the pairing-frequency model loses its LTP at +10 ms and 10-50 Hz (its largest miss: 5.5 SEM).
ADEX_CLOPATH_EQUATIONS = """
dv/dt = (-g_L*(v - E_L) + g_L*Delta_T*exp((v - V_T)/Delta_T) - w_ad + z + I_ext) / C : volt (unless refractory)
dw_ad/dt = (a*(v - E_L) - w_ad) / tau_w : amp (unless refractory)  # adaptation current
dz/dt = -z / tau_z : amp                                           # spike-triggered depolarising current
dV_T/dt = -(V_T - V_T_rest) / tau_VT : volt                        # adaptive threshold
u = V_spike + int(not_refractory)*(v - V_spike) : volt             # membrane potential with the 2 ms spike
I_ext : amp
"""
ADEX_CLOPATH_RESET = "v = V_reset\nw_ad += b\nz = I_sp\nV_T = V_T_max"


@dataclass(frozen=True)
class AdExClopathParams:
    """AdEx of Clopath et al. (2010), Table 1a; V_reset, V_peak, V_spike, t_spike, b: the reference implementations'."""

    C: Quantity = default(281 * pF)
    g_L: Quantity = default(30 * nS)
    E_L: Quantity = default(-70.6 * mV)
    Delta_T: Quantity = default(2 * mV)
    V_T_rest: Quantity = default(-50.4 * mV)
    V_T_max: Quantity = default(-30.4 * mV)  # V_T after a spike
    tau_VT: Quantity = default(50 * ms)
    tau_w: Quantity = default(144 * ms)
    a: Quantity = default(4 * nS)
    b: Quantity = default(0.0805 * pA)  # reference implementations (see above)
    I_sp: Quantity = default(400 * pA)  # z after a spike
    tau_z: Quantity = default(40 * ms)
    V_reset: Quantity = default(-49.6 * mV)  # E_L + 21 mV
    V_peak: Quantity = default(33 * mV)  # spike detection
    V_spike: Quantity = default(33 * mV)  # u during a spike
    t_spike: Quantity = default(2 * ms)  # spike duration

    def __post_init__(self):
        check_fields(self, pF, "C")
        check_fields(self, nS, "g_L")
        check_fields(self, nS, "a", sign="nonnegative")
        check_fields(self, pA, "b", "I_sp", sign="nonnegative")
        check_fields(self, mV, "Delta_T")
        check_fields(self, mV, "E_L", "V_T_rest", "V_T_max", "V_reset", "V_peak", "V_spike", sign="any")
        check_fields(self, ms, "tau_VT", "tau_w", "tau_z", "t_spike")
        if not (self.V_reset < self.V_T_max and self.V_T_rest <= self.V_T_max < self.V_peak):
            raise InputError(
                f"AdExClopathParams: need V_reset < V_T_max, V_T_rest <= V_T_max < V_peak, got V_reset {self.V_reset}, "
                f"V_T_rest {self.V_T_rest}, V_T_max {self.V_T_max}, V_peak {self.V_peak}"
            )

    @property
    def namespace(self) -> dict:
        return asdict(self)


def adex_clopath_group(
    n: int, params: AdExClopathParams = AdExClopathParams(), extra: str = "", namespace=None, name=None, dt=None
) -> NeuronGroup:
    """``n`` AdEx neurons of Clopath et al. (2010) at rest (forward Euler); ``extra`` adds equation lines (e.g. a
    rule's postsynaptic filters, :func:`spikelearn.rules.clopath.post_equations`) with their ``namespace``."""
    check_count("number of neurons", n)
    if not isinstance(params, AdExClopathParams):
        raise InputError(f"params must be AdExClopathParams, got {type(params).__name__}")
    if dt is not None:
        check_quantity("dt", dt, ms)
    group = NeuronGroup(
        n,
        ADEX_CLOPATH_EQUATIONS + extra,
        threshold="v > V_peak",
        reset=ADEX_CLOPATH_RESET,
        refractory="t_spike",
        method="euler",
        namespace={**params.namespace, **(namespace or {})},
        name=name or "adex*",
        dt=dt,
    )
    group.v = params.E_L
    group.V_T = params.V_T_rest
    return group
