"""Voltage-based STDP is a BCM rule: the spiking drift on Poisson trains against the rate form (Clopath et al. 2010).

Independent Poisson trains: presynaptic at 10 Hz onto AdEx neurons of the paper (Table 1a) whose spikes are made at
Poisson times of rate 1-30 Hz (a kick of the membrane above threshold; a kick that lands in a spike is lost, so the
rate form is given each neuron's measured rate). The presynaptic spikes do not drive the neuron. The rule is the
visual-cortex set with A_LTD fixed (Table 1b), weights far from the bounds. 16 neurons per rate, 10 synapses each,
100 s; the s.e.m. is over neurons (the synapses of one neuron share its train). A model of its own, not a claim of
``clopath_frequency``: another protocol (stationary Poisson trains instead of pairings) and a run of its own.

The rate form (:func:`spikelearn.rules.clopath.expected_drift`) is nu_pre nu_post S_1 (A_LTP S_+ nu_post - A_LTD):
BCM with threshold A_LTD / (A_LTP S_+) = 11.2 Hz. The paper's superposition of isolated-spike waveforms (S_1
constant) overestimates the depolarisation as spikes come closer, since the AdEx resets v and sets z at each spike;
the renewal variant (S_1(nu_post), the waveform cut at the next spike) is the one the claims test. Claims: LTD at
1 Hz and LTP at 30 Hz; the zero crossing of the rate form fitted to the spiking drifts within 10 % of 11.2 Hz; every
rate's drift within 10 % of the depression term (the size of the two terms that cancel at the threshold) or 3 s.e.m.
of the renewal form; the superposition form's gap at 30 Hz, reported.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, PoissonGroup, SpikeMonitor, ms, mV, second

from spikelearn import plotting
from spikelearn.bridge import compare
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.neurons import AdExClopathParams
from spikelearn.results import Result, check
from spikelearn.rules import SynapseModel, clopath

DESCRIPTION = "voltage-based STDP (Clopath 2010) on Poisson pre/post at post rates 1-30 Hz: spiking drift vs BCM form"
DEFAULT_DEVICE = "cpp_standalone"

RULE = clopath.Clopath(w_min=-100.0, w_max=100.0)  # far from the bounds: the drift is the rule's
NEURON = AdExClopathParams()
DT = 0.1 * ms
RATE_PRE = 10 * Hz
RATES_POST = (1, 2, 5, 10, 15, 20, 30)  # Hz
N_NEURONS, N_SYNAPSES = 16, 10  # per rate, per neuron
DURATION = 100 * second
W0 = 0.0
REL_TOL, N_SEM = 0.1, 3.0


def fit_threshold(rates_post, drift, sem, scale) -> float:
    """theta of drift / scale = c (rho_post - theta), weighted least squares; ``scale`` = rho_pre rho_post S_1(rho_post)
    makes the rate form a line in the postsynaptic rate."""
    y, scale = np.asarray(rates_post, float), np.asarray(scale, float)
    design = np.column_stack([y, -np.ones_like(y)]) * (scale / np.asarray(sem))[:, None]
    (c, c_theta), *_ = np.linalg.lstsq(design, np.asarray(drift) / np.asarray(sem), rcond=None)
    return float(c_theta / c)


def simulate(duration, seed: int, device: str, progress: bool = False):
    """Per neuron: mean drift of its synapses (1/s), its measured rate (Hz) and its synapses' mean pre rate (Hz)."""
    n = N_NEURONS * len(RATES_POST)
    rates = np.repeat(RATES_POST, N_NEURONS) * Hz
    with Simulation(device, seed=seed, progress=progress) as sim:
        post = clopath.post_group(RULE, n, NEURON, dt=DT, name="post")
        kicker = PoissonGroup(n, rates, name="kicker", dt=DT)
        kick = SynapseModel("", clopath.KICK, "", NEURON.namespace).synapses(kicker, post, name="kick", dt=DT)
        kick.connect(j="i")
        pre = PoissonGroup(n * N_SYNAPSES, RATE_PRE, name="pre", dt=DT)
        synapses = clopath.synapses(RULE, pre, post, name="clopath", dt=DT)
        synapses.connect(j="i // N_SYNAPSES", namespace={"N_SYNAPSES": N_SYNAPSES})
        synapses.w = W0
        post_spikes = SpikeMonitor(post, record=False, name="post_spikes")
        pre_spikes = SpikeMonitor(pre, record=False, name="pre_spikes")
        sim.run(Network(post, kicker, kick, pre, synapses, post_spikes, pre_spikes), duration, label="clopath_bridge")
        sim.execute()
        seconds = float(duration / second)
        drift = (np.asarray(synapses.w[:]) - W0).reshape(n, N_SYNAPSES).mean(axis=1) / seconds
        pre_rate = np.asarray(pre_spikes.count[:]).reshape(n, N_SYNAPSES).mean(axis=1) / seconds
        return drift, np.asarray(post_spikes.count[:]) / seconds, pre_rate, sim.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the duration (100 s at scale 1)."""
    check_run_args(scale, seed, device, DEVICES)
    duration = max(1.0, np.round(float(scale * DURATION / second), 1)) * second
    drift, post_rate, pre_rate, timing = simulate(duration, seed, device, progress)
    waveform = clopath.spike_waveform(RULE, NEURON, dt=DT)
    renewal = clopath.expected_drift(RULE, pre_rate * Hz, post_rate * Hz, waveform, renewal=True)
    superposition = clopath.expected_drift(RULE, pre_rate * Hz, post_rate * Hz, waveform)
    by_rate = [slice(i * N_NEURONS, (i + 1) * N_NEURONS) for i in range(len(RATES_POST))]
    gaps = [compare(drift[k], renewal[k]) for k in by_rate]
    gaps_superposition = [compare(drift[k], superposition[k]) for k in by_rate]
    measured = np.array([post_rate[k].mean() for k in by_rate])
    theta = float(clopath.bcm_threshold(RULE, waveform) / Hz)
    scale = float(RATE_PRE / Hz) * measured * waveform.area(measured * Hz)
    theta_fit = fit_threshold(measured, [g.spiking for g in gaps], [g.spiking_sem for g in gaps], scale)
    depression = scale * float(RULE.A_LTD * mV)  # the LTD term: the scale of the two terms that cancel at theta
    worst = max(abs(g.difference) / max(REL_TOL * d, N_SEM * g.gap_sem) for g, d in zip(gaps, depression))
    claims = [
        check(f"drift at {RATES_POST[0]} Hz (LTD)", gaps[0].spiking, "< 0", gaps[0].spiking < 0),
        check(f"drift at {RATES_POST[-1]} Hz (LTP)", gaps[-1].spiking, "> 0", gaps[-1].spiking > 0),
        check(
            "zero crossing of the rate-form fit to the spiking drifts (Hz)",
            theta_fit,
            f"{theta:.1f} Hz within 10 %",
            abs(theta_fit - theta) <= 0.1 * theta,
        ),
        check(
            f"largest |spiking - renewal rate form| / allowed ({REL_TOL:.0%} of the LTD term or {N_SEM:g} s.e.m.)",
            worst,
            "<= 1",
            worst <= 1,
        ),
    ]
    result = Result(
        "clopath_bridge",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "duration": duration,
            "rate_pre": RATE_PRE,
            "rule": RULE.namespace | {"homeostatic": RULE.homeostatic, "delay": RULE.delay},
            "neuron": NEURON.namespace,
            "n_neurons_per_rate": N_NEURONS,
            "n_synapses_per_neuron": N_SYNAPSES,
            "dt": DT,
        },
        {
            "rates_post_hz": RATES_POST,
            "measured_post_rates_hz": measured.tolist(),
            "S_1_mV_ms": float(waveform.S_1 / (mV * ms)),
            "S_plus_mV_ms": float(waveform.S_plus / (mV * ms)),
            "theta_hz": theta,
            "theta_fit_hz": theta_fit,
            "conditions": [g.as_dict() for g in gaps],
            "conditions_superposition": [g.as_dict() for g in gaps_superposition],
        },
        claims,
        timing,
    )
    if out is not None:
        fine = np.linspace(0, max(RATES_POST) * 1.05, 200)
        curves = {
            f"rate form, {'renewal' if renewal else 'superposition'}": (
                fine,
                clopath.expected_drift(RULE, RATE_PRE, fine * Hz, waveform, renewal=renewal),
            )
            for renewal in (True, False)
        }
        ax = plotting.plot_bcm_curve(
            measured,
            gaps,
            curves,
            theta,
            f"voltage rule, pre {RATE_PRE / Hz:.0f} Hz: θ = {theta:.1f} Hz (fit {theta_fit:.1f} Hz)",
        )
        result.figures = [plotting.save_figure(ax, out, "bcm_curve")]
        result.save(out)
    return result
