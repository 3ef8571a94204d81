"""Burstprop in rate form on 8x8 digits, next to backprop and feedback alignment, and its spiking update.

Networks 64-256-256-10 with sigmoid units, 3 seeds, 60 epochs, batches of 32:

- burstprop (:mod:`spikelearn.rate.burstprop`; fixed random feedback Y ~ N(0, 1), p_b = 0.2, SGD with momentum
  0.8, learning rates 0.1 hidden / 0.01 output: the authors' MNIST settings);
- BP and FA (:mod:`spikelearn.rules.feedback`) of the same shape, sigmoid hidden units, softmax output, Adam 1e-3.

Claim: burstprop's mean test accuracy within 2 points of FA's.

Bridge: the same output-layer update in spikes. After 2 epochs (seed 0), one training image: every unit
becomes an ensemble of burst-Poisson neurons (:func:`spikelearn.bursts.burst_poisson_group`): 32 randomly
chosen units of the last hidden layer, 5 neurons each, fire events at 20 Hz x e_j; each output unit's
50 neurons fire events at 20 Hz x e_i, each a burst with probability p_i^t (teacher phase), and start with
P_bar = p_i (the no-teacher burst probability; tau_avg = 1000 s keeps it there). All-to-all synapses learn
with the burst rule for 100 s; the mean change per unit pair is compared with the rate update
eta (p_i^t - p_i) e_i e_j: correlation > 0.8 over all pairs, and sign agreement > 90 % over the pairs whose
rate update is resolvable (> 3 s.e.m. of the spiking mean; pairs that saw no events in the run, from units
at e ~ 0, do not count)
(the paper does not report this bridge).
Events have a 30 ms dead time so that a burst's second spike (2-12 ms) never merges with the next event.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from brian2 import Hz, Network, ms, second

from spikelearn import datasets, plotting
from spikelearn.bursts import burst_poisson_group
from spikelearn.devices import DEVICES, Simulation
from spikelearn.rate.burstprop import BurstpropNet, train
from spikelearn.rate.harness import begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import burst, feedback

DESCRIPTION = "rate burstprop vs BP and FA on digits (64-256-256-10, sigmoid); its output-layer update in spikes"
DEFAULT_DEVICE = "cpp_standalone"

SIZES = (64, 256, 256, 10)
SEEDS = (0, 1, 2)
EPOCHS = 60
MAX_GAP = 0.02  # burstprop within 2 points of FA
BRIDGE_EPOCHS = 2
N_BRIDGE_PRE, N_PRE, N_POST = 32, 5, 50
MAX_RATE = 20 * Hz  # event rate of a unit at e = 1
DEAD_TIME = 30 * ms
BRIDGE_DURATION = 100 * second
BRIDGE_RULE = burst.BurstRule(eta=1e-3, tau_pre=50 * ms, tau_avg=1000 * second)


def spiking_update(e_pre, e_post, p, p_teacher, duration, seed: int, device: str):
    """Mean weight change per (post unit, pre unit) of the burst rule between burst-Poisson ensembles, its s.e.m."""
    n_pre, n_post = len(e_pre), len(e_post)
    with Simulation(device, seed=seed) as sim:
        pre = burst_poisson_group(
            n_pre * N_PRE, np.repeat(e_pre, N_PRE) * MAX_RATE, 0.0, DEAD_TIME, name="pre", kind="isi"
        )
        post = burst_poisson_group(
            n_post * N_POST,
            np.repeat(e_post, N_POST) * MAX_RATE,
            np.repeat(p_teacher, N_POST),
            DEAD_TIME,
            burst.POST_EQUATIONS,
            burst.POST_RESET,
            namespace=BRIDGE_RULE.namespace,
            name="post",
            kind="isi",
        )
        post.E_bar = np.repeat(e_post, N_POST) * float(MAX_RATE * BRIDGE_RULE.tau_avg)
        post.B_bar = np.repeat(p * e_post, N_POST) * float(MAX_RATE * BRIDGE_RULE.tau_avg)
        synapses = burst.synapse_model(BRIDGE_RULE).synapses(pre, post, name="plastic")
        synapses.connect()
        synapses.plastic = 1
        sim.run(Network(pre, post, synapses), duration, label="burst rule")
        sim.execute()
        units = (np.asarray(synapses.j[:]) // N_POST, np.asarray(synapses.i[:]) // N_PRE)
        w = np.asarray(synapses.w[:])
        total, squares = np.zeros((n_post, n_pre)), np.zeros((n_post, n_pre))
        np.add.at(total, units, w)
        np.add.at(squares, units, w**2)
        n = N_PRE * N_POST
        mean = total / n
        # s.e.m. over the unit pair's synapses (they share neurons, so this is a lower bound)
        sem = np.sqrt(np.maximum(squares / n - mean**2, 0) / (n - 1))
        return mean, sem, sim.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the epochs and the bridge's duration; ``seed`` offsets the 3 seeds."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    curves = {"burstprop": [train(BurstpropNet(SIZES, seed=seed + s), data, epochs, seed=seed + s) for s in SEEDS]}
    for name in ("BP", "FA"):
        runs = train_seeds(
            partial(feedback.make, name),
            SIZES,
            data,
            epochs,
            [seed + s for s in SEEDS],
            hidden="sigmoid",
            progress=progress,
        )
        curves[name] = [h.test_accuracy for _, h in runs]
    rate_s = frame.timing()["sim_s"]
    final = {name: [c[-1] for c in runs] for name, runs in curves.items()}
    mean = {name: float(np.mean(a)) for name, a in final.items()}

    # the bridge: one image, the output layer, after BRIDGE_EPOCHS of burstprop
    net = BurstpropNet(SIZES, seed=seed)
    train(net, data, BRIDGE_EPOCHS, seed=seed)
    phases = net.phases(data.x_train[:1], data.y_train[:1])
    chosen = np.sort(np.random.default_rng(seed).choice(SIZES[-2], N_BRIDGE_PRE, replace=False))
    e_pre, e_post = phases.e[-2][0, chosen], phases.e[-1][0]
    p, p_teacher = phases.p[-1][0], phases.p_teacher[-1][0]
    rate_dw = burst.rate_update(BRIDGE_RULE, e_post[None], p_teacher[None], p[None], e_pre[None])
    duration = max(10.0, round(float(scale * BRIDGE_DURATION / second))) * second
    spike_dw, spike_sem, timing = spiking_update(e_pre, e_post, p, p_teacher, duration, seed, device)
    # the rate form in the spiking units: eta tau_pre (rho e_j) (rho e_i) (p_i^t - p_i) T
    scale_factor = float(BRIDGE_RULE.tau_pre * MAX_RATE**2 * duration)
    predicted = scale_factor * rate_dw
    resolved = (spike_sem > 0) & (np.abs(predicted) > 3 * spike_sem)  # sem 0: no events reached the pair
    agree = float(np.mean(np.sign(spike_dw[resolved]) == np.sign(predicted[resolved])))
    agree_all = float(np.mean(np.sign(spike_dw) == np.sign(predicted)))
    corr = float(np.corrcoef(spike_dw.ravel(), predicted.ravel())[0, 1])
    slope = float(np.polyfit(predicted.ravel(), spike_dw.ravel(), 1)[0])
    claims = [
        check(
            "burstprop mean test accuracy - FA's (3 seeds)",
            mean["burstprop"] - mean["FA"],
            f">= -{MAX_GAP}",
            mean["burstprop"] - mean["FA"] >= -MAX_GAP,
        ),
        check(
            "bridge: sign agreement of spiking and rate output-layer updates, synapses whose rate update exceeds "
            "3 s.e.m. of the spiking estimate",
            agree,
            "> 0.9",
            agree > 0.9,
        ),
        check("bridge: correlation of spiking and rate output-layer updates", corr, "> 0.8", corr > 0.8),
    ]
    result = Result(
        "burstprop_rate_digits",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "sizes": SIZES,
            "epochs": epochs,
            "seeds": [seed + s for s in SEEDS],
            "bridge": {
                "epochs_before": BRIDGE_EPOCHS,
                "pre_units": chosen.tolist(),
                "n_pre": N_PRE,
                "n_post": N_POST,
                "max_rate": MAX_RATE,
                "dead_time": DEAD_TIME,
                "duration": duration,
                "rule": BRIDGE_RULE.namespace,
            },
        },
        {
            "test_accuracy": final,
            "mean_test_accuracy": mean,
            "bridge": {
                "sign_agreement": agree,
                "fraction_resolved": float(resolved.mean()),
                "sign_agreement_all": agree_all,
                "correlation": corr,
                "slope_vs_rate_form": slope,
                "p": p.tolist(),
                "p_teacher": p_teacher.tolist(),
                "e_post": e_post.tolist(),
            },
        },
        claims,
        {**timing, "sim_s": timing["sim_s"] + rate_s},
    )
    if out is not None:
        _, (ax_c, ax_b) = plotting.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        for k, (name, runs) in enumerate(curves.items()):
            for run_curve in runs:
                ax_c.plot(run_curve, color=f"C{k}", lw=1, label=name if run_curve is runs[0] else None)
        ax_c.set(xlabel="epoch", ylabel="test accuracy", ylim=(0, 1), title="digits, 64-256-256-10, sigmoid")
        ax_c.legend(fontsize=8)
        ax_b.plot(predicted.ravel(), spike_dw.ravel(), ".", ms=3)
        lim = np.abs(predicted).max() * 1.1
        ax_b.plot([-lim, lim], [-lim, lim], color="0.5", lw=0.8, label="rate form")
        ax_b.set(
            xlabel="rate form eta tau_pre rho^2 T (p^t - p) e_i e_j",
            ylabel="spiking mean dW",
            title=f"output-layer update: sign agreement {agree:.2f}, r = {corr:.2f}",
        )
        ax_b.legend(fontsize=8)
        result.figures = [plotting.save_figure(ax_c, out, "burstprop_rate_digits")]
        result.save(out)
    return result
