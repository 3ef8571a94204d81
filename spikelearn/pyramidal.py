r"""Two-compartment pyramidal neurons (Naud & Sprekeler 2018, *PNAS* 115:E6329; Payeur et al. 2021).

Soma and apical dendrite interact only through the dendritic nonlinearity :math:`f(V_d)` and the
back-propagating spike (no ohmic coupling):

.. math::
   C_s \frac{dV_s}{dt} &= -\frac{C_s}{\tau_s}(V_s - E_L) + g_s f(V_d) + w_s + I_s, \qquad
   \tau_{ws} \frac{dw_s}{dt} = -w_s \\
   C_d \frac{dV_d}{dt} &= -\frac{C_d}{\tau_d}(V_d - E_L) + g_d f(V_d) + c_d K(t - \hat t) + w_d + I_d, \qquad
   \tau_{wd} \frac{dw_d}{dt} = -w_d + a_w (V_d - E_L)

with :math:`f(V) = 1 / (1 + e^{-(V - E_d)/D_d})` and :math:`K` a 2 ms box starting one step after each somatic
spike. A spike is emitted when :math:`V_s > \theta`; then :math:`V_s \leftarrow E_L`, :math:`\theta \mathrel{+}= 2` mV
(relaxing to :math:`V_T` with 27 ms), :math:`w_s \mathrel{+}= b`. Somatic input makes events; dendritic input,
through :math:`f(V_d)` and the back-propagating spike, turns events into bursts. Parameters: the authors'
Auryn neuron ``NaudGroup`` (``src/auryn/NaudGroup.cpp`` in github.com/apayeur/auryn). Synaptic inputs are
conductances in units of
each compartment's leak conductance (``g_es``, ``g_is``, ``g_ed``, ``g_id``; AMPA 5 ms, 0 mV; GABA 10 ms,
-80 mV). Dendritic synapses use the dendritic potential as their driving force; the Auryn code uses the
somatic one (``dendritic_driving_force="V_s"`` replicates it).

The simplified neuron the paper uses for learning (``simplified=True``; the authors' ``BurstPoissonGroup``):
no :math:`f(V_d)` terms and no back-propagating spike (a passive dendrite); at each somatic threshold crossing
a burst is drawn with probability :math:`f(V_d)` (with :math:`E_d` = -57 mV, :data:`SIMPLIFIED`); a burst is
exactly two spikes, the second 5-15 ms after the first (it does not reset the soma); every spike starts a
20 ms absolute refractory period.
"""

from __future__ import annotations

from dataclasses import dataclass

from brian2 import NeuronGroup, Quantity, ms, mV, nS, pA, pF

from .bursts import detector
from .checks import InputError, check_choice, check_count, check_fields, default

EQUATIONS = """
dV_s/dt = -(V_s - E_L) / tau_s + ({soma_drive}w_s + I_s + I_syn_s) / C_s : volt
dV_d/dt = -(V_d - E_L) / tau_d + ({dendrite_drive}w_d + I_d + I_syn_d) / C_d : volt
f_d = 1 / (1 + exp(-(V_d - E_d) / D_d)) : 1                       # dendritic nonlinearity / burst probability
dw_s/dt = -w_s / tau_ws : amp                                     # somatic adaptation
dw_d/dt = (-w_d + a_w * (V_d - E_L)) / tau_wd : amp               # dendritic adaptation
dtheta/dt = (V_T - theta) / tau_theta : volt                      # moving threshold
I_syn_s = C_s / tau_s * (g_es * (E_e - V_s) + g_is * (E_i - V_s)) : amp
I_syn_d = C_d / tau_d * (g_ed * (E_e - {driving}) + g_id * (E_i - {driving})) : amp
dg_es/dt = -g_es / tau_e : 1
dg_is/dt = -g_is / tau_i : 1
dg_ed/dt = -g_ed / tau_e : 1
dg_id/dt = -g_id / tau_i : 1
I_s : amp        # injected somatic current
I_d : amp        # injected dendritic current
t_spike : second
"""
FULL = {
    "soma_drive": "g_s * f_d + ",
    "dendrite_drive": "g_d * f_d + c_d * K + ",
    "extra": """
K = int(t - t_spike > 0.5 * dt) * int(t - t_spike < 2 * ms + 0.5 * dt) : 1   # back-propagating spike
""",
    "threshold": "V_s > theta",
    "reset": """
V_s = E_L
theta += 2 * mV
w_s += b
t_spike = t
""",
}
SIMPLE = {
    "soma_drive": "",
    "dendrite_drive": "",
    "extra": """
t_second : second  # the pending second spike of a burst (far future when none)
""",
    "threshold": "(V_s > theta and t - t_spike > t_ref) or t >= t_second",
    "reset": """
is_second = int(t >= t_second)
draw = int(rand() < f_d) * (1 - is_second)
t_second = draw * (t + 5 * ms + 10 * ms * rand()) + (1 - draw) * 1e6 * second
V_s = is_second * V_s + (1 - is_second) * E_L
theta += (1 - is_second) * 2 * mV
w_s += (1 - is_second) * b
t_spike = t
""",
}


