"""BCM makes a neuron selective to one of K input patterns (Bienenstock, Cooper & Munro 1982), in rates and spikes.

N = 100 Poisson inputs tuned to orientation (preferred angles evenly spaced over 180 deg, von Mises tuning,
2 Hz background + 30 Hz peak, kappa = 4); K = 5 orientations 36 deg apart, each shown for 500 ms in random
order. One neuron learns with BCM (:mod:`spikelearn.rules.bcm`: eta 1.5e-6 s^2, y0 = 8 Hz, tau_theta = 2 s,
weights in [0, 1]) from the same initial weights (uniform 0.01-0.03) and the same pattern sequence in two forms:

- rate: y = [w . x]+, Euler steps of 25 ms;
- spiking: a linear-nonlinear Poisson neuron firing at y = [sum_i w_i x~_i]+, with x~_i the presynaptic
  spike trains filtered with tau_x = 20 ms; x and y in the rule are low-pass filtered spike trains.

The selectivity index 1 - mean(non-preferred response) / preferred response is measured over the last
quarter of the run (spike counts per pattern for the spiking neuron). Claims: both forms reach >= 0.8; the
threshold tracks <y^2> / y0 over the last quarter within 10 %: in the rate form against the neuron's rate,
in the spiking form against the power of a trace driven by the spike-count rate of each presentation
(y^2 plus the trace's shot noise y / (2 tau_y), with its lag at each switch;
:func:`spikelearn.rules.bcm.trace_power`).
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, SpikeMonitor, StateMonitor, TimedArray, ms, second

from spikelearn import plotting
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import poisson_group
from spikelearn.neurons import poisson_neuron_group
from spikelearn.results import Result, check
from spikelearn.rules import bcm

DESCRIPTION = "BCM rule: one neuron becomes selective to one of 5 orientation patterns, rate vs spiking form"
DEFAULT_DEVICE = "cpp_standalone"

N_INPUTS, N_PATTERNS = 100, 5
BACKGROUND, PEAK, KAPPA = 2.0, 30.0, 6.0  # Hz, Hz, von Mises concentration
PRESENTATION = 500 * ms
SMOOTHING = 10  # presentations of a pattern per point of the figure's running mean
DURATION = 1200 * second
RULE = bcm.BCM()
W0_RANGE = (0.01, 0.03)
RATE_STEP = 25 * ms
DT = 0.5 * ms  # the spiking circuit's time step (no membrane to resolve)
MEASURED = 0.25  # the last quarter of the run


def patterns() -> np.ndarray:
    """Input rates (Hz), shape (K, N): input i tuned to angle i pi / N, pattern k at angle k pi / K."""
    phi = np.arange(N_INPUTS) * np.pi / N_INPUTS
    psi = np.arange(N_PATTERNS) * np.pi / N_PATTERNS
    return BACKGROUND + PEAK * np.exp(KAPPA * (np.cos(2 * (phi[None, :] - psi[:, None])) - 1))


def selectivity(responses) -> float:
    """1 - mean(non-preferred) / preferred, for one response per pattern."""
    r = np.asarray(responses, float)
    best = r.argmax()
    return float(1 - np.delete(r, best).mean() / r[best]) if r[best] > 0 else 0.0


def per_pattern(values, order) -> np.ndarray:
    """Mean of per-presentation ``values`` for each pattern."""
    return np.array([np.mean(values[order == k]) for k in range(N_PATTERNS)])


def run_rate(x, order, w0, theta0: float):
    """The rate form on the presentation sequence ``order``: (per-presentation y, theta and y per step, final w)."""
    w, theta = w0.copy(), theta0
    steps = int(round(float(PRESENTATION / RATE_STEP)))
    h = float(RATE_STEP / second)
    y_steps, theta_steps = [], []
    for k in order:
        for _ in range(steps):
            y = max(float(x[k] @ w), 0.0)
            w = np.clip(w + bcm.rate_update(RULE, x[k] * Hz, y * Hz, theta * Hz, h * second), 0, RULE.w_max)
            theta += h * float(bcm.theta_drift(RULE, y * Hz, theta * Hz) / (Hz / second))
            y_steps.append(y)
            theta_steps.append(theta)
    y_steps = np.array(y_steps)
    return y_steps.reshape(len(order), steps).mean(axis=1), np.array(theta_steps), y_steps, w


def run_spiking(x, order, w0, theta0: float, seed: int, device: str, progress: bool):
    """The spiking form: (per-presentation spike-count rates, theta every 10 ms, final w, timing)."""
    n_pres = len(order)
    with Simulation(device, seed=seed, progress=progress) as sim:
        inputs = poisson_group(N_INPUTS, TimedArray(x[order] * Hz, dt=PRESENTATION), name="inputs", dt=DT)
        neuron = poisson_neuron_group(
            1,
            "u",
            bcm.POST_EQUATIONS + "u : Hz  # drive: sum_i w_i x~_i",
            reset=bcm.POST_RESET,
            namespace=RULE.namespace,
            name="neuron",
            dt=DT,
        )
        synapses = bcm.synapse_model(RULE, drive="u_post = w * x_trace : Hz (summed)").synapses(
            inputs, neuron, name="bcm", dt=DT, method="euler"
        )
        synapses.connect()
        synapses.w = w0
        synapses.x_trace = x[order[0]] * Hz
        synapses.run_regularly(bcm.CLIP, dt=DT)
        neuron.y_trace = max(float(x[order[0]] @ w0), 0.0) * Hz
        neuron.theta = theta0 * Hz
        spikes = SpikeMonitor(neuron)
        state = StateMonitor(neuron, "theta", record=0, dt=10 * ms)
        sim.run(Network(inputs, neuron, synapses, spikes, state), n_pres * PRESENTATION, label="BCM")
        sim.execute()
        counts = np.bincount((np.asarray(spikes.t / PRESENTATION)).astype(int), minlength=n_pres)[:n_pres]
        return (
            counts / float(PRESENTATION / second),
            np.asarray(state.theta[0] / Hz),
            np.asarray(synapses.w[:]),
            sim.timing,
        )


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the duration (300 s of presentations at scale 1)."""
    check_run_args(scale, seed, device, DEVICES)
    rng = np.random.default_rng(seed)
    x = patterns()
    n_pres = max(20, int(round(float(scale * DURATION / PRESENTATION))))
    order = rng.integers(0, N_PATTERNS, n_pres)
    w0 = rng.uniform(*W0_RANGE, N_INPUTS)
    theta0 = float(x[order[0]] @ w0) ** 2 / float(RULE.y0 / Hz)
    y_rate, theta_rate, trace_rate, w_rate = run_rate(x, order, w0, theta0)
    y_spike, theta_spike, w_spike, timing = run_spiking(x, order, w0, theta0, seed, device, progress)

    last = np.arange(n_pres) >= int((1 - MEASURED) * n_pres)
    resp = {"rate": per_pattern(y_rate[last], order[last]), "spiking": per_pattern(y_spike[last], order[last])}
    sel = {form: selectivity(r) for form, r in resp.items()}
    y0 = float(RULE.y0 / Hz)
    theta_mean = {
        form: float(theta[int((1 - MEASURED) * len(theta)) :].mean())
        for form, theta in (("rate", theta_rate), ("spiking", theta_spike))
    }
    predicted = {
        "rate": float(np.mean(trace_rate[int((1 - MEASURED) * len(trace_rate)) :] ** 2)) / y0,
        "spiking": float(bcm.trace_power(y_spike[last] * Hz, PRESENTATION, RULE.tau_y) / Hz**2) / y0,
    }
    tracking = {form: theta_mean[form] / predicted[form] - 1 for form in theta_mean}
    claims = [
        check(f"{form}: selectivity over the last quarter", sel[form], ">= 0.8", sel[form] >= 0.8) for form in resp
    ]
    claims += [
        check(
            f"{form}: <theta> / (<y^2>/y0) - 1 over the last quarter",
            tracking[form],
            "within 0.10",
            abs(tracking[form]) <= 0.10,
        )
        for form in resp
    ]
    result = Result(
        "bcm_selectivity",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "rule": RULE.namespace,
            "n_inputs": N_INPUTS,
            "n_patterns": N_PATTERNS,
            "presentation": PRESENTATION,
            "n_presentations": n_pres,
            "background_hz": BACKGROUND,
            "peak_hz": PEAK,
            "kappa": KAPPA,
            "dt": DT,
            "rate_step": RATE_STEP,
        },
        {
            "responses_hz": {f: r.tolist() for f, r in resp.items()},
            "selectivity": sel,
            "preferred_pattern": {f: int(r.argmax()) for f, r in resp.items()},
            "theta_mean_hz": theta_mean,
            "theta_predicted_hz": predicted,
            "weights": {"rate": w_rate.tolist(), "spiking": w_spike.tolist()},
        },
        claims,
        timing,
    )
    if out is not None:
        result.figures = figures(out, order, y_rate, y_spike, theta_rate, theta_spike[::10], w_rate, w_spike)
        result.save(out)
    return result


