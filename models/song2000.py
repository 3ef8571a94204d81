"""Song, Miller & Abbott (2000), *Nat. Neurosci.* 3:919: competitive Hebbian learning through STDP.

One conductance-based LIF neuron receives 1000 excitatory Poisson inputs through additive STDP
synapses (hard bounds [0, g_max]) and 200 inhibitory Poisson inputs through fixed synapses. Because
depression slightly outweighs potentiation (A- tau- = 1.05 A+ tau+), STDP drives the weights to a
bimodal distribution at 0 and g_max, and the surviving weights keep the output rate nearly
independent of the input rate; correlated inputs win the competition.

All conditions share one network as independent neurons with their own inputs:
input rates 10, 20, 30 and 40 Hz with STDP and, from the same initial weights, frozen; and a neuron
at 20 Hz whose first 500 inputs share a mother spike train (mixture model, c = 0.1; Song et al. used
correlations of the input rates instead: this is our choice, see :func:`spikelearn.inputs.correlate`).
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, StateMonitor, defaultclock, ms, second

from spikelearn import analysis, plotting
from spikelearn.checks import check_run_args
from spikelearn.circuits.convergent import STATIC, Inhibition, convergent_circuit
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import correlate, poisson_group
from spikelearn.neurons import ConductanceLIFParams
from spikelearn.results import Result, check
from spikelearn.rules import stdp

DESCRIPTION = "Song, Miller & Abbott 2000: additive STDP makes 1000 input weights bimodal and regulates the output rate"
DEFAULT_DEVICE = "cpp_standalone"

# Song, Miller & Abbott (2000), Methods
N_E = 1000  # excitatory inputs
N_I = 200  # inhibitory inputs
RATE_I = 10 * Hz  # inhibitory input rate
G_MAX = 0.015  # maximal excitatory conductance, in units of the leak conductance
G_I = 0.05  # inhibitory conductance per spike
TAU_STDP = 20 * ms  # tau+ = tau-
A_PLUS = 0.005  # potentiation per pair, in units of g_max
A_RATIO = 1.05  # A- tau- / (A+ tau+)
NEURON = ConductanceLIFParams()  # tau_m 20 ms, rest -70 mV, threshold -54 mV, reset -60 mV, E_e 0 mV, E_i -70 mV

# protocol
INPUT_RATES = np.array([10, 20, 30, 40]) * Hz
BIMODAL_RATE = 20 * Hz  # where the weight distribution is measured
N_CORRELATED = 500  # inputs of the correlated neuron that share a mother train ...
C_INPUT = 0.1  # ... each copying a mother spike with this probability
CORRELATED_RATE = 20 * Hz
T_LEARN = 3000 * second  # reaches equilibrium (weights at the bounds) at every input rate
MIN_SCALE = 1 / 3000  # at least 1 s of learning
MEASURE = 0.1  # rates and ISI CV over the last 10 % of the run
N_SNAPSHOTS = 60  # weight snapshots over the run


def rule() -> stdp.PairSTDP:
    """The paper's additive STDP with weights in units of the leak conductance."""
    return stdp.PairSTDP(
        tau_plus=TAU_STDP, tau_minus=TAU_STDP, A_plus=A_PLUS * G_MAX, A_minus=A_RATIO * A_PLUS * G_MAX, w_max=G_MAX
    )


