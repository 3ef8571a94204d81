"""Pairing-frequency dependence (Sjostrom, Turrigiano & Nelson 2001) and the STDP window under voltage-based STDP.

The protocol and data of :mod:`triplet_frequency` (60 pre/post pairings with dt = t_post - t_pre = +10 or -10 ms at
0.1 to 50 Hz, one synapse per condition) with the rule of Clopath et al. (2010): visual-cortex set (Table 1b), A_LTD
fixed as for their protocols, on the AdEx neuron of their Table 1a. Each postsynaptic spike is made by a kick of the
membrane above threshold at the paired time (the experiments' brief current injection); the presynaptic spike does
not drive the neuron (no EPSP), so the potential is the neuron's own. Alongside, the window (dt from -40 to +40 ms,
60 pairings) at 1 and 20 Hz. The rule is additive, so the relative change scales with 1 / w0; w0 = 0.5 is the
initial weight of NEST's reproduction of the paper's pairing experiment (the paper does not state one). The model
runs on a 0.1 ms grid (forward Euler); the 0.1 Hz conditions make it 600 s of simulated time.
"""

from __future__ import annotations

import numpy as np
from brian2 import Network, SpikeMonitor, ms

from spikelearn import plotting
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import spike_pattern
from spikelearn.neurons import AdExClopathParams
from spikelearn.results import Result, check
from spikelearn.rules import SynapseModel, clopath

from .triplet_frequency import CLAIM_FREQUENCIES, DATA, DELTA_T, FREQUENCIES, patterns

DESCRIPTION = "Sjostrom 2001 pairing-frequency protocol and STDP window under voltage-based STDP (Clopath 2010)"
DEFAULT_DEVICE = "cpp_standalone"

N_PAIRINGS = 60
RULE = clopath.Clopath(w_max=100.0)  # far from the bounds
NEURON = AdExClopathParams()
DT = 0.1 * ms
W0 = 0.5  # the initial weight of NEST's reproduction of the paper's pairing experiment
WINDOW_FREQUENCIES = (1, 20)  # Hz
WINDOW_DELTA_T = (-40, -25, -15, -10, -5, 5, 10, 15, 25, 40)  # ms


