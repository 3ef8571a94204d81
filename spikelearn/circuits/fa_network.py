"""Spiking networks that learn by feedback alignment (:mod:`spikelearn.rules.spiking_fa`), with one or more hidden
layers.

Poisson inputs (rate = ``max_rate`` x pixel value) -> LIF hidden layers -> LIF output layer; label neurons fire at
``label_rate`` for the true class; error neurons compare output and label spikes and feed the dendrites of the
output units (weights +-c) and of the hidden units. How the error reaches a hidden layer (``mode``):

- the last hidden layer always gets the error spikes through fixed random +-B (n_hid x n_out);
- ``"dfa"`` (direct feedback alignment, Nokland 2016; eRBP, Neftci et al. 2017): so does every other hidden layer,
  each through its own B_l (n_l x n_out);
- ``"fa"`` (Lillicrap et al. 2016): a lower hidden layer l reads the error of the layer above it through a fixed
  B_{l+1} (n_l x n_{l+1}) in place of W_{l+1}^T: its dendrite is U_l = B_{l+1} (U_{l+1} * gate_{l+1}), the
  spiking form of delta_l = (B_{l+1} delta_{l+1}) * f'(a_l).

Weights are (n_post, n_pre) as everywhere in spikelearn (y = W x), and a feedback matrix has the shape of the
transposed forward weights it stands in for, as in :mod:`spikelearn.rules.feedback`.

With one hidden layer the two modes are the same network. A whole schedule of examples, training and testing,
runs in one ``run()``: one TimedArray row per example, every state reset at each example's start, learning
switched by a TimedArray.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from brian2 import (
    Hz,
    Network,
    NeuronGroup,
    PoissonGroup,
    Quantity,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    ms,
    second,
)

from ..checks import InputError, check_choice, check_count, check_quantity
from ..devices import Simulation
from ..results import atomic_write
from ..rules.spiking_fa import (
    ERROR_EQUATIONS,
    NEURON_RESET_EACH_EXAMPLE,
    RELAYED_FEEDBACK,
    SpikingFA,
    neuron_equations,
    synapse_model,
)

MODES = ("fa", "dfa")


@dataclass(frozen=True)
class FAConfig:
    """How a network is run: the rule's parameters, how the error reaches the hidden layers (``mode``), the
    presentation time ``T`` per example, the time step, the input rate at pixel value 1 and the label rate; every
    ``snapshot_every`` examples the weights above the first layer are recorded; ``record_spikes``: the input,
    hidden and error spikes too. Checked on construction."""

    params: SpikingFA = field(default_factory=SpikingFA)
    mode: str = "fa"
    T: Quantity = field(default_factory=lambda: 100 * ms)
    dt: Quantity = field(default_factory=lambda: 0.5 * ms)
    max_rate: Quantity = field(default_factory=lambda: 200 * Hz)
    label_rate: Quantity = field(default_factory=lambda: 250 * Hz)
    snapshot_every: int | None = None
    record_spikes: bool = False

    def __post_init__(self):
        if not isinstance(self.params, SpikingFA):
            raise InputError(f"params must be a SpikingFA, got {self.params!r}")
        check_choice("feedback mode", self.mode, MODES)
        for name, unit in (("T", second), ("dt", second), ("max_rate", Hz), ("label_rate", Hz)):
            check_quantity(name, getattr(self, name), unit, scalar=True)
        if not self.dt < self.T:
            raise InputError(f"dt must be shorter than the presentation time T = {self.T}, got {self.dt}")
        if self.snapshot_every is not None:
            check_count("snapshot_every", self.snapshot_every)


@dataclass
class FARun:
    counts: np.ndarray  # output spike counts per example, (n_examples, n_out)
    snapshots: dict  # layer index l >= 1 -> its weights (n_snapshots + 1, n_post, n_pre), the final last
    weights: list  # final weights of every layer, (n_post, n_pre) each
    timing: dict
    spikes: dict  # with record_spikes: {"inp" | "hid1" | ... | "err": (indices, times in s)}


@dataclass
class FACircuit:
    network: Network
    plastic: list  # the forward synapses of each layer, input side first
    out_spikes: SpikeMonitor
    recorded: dict  # name -> SpikeMonitor (record_spikes)
    w_monitors: dict  # layer index -> StateMonitor of its weights (snapshot_every)
    sizes: tuple  # (n_examples, n_in, n_hid_1, ..., n_out)


def _finite(where: str, values) -> np.ndarray:
    """``values`` as a float array, refused unless numbers and finite."""
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        what = getattr(values, "dtype", type(values).__name__)
        raise InputError(f"{where} must be an array of numbers, got {what}") from None
    if not np.isfinite(values).all():
        raise InputError(f"{where} must be finite, got {np.count_nonzero(~np.isfinite(values))} NaN or infinite values")
    return values


def check_shapes(weights, feedback, mode: str):
    """Weights must be finite and chain (n_1, n_in), (n_2, n_1), ... (n_post, n_pre, as in y = W x); hidden layer l
    gets feedback of shape (n_l, n_out) from the error neurons (the last hidden layer, and every hidden layer in
    DFA) or (n_l, n_{l+1}) from the layer above (FA: B_{l+1} in place of W_{l+1}^T). Returns (weights, feedback,
    layer sizes)."""
    check_choice("feedback mode", mode, MODES)
    weights = [_finite(f"weights W{l + 1}", W) for l, W in enumerate(weights)]
    feedback = [_finite(f"feedback B{l + 1}", B) for l, B in enumerate(feedback)]
    if (
        len(weights) < 2
        or any(W.ndim != 2 for W in weights)
        or any(below.shape[0] != above.shape[1] for below, above in zip(weights[:-1], weights[1:]))
    ):
        raise InputError(
            f"shapes: weights {[W.shape for W in weights]} do not chain: need at least two 2-D "
            "layers (n_1, n_in), (n_2, n_1), ... (n_post, n_pre)"
        )
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    expected = [
        (sizes[l + 1], sizes[-1] if mode == "dfa" or l == len(weights) - 2 else sizes[l + 2])
        for l in range(len(weights) - 1)
    ]
    if [B.shape for B in feedback] != expected:
        raise InputError(
            f"shapes: weights {[W.shape for W in weights]} and {mode.upper()} feedback "
            f"{[B.shape for B in feedback]} do not chain (feedback should be {expected})"
        )
    return weights, feedback, sizes


def _connect_all(synapses, n_pre: int, n_post: int):
    """All-to-all with explicit indices (standalone cannot read them before the run); returns (i, j)."""
    i, j = np.repeat(np.arange(n_pre), n_post), np.tile(np.arange(n_post), n_pre)
    synapses.connect(i=i, j=j)
    return i, j


def build_fa_network(x, labels, learn, weights, feedback, config: FAConfig) -> FACircuit:
    """The network that presents ``x`` (n_examples, n_in; values in [0, 1]) with ``labels``, one example per
    ``config.T``, through the layers ``weights`` with the ``feedback`` matrices of ``config.mode``
    (:func:`check_shapes`); ``learn`` (n_examples,) switches plasticity on (1) or off (0) per example. Build it
    inside a :class:`spikelearn.devices.Simulation`."""
    if not isinstance(config, FAConfig):
        raise InputError(f"config must be an FAConfig, got {config!r}")
    params, mode, T, dt = config.params, config.mode, config.T, config.dt
    max_rate, label_rate, snapshot_every, record_spikes = (
        config.max_rate,
        config.label_rate,
        config.snapshot_every,
        config.record_spikes,
    )
    weights, feedback, sizes = check_shapes(weights, feedback, mode)
    x = _finite("x", x)
    if x.ndim != 2 or x.shape[1] != sizes[0] or len(x) == 0:
        raise InputError(f"x must have shape (n_examples, {sizes[0]}) with n_examples >= 1, got {x.shape}")
    outside = (x < 0) | (x > 1)
    if outside.any():
        raise InputError(
            f"x must be pixel values in [0, 1] (rate = max_rate x value), got {outside.sum()} "
            f"outside, e.g. {x[outside][0]}"
        )
    n_ex, n_out = len(x), sizes[-1]
    learn = np.asarray(learn)
    if learn.shape != (n_ex,):
        raise InputError(f"learn must have one entry per example, shape ({n_ex},), got {learn.shape}")
    off_on = np.isin(learn, (0, 1))
    if not off_on.all():
        raise InputError(
            f"learn must be 0 or 1 (learning off / on) for each example, got {learn[~off_on].tolist()[0]!r}"
        )
    labels = np.asarray(labels)
    if (
        labels.shape != (n_ex,)
        or not np.issubdtype(labels.dtype, np.integer)
        or labels.min() < 0
        or labels.max() >= n_out
    ):
        raise InputError(
            f"labels must be {n_ex} integers in [0, {n_out}), got shape {labels.shape}, dtype {labels.dtype}"
        )
    namespace = {**params.namespace, "learn": TimedArray(np.asarray(learn, dtype=float), dt=T), "T_example": T}
    inp = PoissonGroup(
        sizes[0], rates="stim(t, i)", namespace={"stim": TimedArray(x * max_rate, dt=T)}, name="inp", dt=dt
    )
    lab = PoissonGroup(
        n_out,
        rates="labels(t, i)",
        namespace={"labels": TimedArray(np.eye(n_out)[labels] * label_rate, dt=T)},
        name="lab",
        dt=dt,
    )
    n_hidden_layers = len(weights) - 1
    # in FA, hidden layers below the last read the error of the layer above (U is then a summed variable)
    relayed = [mode == "fa" and l < n_hidden_layers - 1 for l in range(n_hidden_layers)]

    def units(n: int, relay: bool, name: str) -> NeuronGroup:  # LIF units with their error dendrite
        return NeuronGroup(
            n,
            neuron_equations(relay),
            threshold="v > 1",
            reset="v = 0",
            refractory=params.t_ref,
            method="exact",
            namespace=params.namespace,
            name=name,
            dt=dt,
        )

    hidden = [units(n, relay, f"hid{l + 1}") for l, (n, relay) in enumerate(zip(sizes[1:-1], relayed))]
    out = units(n_out, False, "out")
    err = NeuronGroup(2 * n_out, ERROR_EQUATIONS, threshold="v > 1", reset="v -= 1", name="err", dt=dt)
    objects = [inp, lab, *hidden, out, err]
    for group in (*hidden, out, err):
        reset = NEURON_RESET_EACH_EXAMPLE if group is not err else "v = 0"
        objects.append(group.run_regularly(reset, dt=T, when="start"))
    objects.append(err.run_regularly("v = clip(v, 0, 1e9)", when="after_synapses", dt=dt))
    plastic = []
    for l, (pre, post, W) in enumerate(zip([inp, *hidden], [*hidden, out], weights)):
        s = synapse_model(params).synapses(pre, post, name=f"w{l + 1}", dt=dt)
        s.namespace.update(namespace)
        i, j = _connect_all(s, W.shape[1], W.shape[0])
        s.w = W[j, i]
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
    objects.append(fb_out)
    for l, (group, B, relay) in enumerate(zip(hidden, feedback, relayed)):
        if relay:  # U_l = B_{l+1} (U_{l+1} * gate_{l+1}), continuously; B_{l+1} is (n_l, n_{l+1})
            fb = Synapses(
                hidden[l + 1],
                group,
                "g : 1\n" + RELAYED_FEEDBACK,
                name=f"fb_hid{l + 1}",
                dt=dt,
                namespace=params.namespace,
            )
            i, j = _connect_all(fb, B.shape[1], B.shape[0])
            fb.g = B[j, i]
        else:  # error spikes through +-B, B is (n_l, n_out)
            fb = Synapses(err, group, "g : 1", on_pre="U_post += g", name=f"fb_hid{l + 1}", dt=dt)
            i, j = _connect_all(fb, 2 * n_out, group.N)
            fb.g = np.where(i < n_out, 1, -1) * B[j, i % n_out]
        objects.append(fb)
    out_spikes = SpikeMonitor(out, name="out_spikes")
    recorded = {g.name: SpikeMonitor(g, name=f"{g.name}_spikes") for g in (inp, *hidden, err)} if record_spikes else {}
    w_monitors = (
        {
            l: StateMonitor(s, "w", record=np.arange(weights[l].size), dt=snapshot_every * T, name=f"w{l + 1}_monitor")
            for l, s in enumerate(plastic)
            if l > 0
        }
        if snapshot_every
        else {}
    )
    network = Network(*objects, *plastic, out_spikes, *recorded.values(), *w_monitors.values())
    return FACircuit(network, plastic, out_spikes, recorded, w_monitors, (n_ex, *sizes))


def _matrix(synapses, values, shape) -> np.ndarray:
    """The synapses' ``values`` as an (n_post, n_pre) matrix."""
    W = np.zeros(shape)
    W[np.asarray(synapses.j[:]), np.asarray(synapses.i[:])] = values
    return W


