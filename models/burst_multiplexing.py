"""Burst multiplexing (Naud & Sprekeler 2018; Payeur et al. 2021, Fig. 3): events carry the somatic signal,
the burst probability the dendritic one, and short-term plasticity separates them downstream.

A population of two-compartment neurons (:mod:`spikelearn.pyramidal`, 2000 at scale 1; the paper's
populations have 4000) with private Poisson noise (500 Hz, soma 0.35 / 0.35, dendrite 0.05 / 0.05 in leak
units) receives two independent signals with the periods of the paper's Fig. 3 inputs: a somatic current
A(t) = 100 pA sin(2 pi t / 500 ms) and a dendritic current D(t) = 150 pA + 150 pA sin(2 pi t / 1118 ms).
(The paper drives its two populations with 0 +- 200 pA and 100 +- 100 pA; with those amplitudes in one
population the burst probability also follows the somatic signal, r = 0.45 with A, 0.81 with D: the
paper's PV/SOM interneurons, not modelled here, are what keeps the channels apart.) Two downstream
read-outs (100 units each, 5 % connectivity) sum what depressing and facilitating synapses
(:mod:`spikelearn.stp`) transmit: the depressing read-out follows the event rate, the facilitating one the
burst rate, and their ratio the burst probability. 1 s burn-in, then 50 ms bins.

Claims: correlation >= 0.9 between A and the depressing read-out and between D and the read-outs' ratio,
and |correlation| < 0.3 with the other signal; the population's event rate and burst probability are
reported alike. The paper shows the overlaid signals and quotes no coefficients; a simplification here:
one population and fixed read-outs instead of the paper's two populations with PV/SOM interneurons.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, NeuronGroup, PoissonInput, SpikeMonitor, StateMonitor, ms, pA, second

from spikelearn import plotting, stp
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.pyramidal import PyramidalParams, pyramidal_group
from spikelearn.results import Result, check

DESCRIPTION = "two-compartment neurons multiplex a somatic and a dendritic signal in events and bursts; STP decodes"
DEFAULT_DEVICE = "cpp_standalone"

N = 2000
NOISE = {"g_es": 0.35, "g_is": 0.35, "g_ed": 0.05, "g_id": 0.05}  # private Poisson noise weights, 500 Hz each
NOISE_RATE = 500 * Hz
SOMA = (0 * pA, 100 * pA, 500 * ms)  # mean, amplitude, period of A(t)
DENDRITE = (150 * pA, 150 * pA, 500 * np.sqrt(5) * ms)  # mean, amplitude, period of D(t)
N_READOUT, P_CONNECT, TAU_READOUT = 100, 0.05, 20 * ms
BURN_IN, DURATION, BIN = 1 * second, 9 * second, 50 * ms
MIN_CORR, MAX_CROSS = 0.9, 0.3


def signal(spec, t):
    mean, amplitude, period = spec
    return mean + amplitude * np.sin(2 * np.pi * t / period)


def correlation(a, b) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the population (2000 neurons at scale 1) and the recording (8 s after the burn-in)."""
    check_run_args(scale, seed, device, DEVICES)
    n = max(100, int(round(N * scale)))
    duration = BURN_IN + max(2.0, round(float(scale * (DURATION - BURN_IN) / second), 1)) * second
    with Simulation(device, seed=seed, progress=progress) as sim:
        pyr = pyramidal_group(
            n,
            PyramidalParams(),
            name="pyr",
            namespace={
                "A0": SOMA[0],
                "A1": SOMA[1],
                "T_A": SOMA[2],
                "D0": DENDRITE[0],
                "D1": DENDRITE[1],
                "T_D": DENDRITE[2],
            },
        )
        inputs = pyr.run_regularly("I_s = A0 + A1 * sin(2 * pi * t / T_A)\nI_d = D0 + D1 * sin(2 * pi * t / T_D)")
        noise = [PoissonInput(pyr, var, 1, NOISE_RATE, weight=w) for var, w in NOISE.items()]
        readout = NeuronGroup(
            2 * N_READOUT, "dr/dt = -r / tau_r : 1", method="exact", namespace={"tau_r": TAU_READOUT}, name="readout"
        )
        channels = []
        for k, (label, params) in enumerate((("depressing", stp.DEPRESSING), ("facilitating", stp.FACILITATING))):
            target = readout[k * N_READOUT : (k + 1) * N_READOUT]
            synapses = stp.synapse_model(params, "r_post += release").synapses(pyr, target, name=label)
            synapses.connect(p=P_CONNECT)
            stp.initialise(synapses, params)
            channels.append(synapses)
        spikes = SpikeMonitor(pyr, variables=["is_event", "is_burst"])
        drive = StateMonitor(readout, "r", record=True, dt=BIN / 5)
        sim.run(Network(pyr, inputs, *noise, readout, *channels, spikes, drive), duration, label="multiplexing")
        sim.execute()
        t_spike, events, bursts = (
            np.asarray(spikes.t / second),
            np.asarray(spikes.is_event),
            np.asarray(spikes.is_burst),
        )
        r, t_r = np.asarray(drive.r), np.asarray(drive.t / second)
        timing = sim.timing

    edges = np.arange(float(BURN_IN / second), float(duration / second) + 1e-9, float(BIN / second))
    centres = (edges[:-1] + edges[1:]) / 2
    bin_s = float(BIN / second)
    er = np.histogram(t_spike, edges, weights=events)[0] / (n * bin_s)
    br = np.histogram(t_spike, edges, weights=bursts)[0] / (n * bin_s)
    bp = br / np.maximum(er, 1e-9)
    in_bin = np.digitize(t_r, edges) - 1
    valid = (in_bin >= 0) & (in_bin < len(centres))
    readouts = [
        np.bincount(
            in_bin[valid], weights=r[k * N_READOUT : (k + 1) * N_READOUT].mean(axis=0)[valid], minlength=len(centres)
        )
        / np.bincount(in_bin[valid], minlength=len(centres))
        for k in range(2)
    ]
    a, d = (np.asarray(signal(s, centres * second) / pA) for s in (SOMA, DENDRITE))
    decoded = {
        "A from depressing read-out": readouts[0],
        "D from facilitating / depressing": readouts[1] / readouts[0],
        "A from event rate": er,
        "D from burst probability": bp,
    }
    corr = {name: {"A": correlation(v, a), "D": correlation(v, d)} for name, v in decoded.items()}
    claims = []
    for name in ("A from depressing read-out", "D from facilitating / depressing"):
        own, other = name[0], "D" if name[0] == "A" else "A"
        claims.append(check(f"corr({name}, {own})", corr[name][own], f">= {MIN_CORR}", corr[name][own] >= MIN_CORR))
        claims.append(
            check(
                f"|corr({name}, {other})|", abs(corr[name][other]), f"< {MAX_CROSS}", abs(corr[name][other]) < MAX_CROSS
            )
        )
    result = Result(
        "burst_multiplexing",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "n": n,
            "duration": duration,
            "bin": BIN,
            "soma_signal": SOMA,
            "dendrite_signal": DENDRITE,
            "noise": NOISE,
            "noise_rate": NOISE_RATE,
            "n_readout": N_READOUT,
            "p_connect": P_CONNECT,
        },
        {"correlations": corr, "mean_event_rate_hz": float(er.mean()), "mean_burst_probability": float(np.nanmean(bp))},
        claims,
        timing,
    )
    if out is not None:
        _, axes = plotting.subplots(2, 1, figsize=(7, 5), sharex=True, layout="constrained")

        def rescaled(v):
            return (v - v.min()) / (v.max() - v.min())

        for ax, (label, sig), names in (
            (axes[0], ("A(t), somatic", a), ("A from event rate", "A from depressing read-out")),
            (axes[1], ("D(t), dendritic", d), ("D from burst probability", "D from facilitating / depressing")),
        ):
            ax.plot(centres, rescaled(sig), "k", lw=2, label=label)
            for name in names:
                ax.plot(centres, rescaled(decoded[name]), lw=1, label=f"{name} (r = {corr[name][label[0]]:.2f})")
            ax.set(ylabel="min-max rescaled")
            ax.legend(fontsize=7)
        axes[1].set(xlabel="time (s)")
        result.figures = [plotting.save_figure(axes[0], out, "burst_multiplexing")]
        result.save(out)
    return result