def simulate(conditions, n_pairings: int, seed: int, device: str, progress: bool = False):
    """Relative weight change of every (frequency Hz, dt ms) condition, one neuron and synapse each, and the post
    spike counts (a kick that lands in a spike is lost)."""
    (pre_i, pre_t), (post_i, post_t) = patterns(conditions, n_pairings)
    n = len(conditions)
    with Simulation(device, seed=seed, progress=progress) as sim:
        post = clopath.post_group(RULE, n, NEURON, dt=DT, name="post")
        pre = spike_pattern(n, pre_i, pre_t, name="pre", dt=DT)
        kicker = spike_pattern(n, post_i, post_t - DT, name="kicker", dt=DT)  # the spike follows a step later
        kick = SynapseModel("", clopath.KICK, "", NEURON.namespace).synapses(kicker, post, name="kick", dt=DT)
        kick.connect(j="i")
        synapses = clopath.synapses(RULE, pre, post, name="clopath", dt=DT)
        synapses.connect(j="i")
        synapses.w = W0
        spikes = SpikeMonitor(post, record=False, name="post_spikes")
        duration = max(pre_t.max(), post_t.max()) + 200 * ms
        sim.run(Network(post, pre, kicker, kick, synapses, spikes), duration, label="clopath_frequency")
        sim.execute()
        return (np.asarray(synapses.w[:]) - W0) / W0, np.asarray(spikes.count[:]), sim.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` scales the number of pairings (60 at scale 1, at least 2); the claims against the data hold at 1."""
    check_run_args(scale, seed, device, DEVICES)
    n_pairings = max(2, int(round(N_PAIRINGS * scale)))
    conditions = [(f, d) for d in DELTA_T for f in FREQUENCIES]
    window = [(f, d) for f in WINDOW_FREQUENCIES for d in WINDOW_DELTA_T]
    dw, counts, timing = simulate(conditions + window, n_pairings, seed, device, progress)
    table = {d: [float(dw[conditions.index((f, d))]) for f in FREQUENCIES] for d in DELTA_T}
    windows = {
        f: [float(dw[len(conditions) + window.index((f, d))]) for d in WINDOW_DELTA_T] for f in WINDOW_FREQUENCIES
    }
    at_claims = {d: np.array([table[d][FREQUENCIES.index(f)] for f in CLAIM_FREQUENCIES]) for d in DELTA_T}
    z = {d: (at_claims[d] - np.array(DATA[d])[:, 0]) / np.array(DATA[d])[:, 1] for d in DELTA_T}
    worst = {d: int(np.argmax(np.abs(z[d]))) for d in DELTA_T}
    lost = int(n_pairings * len(conditions + window) - counts.sum())
    ltd_low, ltp_high = table[-10][0], table[-10][-1]
    full = n_pairings == N_PAIRINGS
    claims = [
        check("post spikes lost (kicks landing in a spike)", lost, "0", lost == 0),
        check("dt = -10 ms at 0.1 Hz (LTD)", ltd_low, "< 0", ltd_low < 0),
        check("dt = -10 ms at 50 Hz (LTP: LTD turns into LTP with frequency)", ltp_high, "> 0", ltp_high > 0),
    ]
    if full:  # the data are for 60 pairings: a shorter protocol is not compared with them
        worst_z = max(np.abs(z[d]).max() for d in DELTA_T)
        claims.append(check("max |model - Sjostrom data| / SEM, all 10 points", worst_z, "<= 2", worst_z <= 2))
    largest_miss = {  # per dt: the frequency where the model is furthest from the data, model - data, the data's SEM
        d: {
            "frequency_hz": CLAIM_FREQUENCIES[worst[d]],
            "model_minus_data": float(at_claims[d][worst[d]] - DATA[d][worst[d]][0]),
            "sem": DATA[d][worst[d]][1],
        }
        for d in DELTA_T
    }
    for f in WINDOW_FREQUENCIES:
        w = np.array(windows[f])
        causal, acausal = w[np.array(WINDOW_DELTA_T) > 0], w[np.array(WINDOW_DELTA_T) < 0]
        claims.append(check(f"window at {f} Hz: mean change for dt > 0 minus dt < 0", causal.mean() - acausal.mean(),
                            "> 0", causal.mean() > acausal.mean()))  # fmt: skip
    result = Result(
        "clopath_frequency",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "n_pairings": n_pairings,
            "rule": RULE.namespace | {"homeostatic": RULE.homeostatic, "delay": RULE.delay},
            "neuron": NEURON.namespace,
            "dt": DT,
            "w0": W0,
        },
        {
            "frequencies_hz": FREQUENCIES,
            "relative_change": table,
            "z_vs_data": z,
            "largest_miss": largest_miss,
            "window_delta_t_ms": WINDOW_DELTA_T,
            "window_relative_change": windows,
        },
        claims,
        timing,
    )
    if out is not None:
        fig, (ax, ax_window) = plotting.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        for d, color in zip(DELTA_T, ("C3", "C0")):
            ax.plot(FREQUENCIES, table[d], "-", color=color, label=f"voltage rule, Δt = {d:+d} ms")
            mean, sem = np.array(DATA[d]).T
            ax.errorbar(CLAIM_FREQUENCIES, mean, yerr=sem, fmt="o", color=color, capsize=3,
                        label=f"Sjöström 2001, Δt = {d:+d} ms")  # fmt: skip
        ax.axhline(0, color="0.7", lw=0.8)
        ax.set(xlabel="pairing frequency (Hz)", ylabel=f"relative weight change after {n_pairings} pairings")
        ax.legend(fontsize=7)
        for f, color in zip(WINDOW_FREQUENCIES, ("C2", "C1")):
            ax_window.plot(WINDOW_DELTA_T, windows[f], "o-", color=color, label=f"{f} Hz")
        ax_window.axhline(0, color="0.7", lw=0.8)
        ax_window.axvline(0, color="0.7", lw=0.8)
        ax_window.set(xlabel="Δt = t_post − t_pre (ms)", ylabel=f"relative weight change after {n_pairings} pairings")
        ax_window.legend(title="pairing frequency", fontsize=7)
        result.figures = [plotting.save_figure(ax, out, "dw_vs_frequency")]
        result.save(out)
    return result
