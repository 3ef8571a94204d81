"""A spiking Oja neuron finds the first principal component of correlated Poisson inputs (Oja 1982).

N = 20 Poisson inputs whose rates are redrawn every 200 ms from a Gaussian with mean 30 Hz and a known
covariance C = 400 Hz^2 u1 u1^T + 100 Hz^2 u2 u2^T + 4 Hz^2 I (u1, u2 random orthonormal directions;
rates clipped at 0, which happens for < 1 % of draws). One neuron learns with Oja's rule
(:mod:`spikelearn.rules.oja`, eta = 2e-5 s) from the same initial weights on the same rate sequence:

- rate: y = w . (x - mu), Oja's update (:func:`spikelearn.rules.oja.rate_update`) per 200 ms draw;
- spiking: a Poisson neuron at 40 Hz + w . (x~ - mu), with x and y traces of the spike trains (50 ms).

Claims: both weight vectors end within |cos| > 0.95 of the first principal component of the rates'
covariance (computed from the draws actually used), and within |cos| > 0.95 of each other. The spiking
weights' norm settles below 1 (postsynaptic shot noise in the decay term): reported.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, StateMonitor, TimedArray, ms, second

from spikelearn import plotting
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import poisson_group
from spikelearn.neurons import poisson_neuron_group
from spikelearn.results import Result, check
from spikelearn.rules import oja

DESCRIPTION = "Oja's rule on correlated Poisson inputs: spiking and rate neurons find the first principal component"
DEFAULT_DEVICE = "cpp_standalone"

N_INPUTS = 20
VARIANCES = (900.0, 225.0)  # Hz^2 along u1, u2
ISOTROPIC = 9.0  # Hz^2
SAMPLE = 1 * second
DURATION = 1200 * second
RULE = oja.Oja()
DT = 0.5 * ms
W0_SD = 0.1


def input_rates(n_samples: int, rng):
    """(rates of shape (n_samples, N) in Hz, the directions u1, u2): Gaussian draws around mu, clipped at 0."""
    directions, _ = np.linalg.qr(rng.normal(size=(N_INPUTS, 2)))
    z = rng.normal(size=(n_samples, 2)) * np.sqrt(VARIANCES) @ directions.T
    z += rng.normal(size=(n_samples, N_INPUTS)) * np.sqrt(ISOTROPIC)
    return np.clip(float(RULE.mu / Hz) + z, 0, None), directions.T


def first_pc(rates) -> np.ndarray:
    """The unit eigenvector of the rates' covariance with the largest eigenvalue."""
    _, vectors = np.linalg.eigh(np.cov(rates, rowvar=False))
    return vectors[:, -1]


def cos(a, b) -> float:
    return float(abs(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def run_rate(rates, w0):
    """Oja's rule on the centred rates, one Euler step per draw; returns the weights after each draw."""
    w = w0[None, :].copy()
    history = []
    for r in rates:
        w += oja.rate_update(RULE, w, r * Hz, SAMPLE)
        history.append(w[0].copy())
    return np.array(history)


def run_spiking(rates, w0, seed: int, device: str, progress: bool):
    """The spiking Oja neuron; returns (weights every 1 s, shape (T, N), timing)."""
    with Simulation(device, seed=seed, progress=progress) as sim:
        inputs = poisson_group(N_INPUTS, TimedArray(rates * Hz, dt=SAMPLE), name="inputs", dt=DT)
        neuron = poisson_neuron_group(
            1,
            oja.NEURON_RATE,
            oja.NEURON_EQUATIONS,
            reset=oja.NEURON_RESET,
            namespace=RULE.namespace,
            name="neuron",
            dt=DT,
        )
        neuron.y_trace = RULE.y_b
        synapses = oja.synapse_model(RULE).synapses(inputs, neuron, name="oja", dt=DT, method="euler")
        synapses.connect()
        synapses.w = w0
        synapses.x_trace = rates[0] * Hz
        weights = StateMonitor(synapses, "w", record=np.arange(N_INPUTS), dt=1 * second)  # all-to-one: i = index
        sim.run(Network(inputs, neuron, synapses, weights), len(rates) * SAMPLE, label="Oja")
        sim.execute()
        return np.asarray(weights.w).T, sim.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the duration (600 s at scale 1)."""
    check_run_args(scale, seed, device, DEVICES)
    rng = np.random.default_rng(seed)
    n_samples = max(10, int(round(float(scale * DURATION / SAMPLE))))
    rates, (u1, _) = input_rates(n_samples, rng)
    pc1 = first_pc(rates)
    w0 = rng.normal(0, W0_SD, N_INPUTS)
    w_rate = run_rate(rates, w0)
    w_spike, timing = run_spiking(rates, w0, seed, device, progress)
    final = {"rate": w_rate[-1], "spiking": w_spike[-1]}
    cosines = {form: cos(w, pc1) for form, w in final.items()}
    between = cos(final["rate"], final["spiking"])
    claims = [
        check(f"{form}: |cos(w, first principal component)|", c, "> 0.95", c > 0.95) for form, c in cosines.items()
    ]
    claims.append(check("|cos(w spiking, w rate)|", between, "> 0.95", between > 0.95))
    result = Result(
        "oja_pca",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "rule": RULE.namespace,
            "n_inputs": N_INPUTS,
            "variances_hz2": VARIANCES,
            "isotropic_hz2": ISOTROPIC,
            "sample": SAMPLE,
            "n_samples": n_samples,
            "dt": DT,
            "w0_sd": W0_SD,
        },
        {
            "cos_pc1": cosines,
            "cos_rate_spiking": between,
            "cos_pc1_vs_u1": cos(pc1, u1),
            "norm": {form: float(np.linalg.norm(w)) for form, w in final.items()},
            "weights": {form: w.tolist() for form, w in final.items()},
            "pc1": pc1.tolist(),
        },
        claims,
        timing,
    )
    if out is not None:
        fig, (ax_t, ax_w) = plotting.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        t_rate = np.arange(1, n_samples + 1) * float(SAMPLE / second)
        ax_t.plot(t_rate, [cos(w, pc1) for w in w_rate], label="rate")
        ax_t.plot(np.arange(len(w_spike)), [cos(w, pc1) for w in w_spike], label="spiking")
        ax_t.set(xlabel="time (s)", ylabel="|cos(w, PC1)|", ylim=(0, 1.02), title="alignment with PC1")
        ax_t.legend(fontsize=8)
        sign = {form: np.sign(w @ pc1) for form, w in final.items()}
        ax_w.plot(pc1, "k.-", label="PC1")
        for form, w in final.items():
            ax_w.plot(sign[form] * w / np.linalg.norm(w), "o", mfc="none", label=f"{form} (normalised)")
        ax_w.set(xlabel="input", ylabel="weight", title="final weights vs PC1")
        ax_w.legend(fontsize=8)
        result.figures = [plotting.save_figure(ax_t, out, "oja_pca")]
        result.save(out)
    return result