def simulate(duration, seed: int = 0, device: str = DEFAULT_DEVICE, progress: bool = False) -> dict:
    """Run all conditions for ``duration``; returns spike times, weights and timings as arrays."""
    rng = np.random.default_rng(seed)
    n_plastic = len(INPUT_RATES) + 1  # + the correlated neuron
    plastic_rates = np.append(INPUT_RATES / Hz, CORRELATED_RATE / Hz)
    w0 = rng.uniform(0, G_MAX, size=n_plastic * N_E)
    inhibition = Inhibition(N_I, RATE_I, G_I)
    with Simulation(device, seed=seed, progress=progress) as sim:
        sources = poisson_group(n_plastic * N_E, np.repeat(plastic_rates, N_E) * Hz, name="inputs")
        start = len(INPUT_RATES) * N_E
        mother = correlate(sources[start : start + N_CORRELATED], CORRELATED_RATE, C_INPUT)
        plastic = convergent_circuit(
            sources,
            N_E,
            w0,
            stdp.synapse_model(rule(), "g_e_post += w"),
            NEURON,
            inhibition,
            extra=mother,
            name="plastic",
        )
        frozen_sources = poisson_group(
            len(INPUT_RATES) * N_E, np.repeat(INPUT_RATES / Hz, N_E) * Hz, name="frozen_inputs"
        )
        frozen = convergent_circuit(frozen_sources, N_E, w0[:start], STATIC, NEURON, inhibition, name="frozen")
        record_dt = np.ceil(duration / N_SNAPSHOTS / defaultclock.dt) * defaultclock.dt
        weights = StateMonitor(plastic.synapses, "w", record=True, dt=record_dt, name="weights")
        net = Network(plastic.network.objects, frozen.network.objects, weights)
        sim.run(net, duration, label="song2000")
        sim.execute()
        return {  # copies: views into Brian2's arrays dangle once a later Simulation collects these objects
            "w0": w0,
            "w": np.array(plastic.synapses.w[:]),
            "w_t": np.array(weights.t / second),
            "w_history": np.array(weights.w),
            "plastic_i": np.array(plastic.spikes.i[:]),
            "plastic_t": np.array(plastic.spikes.t / second),
            "frozen_i": np.array(frozen.spikes.i[:]),
            "frozen_t": np.array(frozen.spikes.t / second),
            "timing": sim.timing,
        }


def measure(data: dict, duration_s: float) -> dict:
    """Weight-distribution shape, equilibrium output rates and ISI CVs, correlated-group contrast."""
    n_rates = len(INPUT_RATES)
    w = data["w"].reshape(-1, N_E)
    start = duration_s * (1 - MEASURE)
    plastic = analysis.spike_trains(data["plastic_i"], data["plastic_t"], n_rates + 1, start, duration_s)
    frozen = analysis.spike_trains(data["frozen_i"], data["frozen_t"], n_rates, start, duration_s)
    rates = analysis.rates(plastic, duration_s - start)
    rates_frozen = analysis.rates(frozen, duration_s - start)
    k = int(np.flatnonzero(INPUT_RATES == BIMODAL_RATE)[0])
    return {
        "input_rates_hz": INPUT_RATES / Hz,
        "output_rate_hz": rates[:n_rates],
        "output_rate_frozen_hz": rates_frozen,
        "isi_cv": analysis.isi_cv(plastic)[:n_rates],
        "isi_cv_frozen": analysis.isi_cv(frozen),
        "fraction_outer_deciles": [analysis.fraction_outside(x, G_MAX) for x in w[:n_rates]],
        "fraction_between_0.2_0.8": [analysis.fraction_between(x, G_MAX) for x in w[:n_rates]],
        "mean_w_over_gmax": w[:n_rates].mean(axis=1) / G_MAX,
        "bimodal_rate_hz": BIMODAL_RATE / Hz,
        "outer_at_bimodal_rate": analysis.fraction_outside(w[k], G_MAX),
        "between_at_bimodal_rate": analysis.fraction_between(w[k], G_MAX),
        "rate_ratio_40_10": rates[n_rates - 1] / rates[0],
        "rate_ratio_40_10_frozen": rates_frozen[n_rates - 1] / rates_frozen[0],
        "min_isi_cv": float(np.nanmin(analysis.isi_cv(plastic)[:n_rates])),
        "correlated_mean_w": w[n_rates, :N_CORRELATED].mean() / G_MAX,
        "uncorrelated_mean_w": w[n_rates, N_CORRELATED:].mean() / G_MAX,
        "correlated_ratio": w[n_rates, :N_CORRELATED].mean() / max(w[n_rates, N_CORRELATED:].mean(), 1e-12),
    }