def results(circuit: FACircuit, T, timing: dict) -> FARun:
    """Output counts per example, the weight snapshots (each ending with the final weights), the final weights."""
    n_ex, *sizes = circuit.sizes
    spikes = circuit.out_spikes
    example = (np.asarray(spikes.t / T) + 1e-9).astype(int)
    counts = np.zeros((n_ex, sizes[-1]))
    np.add.at(counts, (np.minimum(example, n_ex - 1), np.asarray(spikes.i)), 1)
    shapes = list(zip(sizes[1:], sizes[:-1]))
    weights = [_matrix(s, np.asarray(s.w[:]), shape) for s, shape in zip(circuit.plastic, shapes)]
    snapshots = {
        l: np.array([_matrix(circuit.plastic[l], column, shapes[l]) for column in np.asarray(m.w).T] + [weights[l]])
        for l, m in circuit.w_monitors.items()
    }
    return FARun(
        counts,
        snapshots,
        weights,
        timing,
        {name: (np.asarray(m.i), np.asarray(m.t / second)) for name, m in circuit.recorded.items()},
    )


def run_fa_network(
    x,
    labels,
    learn,
    weights,
    feedback,
    config: FAConfig | None = None,
    seed: int = 0,
    device: str = "cpp_standalone",
    progress: bool = False,
) -> FARun:
    """Build the network (:func:`build_fa_network`; ``config`` defaults to ``FAConfig()``) and present the whole
    schedule in one ``run()``."""
    config = FAConfig() if config is None else config
    with Simulation(device, seed=seed, progress=progress) as sim:
        circuit = build_fa_network(x, labels, learn, weights, feedback, config)
        sim.run(circuit.network, circuit.sizes[0] * config.T, label="FA network")
        sim.execute()
        return results(circuit, config.T, sim.timing)