@dataclass(frozen=True)
class PyramidalParams:
    """Two-compartment neuron parameters (Payeur et al. 2021 / Auryn ``NaudGroup``)."""

    tau_s: Quantity = default(16 * ms)
    C_s: Quantity = default(370 * pF)
    tau_d: Quantity = default(7 * ms)
    C_d: Quantity = default(170 * pF)
    E_L: Quantity = default(-70 * mV)
    V_T: Quantity = default(-50 * mV)
    g_s: Quantity = default(1300 * pA)
    g_d: Quantity = default(1200 * pA)
    c_d: Quantity = default(2600 * pA)
    E_d: Quantity = default(-38 * mV)
    D_d: Quantity = default(6 * mV)
    b: Quantity = default(-200 * pA)
    tau_ws: Quantity = default(100 * ms)
    a_w: Quantity = default(-13 * nS)
    tau_wd: Quantity = default(30 * ms)
    tau_theta: Quantity = default(27 * ms)
    E_e: Quantity = default(0 * mV)
    E_i: Quantity = default(-80 * mV)
    tau_e: Quantity = default(5 * ms)
    tau_i: Quantity = default(10 * ms)
    t_ref: Quantity = default(20 * ms)  # absolute refractory period of the simplified neuron

    def __post_init__(self):
        check_fields(self, ms, "tau_s", "tau_d", "tau_ws", "tau_wd", "tau_theta", "tau_e", "tau_i", "t_ref")
        check_fields(self, pF, "C_s", "C_d")
        check_fields(self, pA, "g_s", "g_d", "c_d")
        check_fields(self, mV, "D_d")
        check_fields(self, mV, "E_L", "V_T", "E_d", "E_e", "E_i", sign="any")
        check_fields(self, pA, "b", sign="any")
        check_fields(self, nS, "a_w", sign="any")

    @property
    def namespace(self) -> dict:
        return dict(vars(self))


SIMPLIFIED = PyramidalParams(E_d=-57 * mV)


def pyramidal_group(
    n: int,
    params: PyramidalParams = PyramidalParams(),
    equations: str = "",
    reset: str = "",
    namespace=None,
    name: str | None = None,
    dt=None,
    kind: str = "trace",
    simplified: bool = False,
    dendritic_driving_force: str = "V_d",
) -> NeuronGroup:
    """``n`` two-compartment neurons (``simplified``: the burst-Poisson neuron; use :data:`SIMPLIFIED`) with the
    event/burst detector ``kind`` (:mod:`spikelearn.bursts`); ``equations`` / ``reset``: extra statements (e.g. a
    plasticity rule's averages); ``dendritic_driving_force``: "V_d" or "V_s" (the Auryn code's). Potentials start
    at rest, the threshold at V_T."""
    check_count("number of neurons", n)
    if not isinstance(params, PyramidalParams):
        raise InputError(f"params must be PyramidalParams, got {type(params).__name__}")
    detector_equations, detector_reset, initial = detector(kind)
    model = SIMPLE if simplified else FULL
    driving = check_choice("dendritic_driving_force", dendritic_driving_force, ("V_d", "V_s"))
    group = NeuronGroup(
        n,
        EQUATIONS.format(**model, driving=driving) + model["extra"] + detector_equations + equations,
        threshold=model["threshold"],
        reset=model["reset"] + reset + detector_reset,
        method="euler",
        namespace={**params.namespace, **(namespace or {})},
        name=name or "pyramidal*",
        dt=dt,
    )
    group.V_s = params.E_L
    group.V_d = params.E_L
    group.theta = params.V_T
    group.t_spike = -1e6 * ms
    if simplified:
        group.t_second = 1e6 * ms
    for var, value in initial.items():
        setattr(group, var, value)
    return group
