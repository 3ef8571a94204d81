"""A spiking network with one hidden layer that learns by feedback alignment (:mod:`spikelearn.rules.spiking_fa`).

Poisson inputs (rate = ``max_rate`` x pixel value) -> LIF hidden layer -> LIF output layer; label neurons fire at
``label_rate`` for the true class; error neurons compare output and label spikes and feed the dendrites of the
output (weights +-c) and hidden units (fixed random +-B). A whole schedule of examples, training and testing,
runs in one ``run()``: one TimedArray row per example, every state reset at each example's start, learning
switched by a TimedArray.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Network, NeuronGroup, PoissonGroup, SpikeMonitor, StateMonitor, Synapses, TimedArray, ms, second

from ..devices import Simulation
from ..rules.spiking_fa import (ERROR_EQUATIONS, NEURON_EQUATIONS, NEURON_RESET_EACH_EXAMPLE, SpikingFA,
                                plastic_synapse_model)


@dataclass
class FARun:
    counts: np.ndarray      # output spike counts per example, (n_examples, n_out)
    w_out: np.ndarray       # hidden -> output weights (n_hid, n_out) at each snapshot
    w_in: np.ndarray        # final input -> hidden weights (n_in, n_hid)
    timing: dict
    spikes: dict            # with record_spikes: {"inp" | "hid" | "err": (indices, times in s)}


@dataclass
class FACircuit:
    network: Network
    plastic: list           # [input -> hidden, hidden -> output] synapses
    out_spikes: SpikeMonitor
    recorded: dict          # name -> SpikeMonitor (record_spikes)
    w_monitor: StateMonitor | None
    sizes: tuple            # (n_examples, n_in, n_hid, n_out)


def build_fa_network(x, labels, learn, W_in, W_out, B, params: SpikingFA, T=100 * ms, dt=0.5 * ms,
                     max_rate=200 * Hz, label_rate=250 * Hz, snapshot_every: int | None = None,
                     record_spikes: bool = False) -> FACircuit:
    """The network that presents ``x`` (n_examples, n_in; values in [0, 1]) with ``labels``, one example per
    ``T``; ``learn`` (n_examples,) scales plasticity (0: off); ``snapshot_every`` examples, the output weights are
    recorded; ``record_spikes``: the input, hidden and error spikes too. Build it inside a
    :class:`spikelearn.devices.Simulation`."""
    x = np.asarray(x, dtype=float)
    n_ex, n_in = x.shape
    n_hid, n_out = W_in.shape[1], W_out.shape[1]
    if W_in.shape[0] != n_in or W_out.shape[0] != n_hid or B.shape != (n_out, n_hid):
        raise ValueError(f"shapes: x {x.shape}, W_in {W_in.shape}, W_out {W_out.shape}, B {B.shape} do not chain")
    labels = np.asarray(labels)
    if labels.shape != (n_ex,) or labels.min() < 0 or labels.max() >= n_out:
        raise ValueError(f"labels must be {n_ex} integers in [0, {n_out}), got shape {labels.shape}")
    namespace = {**params.namespace, "learn": TimedArray(np.asarray(learn, dtype=float), dt=T), "T_example": T}
    inp = PoissonGroup(n_in, rates="stim(t, i)", namespace={"stim": TimedArray(x * max_rate, dt=T)},
                       name="inp", dt=dt)
    lab = PoissonGroup(n_out, rates="labels(t, i)",
                       namespace={"labels": TimedArray(np.eye(n_out)[labels] * label_rate, dt=T)}, name="lab", dt=dt)
    hid, out = (NeuronGroup(n, NEURON_EQUATIONS, threshold="v > 1", reset="v = 0", refractory=params.t_ref,
                            method="exact", namespace=params.namespace, name=name, dt=dt)
                for n, name in ((n_hid, "hid"), (n_out, "out")))
    err = NeuronGroup(2 * n_out, ERROR_EQUATIONS, threshold="v > 1", reset="v -= 1", name="err", dt=dt)
    objects = [inp, lab, hid, out, err]
    for group in (hid, out, err):
        reset = NEURON_RESET_EACH_EXAMPLE if group is not err else "v = 0"
        objects.append(group.run_regularly(reset, dt=T, when="start"))
    objects.append(err.run_regularly("v = clip(v, 0, 1e9)", when="after_synapses", dt=dt))
    plastic = []
    for pre, post, W, name in ((inp, hid, W_in, "w_in"), (hid, out, W_out, "w_out")):
        s = plastic_synapse_model(params).synapses(pre, post, name=name, dt=dt)
        s.namespace.update(namespace)
        pre_i, post_j = np.repeat(np.arange(W.shape[0]), W.shape[1]), np.tile(np.arange(W.shape[1]), W.shape[0])
        s.connect(i=pre_i, j=post_j)  # explicit indices: standalone cannot read them before the run
        s.w = W[pre_i, post_j]
        plastic.append(s)
    # error neurons k (err+) and n_out + k (err-): output spikes +1 / -1, label spikes -1 / +1
    for source, sign, name in ((out, 1, "count_out"), (lab, -1, "count_lab")):
        s = Synapses(source, err, "polarity : 1", on_pre="v_post += polarity", name=name, dt=dt)
        s.connect(i=np.tile(np.arange(n_out), 2), j=np.arange(2 * n_out))
        s.polarity = np.repeat([sign, -sign], n_out)
        objects.append(s)
    fb_out = Synapses(err, out, "g : 1", on_pre="U_post += g", name="fb_out", dt=dt)
    fb_out.connect(i=np.arange(2 * n_out), j=np.tile(np.arange(n_out), 2))
    fb_out.g = np.repeat([params.c, -params.c], n_out)
    fb_hid = Synapses(err, hid, "g : 1", on_pre="U_post += g", name="fb_hid", dt=dt)
    k, h = np.repeat(np.arange(2 * n_out), n_hid), np.tile(np.arange(n_hid), 2 * n_out)
    fb_hid.connect(i=k, j=h)
    fb_hid.g = np.where(k < n_out, 1, -1) * B[k % n_out, h]
    out_spikes = SpikeMonitor(out, name="out_spikes")
    recorded = {g.name: SpikeMonitor(g, name=f"{g.name}_spikes") for g in (inp, hid, err)} if record_spikes else {}
    w_monitor = StateMonitor(plastic[1], "w", record=np.arange(n_hid * n_out), dt=snapshot_every * T,
                             name="w_out_monitor") if snapshot_every else None
    monitors = [out_spikes, *recorded.values()] + ([w_monitor] if w_monitor is not None else [])
    network = Network(*objects, *plastic, fb_out, fb_hid, *monitors)
    return FACircuit(network, plastic, out_spikes, recorded, w_monitor, (n_ex, n_in, n_hid, n_out))


def _matrix(synapses, shape) -> np.ndarray:
    W = np.zeros(shape)
    W[np.asarray(synapses.i[:]), np.asarray(synapses.j[:])] = np.asarray(synapses.w[:])
    return W


def results(circuit: FACircuit, T, timing: dict) -> FARun:
    """Output counts per example, the output-weight snapshots (and the final weights), the final input weights."""
    n_ex, n_in, n_hid, n_out = circuit.sizes
    spikes = circuit.out_spikes
    example = (np.asarray(spikes.t / T) + 1e-9).astype(int)
    counts = np.zeros((n_ex, n_out))
    np.add.at(counts, (np.minimum(example, n_ex - 1), np.asarray(spikes.i)), 1)
    w_out = circuit.plastic[1]
    snapshots = []
    if circuit.w_monitor is not None:
        i_out, j_out = np.asarray(w_out.i[:]), np.asarray(w_out.j[:])
        for column in np.asarray(circuit.w_monitor.w).T:
            W = np.zeros((n_hid, n_out))
            W[i_out, j_out] = column
            snapshots.append(W)
    snapshots.append(_matrix(w_out, (n_hid, n_out)))
    return FARun(counts, np.array(snapshots), _matrix(circuit.plastic[0], (n_in, n_hid)), timing,
                 {name: (np.asarray(m.i), np.asarray(m.t / second)) for name, m in circuit.recorded.items()})


def run_fa_network(x, labels, learn, W_in, W_out, B, params: SpikingFA, T=100 * ms, dt=0.5 * ms,
                   max_rate=200 * Hz, label_rate=250 * Hz, snapshot_every: int | None = None, seed: int = 0,
                   device: str = "cpp_standalone", progress: bool = False, record_spikes: bool = False) -> FARun:
    """Build the network (:func:`build_fa_network`) and present the whole schedule in one ``run()``."""
    with Simulation(device, seed=seed, progress=progress) as sim:
        circuit = build_fa_network(x, labels, learn, W_in, W_out, B, params, T, dt, max_rate, label_rate,
                                   snapshot_every, record_spikes)
        sim.run(circuit.network, circuit.sizes[0] * T, label="FA network")
        sim.execute()
        return results(circuit, T, sim.timing)