LAYOUT = "W (n_post, n_pre), B (n_pre, n_post) of the W it replaces"  # stored with the weights


def save_weights(path, weights, feedback, mode: str = "fa") -> Path:
    """Save a network's layers, feedback matrices and mode to ``path`` (.npz); an existing file is replaced only
    once the new one is complete."""
    weights, feedback, _ = check_shapes(weights, feedback, mode)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        layout=LAYOUT,
        mode=mode,
        **{f"W{l + 1}": W for l, W in enumerate(weights)},
        **{f"B{l + 1}": B for l, B in enumerate(feedback)},
    )
    return atomic_write(Path(path), buffer.getvalue())


def load_weights(path):
    """(weights, feedback, mode) saved by :func:`save_weights`, checked to be finite and to chain."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved weights at {path}")
    not_weights = f"{path} is not a weights file written by save_weights"
    try:
        archive = np.load(path, allow_pickle=False)
    except ValueError:  # no .npz, no valid .npy: numpy then reads it as a pickle, which allow_pickle=False refuses
        raise InputError(f"{not_weights} (not an .npz archive)") from None
    except (zipfile.BadZipFile, EOFError, OSError) as e:
        raise InputError(f"{not_weights} (damaged: {e})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise InputError(f"{not_weights} (a single .npy array, not an .npz archive)")
    try:
        with archive:
            stored = {k: archive[k] for k in archive.files}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError) as e:
        raise InputError(f"{not_weights} (damaged: {e})") from None
    if "layout" not in stored and "mode" in stored:
        raise InputError(
            f"{path} holds weights in the layout of spikelearn 0.1, (n_pre, n_post): transpose every W and B "
            "and save them again with save_weights"
        )
    n_layers = max([int(k[1:]) for k in stored if k[:1] == "W" and k[1:].isdigit()] + [2])
    expected = ["layout", "mode", *(f"W{l}" for l in range(1, n_layers + 1)), *(f"B{l}" for l in range(1, n_layers))]
    missing, unexpected = [k for k in expected if k not in stored], sorted(set(stored) - set(expected))
    if missing or unexpected:
        problems = [
            f"{what} {', '.join(keys)}" for what, keys in (("missing", missing), ("unexpected", unexpected)) if keys
        ]
        raise InputError(f"{not_weights} ({'; '.join(problems)})")
    mode = str(stored["mode"])
    try:
        weights, feedback, _ = check_shapes(
            [stored[f"W{l}"] for l in range(1, n_layers + 1)], [stored[f"B{l}"] for l in range(1, n_layers)], mode
        )
    except InputError as e:
        raise InputError(f"{path}: {e}") from None
    return weights, feedback, mode