def claims(m: dict) -> list:
    return [
        check(
            "synapses in the outer deciles at 20 Hz (fraction)",
            m["outer_at_bimodal_rate"],
            ">= 0.70",
            m["outer_at_bimodal_rate"] >= 0.70,
        ),
        check(
            "synapses between 0.2 and 0.8 g_max at 20 Hz (fraction)",
            m["between_at_bimodal_rate"],
            "<= 0.10",
            m["between_at_bimodal_rate"] <= 0.10,
        ),
        check(
            "output rate at 40 Hz / at 10 Hz inputs, with STDP",
            m["rate_ratio_40_10"],
            "in [0.5, 2]",
            0.5 <= m["rate_ratio_40_10"] <= 2,
        ),
        check(
            "output rate at 40 Hz / at 10 Hz inputs, initial weights frozen",
            m["rate_ratio_40_10_frozen"],
            "> 3",
            m["rate_ratio_40_10_frozen"] > 3,
        ),
        check("smallest output ISI CV with STDP", m["min_isi_cv"], ">= 0.7", m["min_isi_cv"] >= 0.7),
        check("correlated / uncorrelated group mean weight", m["correlated_ratio"], "> 3", m["correlated_ratio"] > 3),
    ]


def figures(data: dict, m: dict, out) -> list:
    k = int(np.flatnonzero(INPUT_RATES == BIMODAL_RATE)[0])
    block = slice(k * N_E, (k + 1) * N_E)
    ax = plotting.plot_weight_histograms(data["w0"][block], data["w"][block], G_MAX)
    ax.set_title(f"{BIMODAL_RATE / Hz:.0f} Hz inputs")
    paths = [plotting.save_figure(ax, out, "weights_histogram")]
    ax = plotting.plot_weights_vs_time(data["w_t"], data["w_history"][block], G_MAX)
    ax.set_title(f"{BIMODAL_RATE / Hz:.0f} Hz inputs")
    paths.append(plotting.save_figure(ax, out, "weights_vs_time"))
    ax = plotting.plot_rate_transfer(
        m["input_rates_hz"],
        {"with STDP (equilibrium)": m["output_rate_hz"], "initial weights frozen": m["output_rate_frozen_hz"]},
    )
    paths.append(plotting.save_figure(ax, out, "rate_vs_input"))
    n = len(INPUT_RATES)
    ax = plotting.axes()
    ax.plot(np.arange(N_E), data["w"][n * N_E :] / G_MAX, ".", ms=2)
    ax.axvspan(0, N_CORRELATED, color="C1", alpha=0.15, label=f"correlated inputs (c = {C_INPUT})")
    ax.set(xlabel="input index", ylabel="final w / w_max", title=f"{CORRELATED_RATE / Hz:.0f} Hz inputs")
    ax.legend(loc="center right")
    paths.append(plotting.save_figure(ax, out, "correlated_weights"))
    return paths


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """Simulate ``scale * 3000 s`` of learning; claims are the paper's equilibrium properties."""
    check_run_args(scale, seed, device, DEVICES, min_scale=MIN_SCALE)
    duration = np.round(float(scale * T_LEARN / second), 1) * second
    data = simulate(duration, seed, device, progress)
    m = measure(data, float(duration / second))
    result = Result(
        model="song2000",
        params={
            "scale": scale,
            "seed": seed,
            "device": device,
            "duration": duration,
            "N_E": N_E,
            "N_I": N_I,
            "rate_I": RATE_I,
            "g_max": G_MAX,
            "g_I": G_I,
            "tau_stdp": TAU_STDP,
            "A_plus_over_gmax": A_PLUS,
            "A_minus_tau_minus_over_A_plus_tau_plus": A_RATIO,
            "neuron": NEURON.namespace,
            "input_rates": INPUT_RATES,
            "n_correlated": N_CORRELATED,
            "c_input": C_INPUT,
        },
        metrics=m,
        claims=claims(m),
        timing=data["timing"],
    )
    if out is not None:
        result.figures = figures(data, m, out)
        result.save(out)
    return result
