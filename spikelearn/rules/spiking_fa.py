r"""Spiking feedback alignment: event-driven random backpropagation (Neftci et al. 2017, eRBP) in Brian2.

Hidden and output neurons are LIF units with a synaptic current :math:`I` and a dendritic error compartment
:math:`U` that does not drive the soma:

.. math:: \tau_m \dot v = -v + I, \qquad \tau_s \dot I = -I, \qquad \tau_U \dot U = -U .

Error neurons carry the signed output error in spikes: for every class a pair of non-leaky integrators,
:math:`err^+` (output spikes add +1, label spikes -1) and :math:`err^-` (the opposite), each firing when it
reaches 1 and floored at 0, so :math:`err^+` fires at about :math:`(r_{out} - r_{label})_+` and :math:`err^-`
at :math:`(r_{label} - r_{out})_+`. Their spikes reach the dendrites: of the output unit of their class
with weight :math:`\pm c`, of every hidden unit through a fixed random matrix :math:`\pm B` (zero mean over
classes for each hidden unit). So :math:`U_h \approx \tau_U \sum_k B_{kh} (r_{out,k} - r_{label,k})`, the
feedback-alignment error :math:`B^T e`.

At every presynaptic spike (event-driven, no per-step synaptic equation):

.. math:: w \leftarrow w - \eta\, U_{post}\, \Theta(|I_{post}| < g)

with the boxcar :math:`\Theta` standing in for :math:`f'` (a LIF behaves like a thresholded ReLU), learning
off in the first ``t_settle`` of each presentation. Averaged over a presentation this is the rate FA update
:math:`\Delta W_l = -\eta'\, (\delta_l^T h_{l-1})`, :math:`\delta_l = (B e) \odot f'`, of
:mod:`spikelearn.rules.feedback`, with presynaptic rates for :math:`h_{l-1}`. With several hidden layers,
FA's lower layers get no error spikes: their dendrite is the summed variable
:math:`U_h = \sum_j B_{jh}\, U_j\, \Theta(|I_j| < g)` over the layer above (:data:`RELAYED_FEEDBACK`), the
spiking form of :math:`\delta_l = (B_{l+1}\delta_{l+1}) \odot f'(a_l)`; in DFA every hidden layer gets the error
spikes through its own matrix. Parameters: our own Brian2
recipe (neurons and error populations after Neftci et al. 2017, *Front. Neurosci.* 11:324, and their eRBP
code in github.com/HBPNeurorobotics/auryn); a one-seed pilot run of it reached 93 % on 8x8 digits with
64-100-10.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms

from ..checks import InputError, check_fields, check_quantity, default
from . import SynapseModel


@dataclass(frozen=True)
class SpikingFA:
    """Neuron time constants, learning rate, gate on |I|, weight bound, feedback scale, settling time."""

    tau_m: Quantity = default(10 * ms)
    tau_s: Quantity = default(5 * ms)
    tau_U: Quantity = default(20 * ms)
    t_ref: Quantity = default(4 * ms)
    eta: float = 2e-3
    gate: float = 3.0
    w_max: float = 1.0
    c: float = 0.2  # error -> output dendrite weight
    t_settle: Quantity = default(20 * ms)

    def __post_init__(self):
        check_fields(self, ms, "tau_m", "tau_s", "tau_U", "t_ref", "t_settle")
        check_fields(self, 1, "eta", "gate", "w_max", "c")

    @property
    def namespace(self) -> dict:
        return {k: getattr(self, k) for k in ("tau_m", "tau_s", "tau_U", "eta", "gate", "w_max", "t_settle")}


NEURON_EQUATIONS = """
dv/dt = (-v + I) / tau_m : 1 (unless refractory)
dI/dt = -I / tau_s : 1          # synaptic current
"""
DENDRITE = {
    False: "dU/dt = -U / tau_U : 1   # dendritic error compartment (does not drive the soma)\n",
    True: "U : 1                    # dendritic error, relayed from the layer above (RELAYED_FEEDBACK)\n",
}
NEURON_RESET_EACH_EXAMPLE = "v = 0\nI = 0\nU = 0"
# multi-layer FA: the dendrite of a lower hidden unit sums the gated errors of the layer above through fixed B
RELAYED_FEEDBACK = "U_post = g * U_pre * int(abs(I_pre) < gate) : 1 (summed)"
ERROR_EQUATIONS = "v : 1"  # non-leaky integrator of output minus label spikes (or the reverse)

PLASTIC_MODEL = "w : 1"
# the update first (it reads I_post before this spike's own contribution), then transmission
PLASTIC_ON_PRE = """
w = clip(w - eta * U_post * learn(t) * int(t - floor(t / T_example) * T_example > t_settle) * int(abs(I_post) < gate), -w_max, w_max)
I_post += w
"""  # noqa: E501 (one Brian2 statement per line)


def neuron_equations(relayed: bool) -> str:
    """LIF unit with its error dendrite: driven by error spikes (decaying with tau_U) or ``relayed``."""
    return NEURON_EQUATIONS + DENDRITE[relayed]


def synapse_model(params: SpikingFA) -> SynapseModel:
    """The forward, learning synapse; its namespace needs ``learn`` (a TimedArray, 1 while training) and
    ``T_example`` added by the circuit."""
    if not isinstance(params, SpikingFA):
        raise InputError(f"params must be SpikingFA, got {type(params).__name__}")
    return SynapseModel(PLASTIC_MODEL, PLASTIC_ON_PRE, "", params.namespace)


def rate_update(params: SpikingFA, n_pre, U_post):
    """Rate form of the per-spike update, summed over presentations with the gate open: dW = -eta U_post^T n_pre,
    for the presynaptic spike counts ``n_pre`` (presentations, n_pre) in each learning window and the dendritic
    potentials ``U_post`` (presentations, n_post). Returns an (n_post, n_pre) array."""
    n_pre, U_post = np.atleast_2d(np.asarray(n_pre, float)), np.atleast_2d(np.asarray(U_post, float))
    if len(n_pre) != len(U_post):
        raise InputError(f"n_pre and U_post need one row per presentation, got {len(n_pre)} and {len(U_post)}")
    return -params.eta * U_post.T @ n_pre


def expected_drift(params: SpikingFA, rate_pre, U_post):
    """Mean dW/dt (1/s) while learning, with the gate open and U_post held: -eta U_post[i] rate_pre[j] for
    presynaptic rates ``rate_pre`` (Hz); an (n_post, n_pre) array."""
    rate = np.atleast_1d(np.asarray(check_quantity("rate_pre", rate_pre, Hz, sign="nonnegative") / Hz, float))
    return -params.eta * np.outer(np.atleast_1d(np.asarray(U_post, float)), rate)
