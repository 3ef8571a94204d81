"""Diehl & Cook's (2015) unsupervised STDP network, with its whole training schedule inside the simulation.

784 Poisson inputs -> N_e excitatory conductance-based LIF neurons with adaptive thresholds (all-to-all, plastic,
random delays up to 10 ms) -> as many inhibitory neurons (one-to-one) -> back to every other excitatory neuron
(lateral inhibition: soft winner-take-all). Parameters: Diehl & Cook (2015), Methods, and their published code as
ported in Brian2's ``examples/frompapers/Diehl_Cook_2015.py``, for what the paper leaves out (:class:`DiehlCook`).

Each image is shown for 350 ms (input rates = pixel value x ``intensity`` x 255/8 Hz, intensity 2 at first, so
63.75 Hz at full intensity) and followed by 150 ms without input: a cycle of 500 ms. If the excitatory neurons fire
fewer than 5 spikes during the 350 ms, the intensity rises by 1 (31.875 Hz) and the image is shown again. Before
every cycle each excitatory neuron's input weights are scaled to sum to 78. Brian2's example does the schedule,
the intensity rule and the normalisation in Python between ``run()`` calls, one image at a time. Here they are part
of the network, so one ``run()`` trains on thousands of images:

- a one-neuron controller group holds the image index, the intensity, the spike count of the current presentation
  and the cycle's start; at the start of each cycle (``run_regularly``, every 500 ms) it moves to the next image
  if the last presentation had at least 5 spikes (else raises the intensity);
- the excitatory spikes reach the controller's count through synapses that count only during the presentation;
- the inputs read the controller through linked variables and the images from a TimedArray indexed by image number;
- three ``run_regularly`` operations of 500 ms normalise the weights: zero a per-neuron sum, add each synapse's
  weight to its target's sum (Brian2 sums repeated post indices correctly on every target), divide.

A long schedule runs in chunks of cycles (:func:`present`); a chunk that ends while an image is being repeated hands
the controller's state to the next, so no image is skipped or shown twice. Between chunks the membrane potentials,
conductances and STDP traces restart at rest (after 150 ms without input they are within 2 % of it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from brian2 import (
    Hz,
    Network,
    NeuronGroup,
    Quantity,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    linked_var,
    ms,
    mV,
    second,
    volt,
)

from ..checks import InputError, check_count, check_fields, default
from ..devices import Simulation
from ..rules import triplet

N_INPUT = 784


@dataclass(frozen=True)
class DiehlCook:
    """Parameters of the network (Diehl & Cook 2015, Methods; their code for the rest)."""

    n_e: int = 100
    dt: Quantity = default(0.5 * ms)  # the published code's time step
    # excitatory neurons
    tau_e: Quantity = default(100 * ms)
    v_rest_e: Quantity = default(-65 * mV)
    v_reset_e: Quantity = default(-65 * mV)
    v_thresh_e: Quantity = default(-52 * mV)  # threshold v_thresh_e + theta - theta_offset
    theta_offset: Quantity = default(20 * mV)  # their code starts theta at 20 mV and subtracts it again
    theta_0: Quantity = default(20 * mV)
    theta_plus: Quantity = default(0.05 * mV)  # added to theta at each spike
    tau_theta: Quantity = default(1e7 * ms)
    t_ref_e: Quantity = default(5 * ms)
    # their code's "timer" grows at 0.1 s per s and must exceed t_ref_e: 50 ms between excitatory spikes
    timer_rate: float = 0.1
    E_inh_e: Quantity = default(-100 * mV)
    # inhibitory neurons
    tau_i: Quantity = default(10 * ms)
    v_rest_i: Quantity = default(-60 * mV)
    v_reset_i: Quantity = default(-45 * mV)
    v_thresh_i: Quantity = default(-40 * mV)
    t_ref_i: Quantity = default(2 * ms)
    E_inh_i: Quantity = default(-85 * mV)
    # both
    E_exc: Quantity = default(0 * mV)
    tau_ge: Quantity = default(1 * ms)
    tau_gi: Quantity = default(2 * ms)
    # connections
    w_ei: float = 10.4  # excitatory -> its inhibitory neuron
    w_ie: float = 17.0  # inhibitory -> every other excitatory neuron
    w_total: float = 78.0  # each excitatory neuron's input weights sum to this
    max_delay: Quantity = default(10 * ms)  # input -> excitatory delays uniform in [0, max_delay)
    # inputs and schedule
    rate_per_intensity: Quantity = default(255 / 8 * Hz)  # at pixel value 1
    intensity_0: float = 2.0
    min_spikes: int = 5
    t_present: Quantity = default(350 * ms)
    t_rest: Quantity = default(150 * ms)
    stdp: triplet.TripletSTDP = field(default_factory=lambda: triplet.TripletSTDP(**triplet.DIEHL_COOK_2015))

    def __post_init__(self):
        check_count("DiehlCook.n_e", self.n_e, minimum=2)
        check_count("DiehlCook.min_spikes", self.min_spikes)
        check_fields(
            self,
            ms,
            "dt",
            "tau_e",
            "tau_theta",
            "t_ref_e",
            "tau_i",
            "t_ref_i",
            "tau_ge",
            "tau_gi",
            "t_present",
            "t_rest",
            "max_delay",
        )
        check_fields(
            self,
            mV,
            "v_rest_e",
            "v_reset_e",
            "v_thresh_e",
            "E_inh_e",
            "v_rest_i",
            "v_reset_i",
            "v_thresh_i",
            "E_inh_i",
            "E_exc",
            sign="any",
        )
        check_fields(self, mV, "theta_offset", "theta_0", "theta_plus", sign="nonnegative")
        check_fields(self, 1, "timer_rate", "w_ei", "w_ie", "w_total", "intensity_0")
        check_fields(self, Hz, "rate_per_intensity")
        if not isinstance(self.stdp, triplet.TripletSTDP):
            raise InputError(f"DiehlCook.stdp must be a TripletSTDP, got {type(self.stdp).__name__}")

    @property
    def cycle(self) -> Quantity:
        return self.t_present + self.t_rest

    @property
    def namespace(self) -> dict:
        names = (
            "tau_e",
            "v_rest_e",
            "v_reset_e",
            "v_thresh_e",
            "theta_offset",
            "theta_plus",
            "tau_theta",
            "t_ref_e",
            "timer_rate",
            "E_inh_e",
            "tau_i",
            "v_rest_i",
            "v_reset_i",
            "v_thresh_i",
            "E_inh_i",
            "t_ref_i",
            "E_exc",
            "tau_ge",
            "tau_gi",
            "w_ei",
            "w_ie",
            "w_total",
            "rate_per_intensity",
            "intensity_0",
            "min_spikes",
            "t_present",
        )
        return {name: getattr(self, name) for name in names}


# Conductance-based LIF (Diehl & Cook 2015, eqs. 1-2); conductances in units of the leak conductance. Integrated by
# exponential Euler (exact for conductances held over a step), not their code's forward Euler: with dt/tau_e = 0.005
# forward Euler is unstable once 1 + g_e + g_i > 400, and 24 inhibitory spikes in one step (g_i += 17 each) pass that.
# The membrane then swings to -10^7 mV; at 400 neurons a synchronous volley silenced every neuron for good after about
# 8,800 presentation cycles, and the intensity rule raised the input without end (measured: intensity 582 on one image).
METHOD = "exponential_euler"
MEMBRANE = """
dv/dt = ((v_rest - v) + g_e * (E_exc - v) + g_i * (E_inh - v)) / tau : volt (unless refractory)
dg_e/dt = -g_e / tau_ge : 1
dg_i/dt = -g_i / tau_gi : 1
"""
# the adaptive threshold: theta decays with tau_theta while learning and is fixed afterwards
THETA = {True: "dtheta/dt = -theta / tau_theta : volt\n", False: "theta : volt (constant)\n"}
EXCITATORY = (
    MEMBRANE
    + """