def figures(out, order, y_rate, y_spike, theta_rate, theta_spike, w_rate, w_spike) -> list:
    """Responses per pattern vs time and theta vs time (rate and spiking), and the final weights."""
    t_pres = (np.arange(len(order)) + 0.5) * float(PRESENTATION / second)
    _, axes = plotting.subplots(3, 1, figsize=(6.5, 8), layout="constrained")
    shown = [k for k in range(N_PATTERNS) if np.any(order == k)]
    # a running mean over 10 presentations of a pattern, or over as many as a short run gave every pattern
    n_mean = min(SMOOTHING, *(int(np.sum(order == k)) for k in shown))
    for ax, (form, y) in zip(axes[:2], (("rate", y_rate), ("spiking", y_spike))):
        for k in shown:
            window = np.ones(n_mean) / n_mean
            ax.plot(
                t_pres[order == k],
                np.convolve(y[order == k], window, mode="same"),
                color=f"C{k}",
                label=f"pattern {k} ({k * 180 // N_PATTERNS} deg)",
            )
        theta, t_theta = (
            (theta_rate, np.arange(len(theta_rate)) * float(RATE_STEP / second))
            if form == "rate"
            else (theta_spike, np.arange(len(theta_spike)) * 0.1)
        )
        ax.plot(t_theta, theta, color="k", lw=0.5, alpha=0.5, label="theta")
        ax.set(xlabel="time (s)", ylabel="response (Hz)", title=f"{form} form: responses ({n_mean}-presentation mean)")
        ax.legend(fontsize=6, ncol=3)
    angles = np.arange(N_INPUTS) * 180 / N_INPUTS
    axes[2].plot(angles, w_rate, label="rate")
    axes[2].plot(angles, w_spike, label="spiking")
    axes[2].set(xlabel="input's preferred orientation (deg)", ylabel="final weight", title="weights")
    axes[2].legend(fontsize=8)
    return [plotting.save_figure(axes[0], out, "bcm_selectivity")]
