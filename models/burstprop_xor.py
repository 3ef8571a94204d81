"""Spiking burstprop learns XOR? Payeur et al. (2021), Fig. 4, with the authors' circuit (``sim/sim_xor.cpp``).

Five populations of simplified burst-Poisson pyramidal neurons (:mod:`spikelearn.pyramidal`, ``simplified=True``):
In1, In2 -> H1, H2 -> Out. Feedforward, each pair of populations (connection probability 0.05 x 2000 / N, about 100
inputs per source at N >= 100): plastic excitatory synapses under the burst rule with homeostasis
(:mod:`spikelearn.rules.burst`; eta 8e-3 In -> H, 4e-3 H -> Out; tau_pre 100 ms; tau_avg 2 s; e_min / e_max 2 / 10
Hz; w0 0.234, w in [0, 1]) that transmit events only, and fixed event-driven inhibition (0.25) from the same
population. Feedback Out -> H dendrites carries bursts only: excitatory onto H1 (0.26 exc / 0.06 inh), inhibitory
onto H2 (0.026 / 0.27). Private Poisson noise (soma: In 500 Hz 0.35 / 0.35, H 150 Hz 0.385 / 0.49, Out 150 Hz 0.35 /
0.35; dendrites 500 Hz 0.05 / 0.05) and constant dendritic currents (Out 400 pA, H2 500 pA). Inputs: somatic
current into In1 / In2, "1" = +150 pA, "0" = -350 pA. Each example lasts T: plasticity off for the first 0.9 T (the
prediction), then for 0.1 T a teacher current into every output dendrite, set from that neuron's mean event rate
E (tau_avg) at that moment: target 1, +1000 pA / (E - 2 Hz) (1000 pA below 3 Hz, none above 9 Hz); target 0,
-1000 pA / (10 Hz - E) (none below 3 Hz, -1000 pA above 9 Hz); plasticity on. Examples in the order 00, 10, 01, 11;
a burn-in of 3 tau_avg and a test pass (plasticity off) before and after training. All in one ``run()``.

Scale: ``scale`` 1 is the paper's run (N = 500 per population, T = 8 s, 500 epochs = 2000 examples, about 4.5 h of
simulated time: ~2.5 h on one core here); smaller scales shorten training (500 x scale epochs) and shrink the
populations to max(100, 500 x scale). Claims (the paper's Fig. 4): after training the output event rate, over the
last 40 % of each test example, is above 6 Hz exactly for 10 and 01; and the cost (the paper's cross-entropy of m =
clip((E_out - 2 Hz) / 8 Hz, 0.01, 0.99) at the end of each prediction, summed over an epoch) falls between the first
and the last fifth of training (early on, much of that fall is the homeostatic rise of all rates from the ~1 Hz they
start at, not XOR).

Not reproduced here (seed 0 throughout; rates are output event rates for 00 / 10 / 01 / 11 after training, the
target is > 6 Hz exactly for 10 and 01):

- N = 100 (all-to-all, as 0.05 x 2000 / N gives), 250 epochs of 8 s (14 min): 1.5 / 4.8 / 3.8 / 5.4 Hz; epoch cost
  4.8 (first fifth) -> 3.8 (last fifth). Same with the Auryn driving force (2.2 / 3.8 / 4.0 / 4.9 Hz), with "0"
  inputs at -700 pA instead of -350 pA (0.3 Hz instead of 1.9 Hz: 1.5 / 4.1 / 5.2 / 6.2 Hz), and when In -> H1
  starts stronger than In -> H2 (0.32 / 0.20: back to the same weights within 25 epochs, 2.0 / 5.5 / 6.4 / 7.4 Hz).
- N = 100 for the paper's 500 epochs (~40 min): seed 0 2.0 / 4.9 / 5.2 / 7.3 Hz (cost 4.61 -> 3.58), seed 1
  3.1 / 5.7 / 5.5 / 7.7 Hz (4.68 -> 3.53). The output weights do take the feedback signs (H1 -> Out 0.234 -> 0.35,
  H2 -> Out 0.234 -> 0.12); the hidden codes do not separate (below).
- N = 100, 100 epochs, with the homeostatic terms x 0.1 (1.6 / 5.5 / 5.3 / 6.0 Hz) or the fixed In -> H inhibition
  at 0.15 instead of 0.25 (hidden layer excited by the inputs from the start; 1.8 / 4.6 / 3.9 / 6.7 Hz); and for 300
  epochs with each hidden neuron's weights from In1 and from In2 scaled by independent factors 1 + 0.13 z (the
  in-degree imbalance of the paper's N = 500, p = 0.2 network): 2.0 / 5.0 / 4.2 / 6.5 Hz, and the per-neuron
  imbalance shrank (sd of w(In1) - w(In2) 0.043 -> 0.029) instead of growing into input-selective neurons.
- N = 200 (p = 0.5), 100 epochs: 3.5 / 5.7 / 5.3 / 6.8 Hz, cost 2.94 -> 2.85.
- N = 500 (the paper's size and connectivity), 200 of its 500 epochs (55 min): 4.6 / 6.0 / 5.8 / 6.4 Hz, cost
  2.75 -> 2.74, flat from epoch ~20 on.

What happens (``weight_change_per_case`` in the results): the credit signal arrives (the teacher moves the output
burst probability from 0.45 to ~0.68 for target 1 and ~0.2 for target 0, H1's burst probability follows it and
H2's opposes it), but within ~20 epochs the In -> H weights reach a balance in which each projection's changes
over the four cases cancel. At N = 500, in 1e-3 per example, In1 -> H1: +0.5 (00), +2.6 (10), +0.6 (01), -3.7 (11);
In1 -> H2: +0.4, -2.0, -0.5, +2.0. Both hidden populations then respond monotonically to the number of active
inputs (H1 2.7 / 4.4 / 4.1 / 5.2 Hz, H2 3.6 / 6.4 / 6.5 / 7.8 Hz), and H2, whose feedback is inhibitory (so its
output weight falls), is the more responsive to a single input: the reverse of the OR (H1) minus AND (H2) code
that the feedback signs would need. The output weights then fit the best monotonic function of the inputs
and stay there. Before training the hidden layer is *inhibited* by the inputs (at w0 0.234 the fixed 0.25
inhibition wins: 1.0 / 0.6 / 0.6 / 0.3 Hz at N = 100); the e_min homeostasis lifts every In -> H weight from
active inputs within the first epoch (up to +0.012 per presynaptic event), and the output for 11 is at 6-8 Hz
by the end of that epoch (seeds 0 and 1), so case 11's teacher dominates from the start. No hidden neuron
becomes selective for one input (``input_selectivity_sd`` in the results: 0.04-0.05 after 500 epochs at N = 100,
where 1 would be a neuron driven by one input only). The paper's whole run (``--scale 1``: 500 epochs) takes
~2.5 h on a free core here and ~4.4 h when sharing the 2 cores; it was not run to its end.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, PoissonInput, StateMonitor, Synapses, TimedArray, ms, pA, second

from spikelearn import plotting
from spikelearn.bursts import COUNTER_EQUATIONS, COUNTER_RESET
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.pyramidal import SIMPLIFIED, pyramidal_group
from spikelearn.results import Result, check
from spikelearn.rules import burst

DESCRIPTION = "spiking burstprop on XOR (Payeur 2021 Fig. 4): the authors' 5-population circuit; not learned at N=100"
DEFAULT_DEVICE = "cpp_standalone"

PATTERNS = ((0, 0), (1, 0), (0, 1), (1, 1))
N_PAPER, EPOCHS_PAPER, T = 500, 500, 8 * second
TAU_AVG = 2 * second
PHASES = 10                          # an example in tenths: the last one teaches
CURRENT = {0: -350 * pA, 1: 150 * pA}
RULE = {"in": 8e-3, "hid": 4e-3}     # eta of the In -> H and H -> Out synapses
W0, W_INH = 0.234, 0.25
FEEDBACK = {"h1": (0.26, 0.06), "h2": (0.026, 0.27)}   # Out -> H dendrites, (exc, inh), bursts only
SOMA_NOISE = {"in1": (500 * Hz, 0.35, 0.35), "in2": (500 * Hz, 0.35, 0.35), "h1": (150 * Hz, 0.385, 0.49),
              "h2": (150 * Hz, 0.385, 0.49), "out": (150 * Hz, 0.35, 0.35)}   # rate, exc, inh weight
DENDRITE_NOISE = (500 * Hz, 0.05, 0.05)
DENDRITE_CURRENT = {"h2": 500 * pA, "out": 400 * pA}
CONSTANT_DENDRITE_CURRENT = "I_dend : amp   # constant dendritic current (the teacher adds to it)\n"
E_MIN, E_MAX, THRESHOLD = 2 * Hz, 10 * Hz, 6 * Hz
DRIVING_FORCE = "V_d"                # of dendritic synapses; the authors' Auryn code uses V_s
# the teacher (sim_xor.cpp, generate_error), frozen at the start of the teaching tenth (the clips only keep the
# unused branch finite: inside 3-9 Hz both denominators are above 1 Hz)
TEACHER = """
e_est = E_bar / tau_avg
up = int(e_est <= 3*Hz) + int(e_est > 3*Hz) * int(e_est < 9*Hz) * Hz / clip(e_est - 2*Hz, 1*Hz, 8*Hz)
down = int(e_est >= 9*Hz) + int(e_est > 3*Hz) * int(e_est < 9*Hz) * Hz / clip(10*Hz - e_est, 1*Hz, 8*Hz)
I_d = I_dend + teach(t) * 1000*pA * (target(t) * up - (1 - target(t)) * down)
"""


def xor_targets(pattern) -> np.ndarray:
    """The XOR of each slot's pattern (0 in the burn-in, pattern -1)."""
    return np.array([PATTERNS[k][0] ^ PATTERNS[k][1] if k >= 0 else 0 for k in pattern], dtype=float)