dtimer/dt = timer_rate : second
"""
)
EXCITATORY_THRESHOLD = "v > v_thresh_e + theta - theta_offset and timer > t_ref_e"
EXCITATORY_RESET = {True: "v = v_reset_e\ntimer = 0 * ms\ntheta += theta_plus", False: "v = v_reset_e\ntimer = 0 * ms"}

# The controller: which image is shown, how strongly, how many spikes it has drawn, when its cycle began.
CONTROLLER = """
image : integer          # row of the image TimedArray shown in this cycle
intensity : 1            # input rate = pixel x intensity x rate_per_intensity
count : 1                # excitatory spikes during this presentation
t_start : second         # the start of this cycle
"""
NEXT_CYCLE = """
advance = int(count >= min_spikes or image < 0)
image += advance
intensity = advance * intensity_0 + (1 - advance) * (intensity + 1)
count = 0
t_start = t
"""
COUNT_SPIKE = "count_post += int(t - t_start_post < t_present)"
INPUT = """
image : integer (linked)
intensity : 1 (linked)
t_start : second (linked)
pixel = images(image * second, i) : 1
rate = intensity * rate_per_intensity * pixel : Hz
"""
# no image lookup during the rest, no random number for a dark pixel
INPUT_THRESHOLD = "t - t_start < t_present and pixel > 0 and rand() < rate * dt"
# the weight normalisation, in this order at the start of each cycle
NORMALISE = (("excitatory", "w_sum = 0"), ("input", "w_sum_post += w"), ("input", "w = w * w_total / w_sum_post"))


@dataclass
class State:
    """What one chunk hands to the next: the learned weights (n_e, 784) and thresholds (n_e,), and the controller."""

    weights: np.ndarray
    theta: np.ndarray  # in volts
    delays: np.ndarray  # (n_e, 784), in seconds
    image: int = -1  # -1: start with the first image of the next chunk
    intensity: float = 2.0
    count: float = 0.0


@dataclass
class Presentations:
    """The record of a schedule, per cycle in the order run: the image's row in the input array, the excitatory
    spike counts during the presentation (n_cycles, n_e), the intensity, and whether the presentation drew enough
    spikes (``accepted``: the image's response; otherwise it was shown again)."""

    rows: np.ndarray
    counts: np.ndarray
    intensity: np.ndarray
    accepted: np.ndarray
    timing: dict

    def responses(self):
        """(rows, counts) of the accepted presentations: one per image, in the order shown."""
        return self.rows[self.accepted], self.counts[self.accepted]


def initial_state(params: DiehlCook, rng) -> State:
    """Random weights (uniform in [0.003, 0.303), their code's initialisation) and delays, theta = theta_0."""
    weights = ((rng.random((N_INPUT, params.n_e)) + 0.01) * 0.3).T  # (n_post, n_pre); drawn in the synapses' order
    delays = (rng.random((N_INPUT, params.n_e)) * float(params.max_delay / second)).T
    return State(weights, np.full(params.n_e, float(params.theta_0 / volt)), delays, intensity=params.intensity_0)


def layers(params: DiehlCook, state: State, learn: bool, extra: str = ""):
    """The excitatory group (its equations plus ``extra``; thresholds from ``state``), the inhibitory group, and the
    excitatory -> inhibitory (one-to-one) and inhibitory -> excitatory (all others) synapses, at rest."""
    n_e, dt, ns = params.n_e, params.dt, params.namespace
    exc = NeuronGroup(
        n_e,
        EXCITATORY + THETA[learn] + extra,
        threshold=EXCITATORY_THRESHOLD,
        reset=EXCITATORY_RESET[learn],
        refractory="t_ref_e",
        method=METHOD,
        dt=dt,
        name="excitatory",
        namespace={**ns, "tau": params.tau_e, "v_rest": params.v_rest_e, "E_inh": params.E_inh_e},
    )
    inh = NeuronGroup(
        n_e,
        MEMBRANE,
        threshold="v > v_thresh_i",
        reset="v = v_reset_i",
        refractory="t_ref_i",
        method=METHOD,
        dt=dt,
        name="inhibitory",
        namespace={**ns, "tau": params.tau_i, "v_rest": params.v_rest_i, "E_inh": params.E_inh_i},
    )
    exc.v = np.full(n_e, float(params.v_rest_e / mV)) * mV
    inh.v = np.full(n_e, float(params.v_rest_i / mV)) * mV
    exc.theta = state.theta * volt
    exc.timer = np.full(n_e, 1.0) * second  # no spike yet: past the timer's refractoriness
    e_to_i = Synapses(exc, inh, on_pre="g_e_post += w_ei", dt=dt, name="exc_to_inh", namespace=ns)
    e_to_i.connect(i=np.arange(n_e), j=np.arange(n_e))
    i_to_e = Synapses(inh, exc, on_pre="g_i_post += w_ie", dt=dt, name="inh_to_exc", namespace=ns)
    pre, post = np.nonzero(~np.eye(n_e, dtype=bool))
    i_to_e.connect(i=pre, j=post)
    return exc, inh, e_to_i, i_to_e


def build(params: DiehlCook, images: np.ndarray, state: State, learn: bool, normalise: bool = True):
    """The network showing ``images`` (rows of pixel values in [0, 1]) from ``state``; with ``learn``: STDP and
    adaptive thresholds, and weight normalisation unless ``normalise`` is false. Returns (network, input synapses,
    excitatory group, controller, spike monitor, controller monitor). Every value that changes between chunks is set
    from an array, so that chunks share one compiled structure."""
    n_e, dt, ns = params.n_e, params.dt, params.namespace
    i_all, j_all = np.repeat(np.arange(N_INPUT), n_e), np.tile(np.arange(n_e), N_INPUT)
    exc, inh, e_to_i, i_to_e = layers(params, state, learn, "w_sum : 1\n" + triplet.NEAREST_LINKED * learn)
    ctrl = NeuronGroup(1, CONTROLLER, dt=dt, name="controller", namespace=ns)
    ctrl.image = np.array([state.image])
    ctrl.intensity = np.array([state.intensity])
    ctrl.count = np.array([state.count])
    ctrl.run_regularly(NEXT_CYCLE, dt=params.cycle, when="start", order=0, name="next_cycle")
    inp = NeuronGroup(
        N_INPUT,
        INPUT,
        threshold=INPUT_THRESHOLD,
        dt=dt,
        name="input",
        namespace={**ns, "images": TimedArray(images, dt=1 * second)},
    )
    for name in ("image", "intensity", "t_start"):
        setattr(inp, name, linked_var(ctrl, name, index=np.zeros(N_INPUT, dtype=int)))
    counter = Synapses(exc, ctrl, on_pre=COUNT_SPIKE, dt=dt, name="counter", namespace=ns)
    counter.connect(i=np.arange(n_e), j=np.zeros(n_e, dtype=int))
    traces = ()
    if learn:
        rule = triplet.nearest_synapse_model(params.stdp, transmit="g_e_post += w")
        rule = replace(rule, namespace={**rule.namespace, "w_total": params.w_total})
        traces = triplet.nearest_post_traces(params.stdp, exc, dt)  # linked before the synapses read them
        syn = rule.synapses(inp, exc, name="input_synapses", dt=dt)
    else:
        syn = Synapses(inp, exc, "w : 1", on_pre="g_e_post += w", dt=dt, name="input_synapses")
    syn.connect(i=i_all, j=j_all)
    syn.w = state.weights.T.ravel()  # synapse k = (input k // n_e, neuron k % n_e)
    syn.delay = state.delays.T.ravel() * second
    if learn:
        syn.t_arrival = -1e4 * second  # no presynaptic spike yet
    if learn and normalise:
        for k, (target, code) in enumerate(NORMALISE):
            group = exc if target == "excitatory" else syn
            group.run_regularly(code, dt=params.cycle, when="start", order=k + 1, name=f"normalise_{k}")
    spikes = SpikeMonitor(exc, name="excitatory_spikes")
    # at each cycle's start, before the decision: the last presentation's image, intensity and spike count
    record = StateMonitor(
        ctrl,
        ("image", "intensity", "count"),
        record=0,
        dt=params.cycle,
        when="start",
        order=-1,
        name="controller_record",
    )
    net = Network(exc, inh, ctrl, inp, counter, syn, *traces, e_to_i, i_to_e, spikes, record)
    return net, syn, exc, ctrl, spikes, record


def chunk_seed(seed: int, index: int) -> int:
    """The simulation seed of chunk ``index`` of a run with ``seed`` (32 bits, different for every chunk)."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def present(
    params: DiehlCook,
    images: np.ndarray,
    state: State,
    learn: bool,
    seed: int = 0,
    device: str = "cpp_standalone",
    chunk: int = 10_000,
    progress: bool = False,
    normalise: bool = True,
):
    """Show every row of ``images`` (pixel values in [0, 1], shape (n, 784)) in order, repeating an image at a
    higher intensity until it draws ``min_spikes``, in simulations of at most ``chunk`` cycles (:func:`build`),
    from the weights and thresholds of ``state``. Returns (:class:`Presentations`, the final :class:`State`)."""
    check_count("chunk", chunk)
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] != N_INPUT or len(images) == 0:
        raise InputError(f"images must have shape (n >= 1, {N_INPUT}), got {images.shape}")
    if images.min() < 0 or images.max() > 1:
        raise InputError("images must be pixel values in [0, 1]")
    steps_cycle, steps_present = (int(round(float(x / params.dt))) for x in (params.cycle, params.t_present))
    state = replace(state, image=-1, intensity=params.intensity_0, count=0.0)  # a new schedule: its first image
    rows, counts, intensity, accepted = [], [], [], []
    timing = {"build_s": 0.0, "sim_s": 0.0, "compiled": 0}
    start, index = 0, 0
    while start < len(images):
        k = min(chunk, len(images) - start)
        block = np.zeros((chunk, N_INPUT))
        block[:k] = images[start : start + k]
        # enough cycles for the repeats seen so far (x 1.2), so that the last images do not need a chunk each;
        # cycles left after the last image show the blank rows beyond it and are dropped
        so_far = sum(len(r) for r in rows) / start if start else 1.0
        n_cycles = min(chunk, int(np.ceil(k * max(1.0, 1.2 * so_far))))
        if progress:
            print(
                f"  {'training' if learn else 'testing'}: images {start}-{start + k - 1} of {len(images)}, "
                f"{n_cycles} cycles of {params.cycle}",
                flush=True,
            )
        with Simulation(device, seed=chunk_seed(seed, index), progress=progress) as sim:
            net, syn, exc, ctrl, spikes, record = build(params, block, state, learn, normalise)
            sim.run(net, n_cycles * params.cycle, label="Diehl & Cook")
            sim.execute()
            weights = np.array(syn.w[:]).reshape(N_INPUT, params.n_e).T
            theta = np.array(exc.theta[:] / volt)
            # cycle c's image, intensity and count: recorded at the start of cycle c + 1, the last one's at the end
            shown = np.append(np.array(record.image[0][1:]), int(ctrl.image[0])).astype(int)
            needed = np.append(np.array(record.intensity[0][1:]), float(ctrl.intensity[0]))
            drawn = np.append(np.array(record.count[0][1:]), float(ctrl.count[0]))
            step = np.round(np.array(spikes.t[:] / params.dt)).astype(np.int64)
            neuron = np.array(spikes.i[:])
            for key in timing:
                timing[key] += sim.timing[key]
        during = step % steps_cycle < steps_present
        per_cycle = np.zeros((n_cycles, params.n_e))
        np.add.at(per_cycle, (step[during] // steps_cycle, neuron[during]), 1)
        real = shown < k
        rows.append(start + shown[real])
        counts.append(per_cycle[real])
        intensity.append(needed[real])
        accepted.append(drawn[real] >= params.min_spikes)
        done = not real[-1] or drawn[-1] >= params.min_spikes
        start += k if not real[-1] else shown[-1] + int(done)
        state = State(
            weights,
            theta,
            state.delays,
            image=-1 if done else 0,
            intensity=params.intensity_0 if done else needed[-1],
            count=0.0 if done else drawn[-1],
        )
        index += 1
    timing = {key: round(value, 3) for key, value in timing.items()}
    return Presentations(*(np.concatenate(x) for x in (rows, counts, intensity, accepted)), timing), state


def assign_labels(counts: np.ndarray, labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Each neuron's label: the class to which its mean response (spikes per presentation) is highest."""
    means = np.zeros((n_classes, counts.shape[1]))
    for c in range(n_classes):
        if np.any(labels == c):
            means[c] = counts[labels == c].mean(axis=0)
    return means.argmax(axis=0)


def predict(counts: np.ndarray, assignments: np.ndarray, n_classes: int) -> np.ndarray:
    """The class whose neurons respond most, averaged over the neurons of each class (0 for a class with none)."""
    rates = np.zeros((len(counts), n_classes))
    for c in range(n_classes):
        members = assignments == c
        if members.any():
            rates[:, c] = counts[:, members].mean(axis=1)
    return rates.argmax(axis=1)
