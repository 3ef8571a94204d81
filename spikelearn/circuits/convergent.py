"""Convergent circuits: independent output neurons, each driven by its own block of excitatory inputs.

Output neuron ``k`` receives the sources ``k * n_inputs ... (k + 1) * n_inputs - 1`` through
excitatory synapses (plastic under a rule, or static) and, optionally, Poisson inhibition with a
fixed conductance. This is the Song, Miller & Abbott (2000) neuron; several conditions (input rates,
correlations, with and without plasticity) share one network as independent neurons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Network, NeuronGroup, PoissonInput, SpikeMonitor, Synapses

from ..checks import InputError, check_count, check_quantity
from ..neurons import ConductanceLIFParams, lif_group
from ..rules import SynapseModel

STATIC = SynapseModel(model="w : 1  # synaptic weight (fixed)", on_pre="g_e_post += w", on_post="")


@dataclass(frozen=True)
class Inhibition:
    """``n`` independent Poisson inhibitory inputs at ``rate``, each adding ``g`` to ``g_i``."""

    n: int
    rate: object
    g: float

    def __post_init__(self):
        check_count("Inhibition.n", self.n)
        check_quantity("Inhibition.rate", self.rate, Hz, sign="nonnegative")
        check_quantity("Inhibition.g", self.g, 1, sign="nonnegative")


@dataclass
class ConvergentCircuit:
    network: Network
    neurons: NeuronGroup
    sources: object
    synapses: Synapses
    spikes: SpikeMonitor


SONG_2000 = ConductanceLIFParams()  # the neuron of Song, Miller & Abbott (2000)


def convergent_circuit(
    sources,
    n_inputs: int,
    w0,
    model: SynapseModel = STATIC,
    neuron: ConductanceLIFParams = SONG_2000,
    inhibition: Inhibition | None = None,
    extra=(),
    name: str = "convergent",
) -> ConvergentCircuit:
    """One conductance-LIF neuron per block of ``n_inputs`` sources.

    ``model`` is the excitatory synapse (its ``on_pre`` must add ``w`` to ``g_e_post``), ``w0`` the
    initial weights (scalar or one per source), ``extra`` objects that drive the sources (e.g. the
    mother train of :func:`spikelearn.inputs.correlate`).
    """
    n_inputs = check_count("n_inputs", n_inputs)
    if len(sources) % n_inputs:
        raise InputError(f"the number of sources ({len(sources)}) must be a multiple of n_inputs ({n_inputs})")
    if not isinstance(neuron, ConductanceLIFParams):
        raise InputError(f"neuron must be ConductanceLIFParams, got {type(neuron).__name__}")
    w0 = np.asarray(w0, dtype=float)
    if w0.ndim and w0.shape != (len(sources),):
        raise InputError(f"w0 must be a scalar or have shape ({len(sources)},), got {w0.shape}")
    n_out = len(sources) // n_inputs
    neurons = lif_group(n_out, neuron, name=f"{name}_neurons")
    synapses = model.synapses(sources, neurons, name=f"{name}_synapses")
    synapses.connect(i=np.arange(len(sources)), j=np.arange(len(sources)) // n_inputs)
    synapses.w = w0
    objects = [sources, neurons, synapses, *extra]
    if inhibition is not None:
        objects.append(PoissonInput(neurons, "g_i", inhibition.n, inhibition.rate, weight=inhibition.g))
    spikes = SpikeMonitor(neurons, name=f"{name}_spikes")
    return ConvergentCircuit(Network(*objects, spikes), neurons, sources, synapses, spikes)