def schedule(epochs: int, T):
    """Per example slot: pattern index (-1 in the burn-in), training flag."""
    n_burn = int(np.ceil(3 * TAU_AVG / T))
    pattern = np.r_[np.full(n_burn, -1), np.tile(np.arange(4), epochs + 2)]
    training = np.r_[np.zeros(n_burn + 4), np.ones(4 * epochs), np.zeros(4)]
    return pattern, training, n_burn


def rule(eta: float) -> burst.BurstRule:
    return burst.BurstRule(eta=eta, tau_pre=100 * ms, tau_avg=TAU_AVG, w_min=0, w_max=1, e_min=E_MIN, e_max=E_MAX)


PROJECTIONS = (("in1", "h1"), ("in2", "h1"), ("in1", "h2"), ("in2", "h2"), ("h1", "out"), ("h2", "out"))
N_SAMPLED = 200                      # plastic synapses per projection whose weights are recorded


def connect_random(synapses: Synapses, rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Connect each of the n x n pairs with probability p, drawn here (so that standalone code knows the synapses,
    and which to record, before it runs); returns the postsynaptic index of every synapse."""
    i, j = np.nonzero(rng.random((n, n)) < p)
    synapses.connect(i=i, j=j)
    return j


def input_selectivity(w1, post1, w2, post2, n: int) -> np.ndarray:
    """Per postsynaptic neuron, (S1 - S2) / (S1 + S2), with S1, S2 its summed weights from In1 and In2 (``w``:
    the weights of a projection, ``post``: their postsynaptic indices): 0 for a neuron driven equally by both
    inputs, +-1 for one driven by only one (the "x1 and not x2" units a hidden layer could solve XOR with)."""
    s1, s2 = np.bincount(post1, weights=w1, minlength=n), np.bincount(post2, weights=w2, minlength=n)
    return (s1 - s2) / np.maximum(s1 + s2, 1e-12)


def simulate(n: int, epochs: int, T, seed: int, device: str, progress: bool = False):
    """Run the schedule; returns the population means of the cumulative event and burst counts and of E_bar at
    every tenth of an example and at the end, (10 x n_examples + 1,) each; the mean weight of each plastic
    projection (over N_SAMPLED synapses) at the start of every example and at the end; each hidden neuron's
    :func:`input_selectivity` before and after training; and the timing."""
    pattern, training, _ = schedule(epochs, T)
    inputs = [np.array([float(CURRENT[PATTERNS[k][m]] / pA) if k >= 0 else 0.0 for k in pattern]) for m in (0, 1)]
    target = xor_targets(pattern)
    teach = np.zeros(PHASES * len(pattern))
    teach[PHASES - 1::PHASES] = training
    timed = {"I_in1": TimedArray(inputs[0] * pA, dt=T), "I_in2": TimedArray(inputs[1] * pA, dt=T),
             "target": TimedArray(target, dt=T), "teach": TimedArray(teach, dt=T / PHASES)}
    with Simulation(device, seed=seed, progress=progress) as sim:
        groups = {}
        for name in ("in1", "in2", "h1", "h2", "out"):
            g = pyramidal_group(n, SIMPLIFIED, burst.POST_EQUATIONS + COUNTER_EQUATIONS + CONSTANT_DENDRITE_CURRENT,
                                burst.POST_RESET + COUNTER_RESET, namespace={"tau_avg": TAU_AVG, **timed},
                                name=name, simplified=True, dendritic_driving_force=DRIVING_FORCE)
            g.V_s = "E_L + 5*mV*randn()"
            g.I_dend = g.I_d = DENDRITE_CURRENT.get(name, 0 * pA)
            groups[name] = g
        objects = list(groups.values())
        objects += [groups["in1"].run_regularly("I_s = I_in1(t)", dt=T),
                    groups["in2"].run_regularly("I_s = I_in2(t)", dt=T)]
        objects.append(groups["out"].run_regularly(TEACHER, dt=T / PHASES))
        for name, g in groups.items():
            rate, w_e, w_i = SOMA_NOISE[name]
            objects += [PoissonInput(g, "g_es", 1, rate, weight=w_e), PoissonInput(g, "g_is", 1, rate, weight=w_i),
                        PoissonInput(g, "g_ed", 1, DENDRITE_NOISE[0], weight=DENDRITE_NOISE[1]),
                        PoissonInput(g, "g_id", 1, DENDRITE_NOISE[0], weight=DENDRITE_NOISE[2])]
        p = min(1.0, 0.05 * 2000 / n)
        rng = np.random.default_rng(seed)
        plastic, post_index = {}, {}
        for pre, post in PROJECTIONS:
            eta = RULE["in"] if post != "out" else RULE["hid"]
            s = burst.synapse_model(rule(eta), "g_es_post += w * is_event_pre").synapses(
                groups[pre], groups[post], name=f"w_{pre}_{post}")
            s.namespace["teach"] = timed["teach"]
            post_index[pre, post] = connect_random(s, rng, n, p)
            s.w = W0
            plastic[pre, post] = s
            inh = Synapses(groups[pre], groups[post], on_pre=f"g_is_post += {W_INH} * is_event_pre",
                           name=f"inh_{pre}_{post}")
            connect_random(inh, rng, n, p)
            objects += [s, s.run_regularly("plastic = teach(t)", dt=T / PHASES), inh]
        for name, (w_e, w_i) in FEEDBACK.items():
            fb = Synapses(groups["out"], groups[name],
                          on_pre=f"g_ed_post += {w_e} * is_burst_pre\ng_id_post += {w_i} * is_burst_pre",
                          name=f"fb_{name}")
            connect_random(fb, rng, n, p)
            objects.append(fb)
        monitors = {name: StateMonitor(g, ["n_events", "n_bursts", "E_bar"], record=True, dt=T / PHASES)
                    for name, g in groups.items()}
        sampled = {key: np.linspace(0, len(s) - 1, N_SAMPLED).astype(int) for key, s in plastic.items()}
        weight_monitors = {key: StateMonitor(s, "w", dt=T, record=sampled[key]) for key, s in plastic.items()}
        sim.run(Network(*objects, *monitors.values(), *weight_monitors.values()), len(pattern) * T, label="XOR")
        sim.execute()
        final = {key: np.asarray(s.w[:]) for key, s in plastic.items()}
        weights = {f"{pre}->{post}": np.r_[np.asarray(m.w).mean(axis=0), final[pre, post][sampled[pre, post]].mean()]
                   for (pre, post), m in weight_monitors.items()}
        counts = {name: {k: np.r_[np.asarray(getattr(m, k)).mean(axis=0), np.mean(getattr(groups[name], k)[:])]
                         for k in ("n_events", "n_bursts", "E_bar")} for name, m in monitors.items()}
    initial = {key: np.full(len(j), W0) for key, j in post_index.items()}
    selectivity = {h: {when: input_selectivity(w["in1", h], post_index["in1", h], w["in2", h], post_index["in2", h], n)
                       for when, w in (("start", initial), ("end", final))} for h in ("h1", "h2")}
    return counts, weights, selectivity, sim.timing


def window_rates(cumulative, T, start: int, stop: int) -> np.ndarray:
    """Mean rate (Hz) per example between tenths ``start`` and ``stop`` of every example, from cumulative counts
    sampled at every tenth and at the end."""
    c = np.asarray(cumulative)
    n_slots = (len(c) - 1) // PHASES
    idx = PHASES * np.arange(n_slots)
    return (c[idx + stop] - c[idx + start]) / ((stop - start) * float(T / second) / PHASES)


def window_probability(counts, start: int, stop: int) -> np.ndarray:
    """Burst probability (bursts / events of the population) per example between tenths ``start`` and ``stop``."""
    events = window_rates(counts["n_events"], T, start, stop)
    return window_rates(counts["n_bursts"], T, start, stop) / np.maximum(events, 1e-9)


def weight_change_per_case(weights: dict, pattern, training) -> dict:
    """Mean change of each projection's mean weight over one training example, per input case ("00", "10", ...),
    from the weights at the start of every example: shows which cases potentiate and which depress."""
    slots = np.flatnonzero(training)
    return {k: {f"{a}{b}": float(np.mean(np.diff(w)[slots[pattern[slots] == c]])) for c, (a, b) in enumerate(PATTERNS)}
            for k, w in weights.items()}


def cost(e_out_hz, targets) -> np.ndarray:
    """The paper's cross-entropy of m = clip((E - e_min) / (e_max - e_min), 0.01, 0.99) per example."""
    m = np.clip((e_out_hz - float(E_MIN / Hz)) / float((E_MAX - E_MIN) / Hz), 0.01, 0.99)
    return -(targets * np.log(m) + (1 - targets) * np.log(1 - m))


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks training (500 x scale epochs) and the populations (max(100, 500 x scale) neurons)."""
    check_run_args(scale, seed, device, DEVICES)
    n, epochs = max(100, int(round(N_PAPER * scale))), max(2, int(round(EPOCHS_PAPER * scale)))
    counts, weights, selectivity, timing = simulate(n, epochs, T, seed, device, progress)
    pattern, training, n_burn = schedule(epochs, T)
    targets = xor_targets(pattern)
    rates = {name: {kind: window_rates(c[kind], T, 6, PHASES) for kind in ("n_events", "n_bursts")}
             for name, c in counts.items()}
    # the output's mean event rate at the end of each prediction (the authors' cost input)
    e_pred = counts["out"]["E_bar"][PHASES * np.arange(len(pattern)) + PHASES - 1] / float(TAU_AVG / second)
    train_slots = np.flatnonzero(training)
    epoch_cost = cost(e_pred[train_slots], targets[train_slots]).reshape(epochs, 4).sum(axis=1)
    fifth = max(1, epochs // 5)
    before, after = rates["out"]["n_events"][n_burn:n_burn + 4], rates["out"]["n_events"][-4:]
    correct = (after > float(THRESHOLD / Hz)) == targets[-4:].astype(bool)
    claims = [check("test cases correct after training (output event rate vs 6 Hz)", int(correct.sum()), "== 4",
                    bool(correct.all())),
              check("cost, last fifth of training / first fifth", float(epoch_cost[-fifth:].mean() /
                                                                        epoch_cost[:fifth].mean()), "< 1",
                    epoch_cost[-fifth:].mean() < epoch_cost[:fifth].mean())]
    hidden = {name: {"event_rate_before": rates[name]["n_events"][n_burn:n_burn + 4].tolist(),
                     "event_rate_after": rates[name]["n_events"][-4:].tolist(),
                     "burst_probability_after": (rates[name]["n_bursts"][-4:] /
                                                 np.maximum(rates[name]["n_events"][-4:], 1e-9)).tolist()}
              for name in ("h1", "h2")}
    result = Result("burstprop_xor",
                    {"scale": scale, "seed": seed, "device": device, "n": n, "epochs": epochs, "example": T,
                     "tau_avg": TAU_AVG, "patterns": PATTERNS},
                    {"output_event_rate_before": before.tolist(), "output_event_rate_after": after.tolist(),
                     "epoch_cost": epoch_cost.tolist(), "hidden": hidden,
                     "mean_weight": {k: {"start": float(w[train_slots[0]]), "end": float(w[train_slots[-1] + 1])}
                                     for k, w in weights.items()},
                     "weight_change_per_case": weight_change_per_case(weights, pattern, training),
                     "input_selectivity_sd": {h: {k: float(np.std(v)) for k, v in s.items()}
                                              for h, s in selectivity.items()}}, claims, timing)
    if out is not None:
        result.figures = [plot(rates["out"]["n_events"], window_probability(counts["out"], 6, PHASES - 1),
                               window_probability(counts["out"], PHASES - 1, PHASES), epoch_cost,
                               {k: w[np.r_[train_slots[::4], train_slots[-1] + 1]] for k, w in weights.items()},
                               train_slots, out)]
        result.save(out)
    return result


def plot(event_rate, p_predict, p_teach, epoch_cost, weights: dict, train_slots, out):
    """Output event rate and burst probability per input case over training (prediction window; the burst
    probability also in the teaching tenth), the epoch cost, and the mean weight of each plastic projection at
    the start of every epoch (``weights``: epochs + 1 values each). ``train_slots``: the training examples."""
    _, (ax_e, ax_p, ax_c, ax_w) = plotting.plt.subplots(1, 4, figsize=(17, 3.4), layout="constrained")
    epochs = len(train_slots) // 4
    epoch = np.arange(1, epochs + 1)
    for k, p in enumerate(PATTERNS):
        label = f"{p[0]}{p[1]} (target {p[0] ^ p[1]})"
        ax_e.plot(epoch, event_rate[train_slots].reshape(epochs, 4)[:, k], color=f"C{k}", label=label)
        ax_p.plot(epoch, p_predict[train_slots].reshape(epochs, 4)[:, k], color=f"C{k}", label=label)
        ax_p.plot(epoch, p_teach[train_slots].reshape(epochs, 4)[:, k], color=f"C{k}", ls="--", lw=0.8)
    ax_e.axhline(float(THRESHOLD / Hz), color="0.6", lw=0.8, ls=":")
    ax_e.set(xlabel="epoch", ylabel="output event rate (Hz)", title="output, last 40 % of each example")
    ax_e.legend(fontsize=7)
    ax_p.set(xlabel="epoch", ylabel="output burst probability", ylim=(0, 1),
             title="prediction (solid) and teaching tenth (dashed)")
    ax_c.plot(epoch, epoch_cost, color="0.2")
    ax_c.set(xlabel="epoch", ylabel="cost (cross-entropy, sum of 4 cases)", title="cost at the end of each prediction")
    for k, w in weights.items():
        ax_w.plot(np.arange(epochs + 1), w, label=k)
    ax_w.set(xlabel="epoch", ylabel="mean weight (g_L units)", title="plastic projections")
    ax_w.legend(fontsize=7)
    return plotting.save_figure(ax_e, out, "burstprop_xor")
