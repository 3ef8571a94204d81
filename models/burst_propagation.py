"""Two populations multiplex a feedforward and a feedback signal (Payeur et al. 2021, Nat. Neurosci. 24:1010, Fig. 3).

Pyr1 (lower) and Pyr2 (upper) are populations of two-compartment neurons (:mod:`spikelearn.pyramidal`, 4000 each at
scale 1), with 1000 PV and 1000 SOM AdEx interneurons (:func:`spikelearn.neurons.adex_group`). Every neuron gets
private Poisson noise (500 Hz per conductance, :func:`spikelearn.inputs.poisson_inputs`). Connections (5 % at
scale 1, 0.8 ms delays; weights in leak-conductance units):
- Pyr1 -> Pyr2 soma, depressing (:data:`spikelearn.stp.DEPRESSING`): Pyr2 receives Pyr1's events;
- Pyr2 -> Pyr1 dendrite, facilitating (:data:`spikelearn.stp.FACILITATING`): Pyr1 receives Pyr2's bursts;
- Pyr1 -> PV (depressing) and PV -> Pyr2 soma: feedforward inhibition;
- Pyr2 -> SOM (facilitating) and SOM -> Pyr1 dendrite: burst-driven dendritic inhibition;
- within each Pyr population, facilitating GABA onto the dendrites (standing in for disynaptic SOM inhibition).
Inputs: Pyr1 soma 0 +- 200 pA (period 500 ms), Pyr1 dendrite 50 pA, Pyr2 soma -100 pA, Pyr2 dendrite 100 +- 100 pA
(period 500 sqrt(5) ms, incommensurate), PV 205 pA. 1 s burn-in, 3 s recorded, 50 ms bins. Every number is the
authors' (``sim/sim_propagation.cpp`` in github.com/apayeur/spikingburstprop; neurons and STP from
github.com/apayeur/auryn); the simulator's conventions (dt = 0.1 ms, Euler) too.

Claims, over 5 seeds (worst seed): Pyr1's somatic input is read from Pyr2's event rate (r >= 0.8) and Pyr2's
dendritic input from Pyr1's burst probability, through the feedback (r >= 0.8); the cross-talk (Pyr2's event rate
with Pyr2's dendritic input, Pyr1's burst probability with Pyr1's somatic input) stays <= 0.3. The paper overlays
the rescaled signals and computes no coefficients. Ablations, 5 seeds each, measured against the roles the paper
gives the interneurons: without SOM (its output weights 0) Pyr1's burst probability is higher; without PV, Pyr2's
event rate is higher. ``scale`` shrinks the populations, keeping each neuron's number of inputs (the connection
probability grows as 5 % / scale). Measured numbers: docs/bursts.md.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, SpikeMonitor, Synapses, ms, mV, nS, pA, pF, second

from spikelearn import plotting, stp
from spikelearn.checks import check_choice, check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import poisson_inputs
from spikelearn.neurons import AdExParams, adex_group
from spikelearn.pyramidal import PyramidalParams, pyramidal_group
from spikelearn.results import Result, check

DESCRIPTION = "Payeur 2021 Fig. 3: Pyr1/Pyr2 with PV and SOM carry feedforward events and feedback bursts at once"
DEFAULT_DEVICE = "cpp_standalone"
DEFAULT_SCALE = 0.25

SIZES = {"pyr1": 4000, "pyr2": 4000, "pv": 1000, "som": 1000}
P_CONNECT = 0.05
DELAY = 0.8 * ms
DT = 0.1 * ms
NOISE_RATE = 500 * Hz
NOISE = {  # private Poisson noise weights (leak-conductance units), excitatory / inhibitory
    "pyr": {"g_es": 0.35, "g_is": 0.35, "g_ed": 0.05, "g_id": 0.05},
    "som": {"g_e": 0.4, "g_i": 0.5},
    "pv": {"g_e": 0.75, "g_i": 1.125},
}
PV = AdExParams(C=100 * pF, g_L=10 * nS, Delta_T=2 * mV, V_T=-48 * mV, V_reset=-55 * mV, t_ref=1 * ms)
SOM = AdExParams(
    C=100 * pF,
    g_L=5 * nS,
    Delta_T=4 * mV,
    a=0.5 * nS,
    b=10 * pA,
    tau_w=500 * ms,
    V_T=-61.8 * mV,
    V_reset=-65 * mV,
    t_ref=2 * ms,
)
# (source, target, conductance it adds to, weight, short-term plasticity or None)
CONNECTIONS = (
    ("pyr1", "pyr2", "g_es", 0.05, stp.DEPRESSING),
    ("pyr2", "pyr1", "g_ed", 0.37, stp.FACILITATING),
    ("pyr1", "pv", "g_e", 0.05, stp.DEPRESSING),
    ("pv", "pyr2", "g_is", 0.07, None),
    ("pyr2", "som", "g_e", 0.3, stp.FACILITATING),
    ("som", "pyr1", "g_id", 0.035, None),
    ("pyr1", "pyr1", "g_id", 0.1, stp.FACILITATING),
    ("pyr2", "pyr2", "g_id", 0.1, stp.FACILITATING),
)
SOMA_1 = (0 * pA, 200 * pA, 500 * ms)  # mean, amplitude, period of Pyr1's somatic input
DENDRITE_2 = (100 * pA, 100 * pA, 500 * np.sqrt(5) * ms)  # of Pyr2's dendritic input
CONSTANT = {"pyr1": {"I_d": 50 * pA}, "pyr2": {"I_s": -100 * pA}, "pv": {"I": 205 * pA}}
BURN_IN, RECORDED, BIN = 1 * second, 3 * second, 50 * ms
SEEDS = 5
CONDITIONS = {"full": (), "no SOM": ("som",), "no PV": ("pv",)}  # interneurons whose output weights are set to 0
MIN_CORR, MAX_CROSS = 0.8, 0.3
DRIVING_FORCES = ("V_s", "V_d")


def signal(spec, t_s):
    mean, amplitude, period = spec
    return float(mean / pA) + float(amplitude / pA) * np.sin(2 * np.pi * t_s / float(period / second))


def population_sizes(scale: float) -> dict:
    """Neurons per population at ``scale`` (at least 20)."""
    return {name: max(20, int(round(n * scale))) for name, n in SIZES.items()}


def simulate(scale: float, seed: int, silenced, device: str, driving_force: str = "V_s", progress: bool = False):
    """One run of the circuit with the output weights of the ``silenced`` interneurons set to 0 (``driving_force``:
    of the dendritic synapses, :func:`spikelearn.pyramidal.pyramidal_group`); returns the spike times (s) with their
    event and burst flags per Pyr population, the interneurons' mean rates, the sizes and the timing."""
    sizes = population_sizes(scale)
    with Simulation(device, seed=seed, progress=progress) as sim:
        namespace = {"A0": SOMA_1[0], "A1": SOMA_1[1], "T_A": SOMA_1[2], "D0": DENDRITE_2[0], "D1": DENDRITE_2[1]}
        namespace["T_D"] = DENDRITE_2[2]
        groups = {
            name: pyramidal_group(
                sizes[name],
                PyramidalParams(),
                name=name,
                dt=DT,
                namespace=namespace,
                dendritic_driving_force=driving_force,
            )
            for name in ("pyr1", "pyr2")
        }
        groups["pv"] = adex_group(sizes["pv"], PV, name="pv", dt=DT)
        groups["som"] = adex_group(sizes["som"], SOM, name="som", dt=DT)
        for name in ("pyr1", "pyr2"):
            groups[name].V_s = "E_L + 5 * mV * randn()"  # the authors' initial state
        objects = list(groups.values())
        # explicit names throughout: the generated code, and so the cached build, is the same for every run
        objects.append(groups["pyr1"].run_regularly("I_s = A0 + A1 * sin(2 * pi * t / T_A)", dt=DT, name="soma1_input"))
        objects.append(
            groups["pyr2"].run_regularly("I_d = D0 + D1 * sin(2 * pi * t / T_D)", dt=DT, name="dendrite2_input")
        )
        for name, currents in CONSTANT.items():
            for var, value in currents.items():
                setattr(groups[name], var, value)
        for name, group in groups.items():
            noise = NOISE["pyr" if name.startswith("pyr") else name]
            objects.append(poisson_inputs(group, {var: (NOISE_RATE, w) for var, w in noise.items()}))
        for source, target, var, w, plasticity in CONNECTIONS:
            label = f"{source}_to_{target}"
            if plasticity is None:
                synapses = Synapses(
                    groups[source], groups[target], "w : 1", on_pre=f"{var}_post += w", name=label, dt=DT
                )
            else:
                model = stp.synapse_model(plasticity, f"{var}_post += w * release")
                synapses = model.synapses(groups[source], groups[target], name=label, dt=DT)
            synapses.connect(p=min(1.0, P_CONNECT / scale))
            synapses.delay = DELAY
            synapses.w = 0.0 if source in silenced else w
            if plasticity is not None:
                stp.initialise(synapses, plasticity)
            objects.append(synapses)
        monitors = {
            name: SpikeMonitor(groups[name], variables=["is_event", "is_burst"], name=f"{name}_spikes")
            for name in ("pyr1", "pyr2")
        }
        counters = {name: SpikeMonitor(groups[name], record=False, name=f"{name}_count") for name in ("pv", "som")}
        sim.run(
            Network(*objects, *monitors.values(), *counters.values()), BURN_IN + RECORDED, label="burst propagation"
        )
        sim.execute()
        spikes = {
            name: (np.asarray(m.t / second), np.asarray(m.is_event), np.asarray(m.is_burst))
            for name, m in monitors.items()
        }
        duration_s = float((BURN_IN + RECORDED) / second)
        spikes["interneuron_rate_hz"] = {
            name: c.num_spikes / (sizes[name] * duration_s) for name, c in counters.items()
        }
        return spikes, sizes, sim.timing


def rates(spikes, n: int, edges):
    """Event rate, burst rate (Hz per neuron) and burst probability per bin."""
    t, events, bursts = spikes
    width = np.diff(edges)
    er = np.histogram(t, edges, weights=events)[0] / (n * width)
    br = np.histogram(t, edges, weights=bursts)[0] / (n * width)
    return er, br, br / np.maximum(er, 1e-9)


def measure(spikes, sizes) -> dict:
    """Correlations of the population signals with the two inputs, and the mean rates, after the burn-in."""
    edges = np.arange(float(BURN_IN / second), float((BURN_IN + RECORDED) / second) + 1e-9, float(BIN / second))
    centres = (edges[:-1] + edges[1:]) / 2
    er1, _, bp1 = rates(spikes["pyr1"], sizes["pyr1"], edges)
    er2, _, bp2 = rates(spikes["pyr2"], sizes["pyr2"], edges)
    soma1, dendrite2 = signal(SOMA_1, centres), signal(DENDRITE_2, centres)

    def r(a, b):
        return float(np.corrcoef(a, b)[0, 1])

    return {
        "forward": r(er2, soma1),  # Pyr1's somatic input read from Pyr2's events
        "feedback": r(bp1, dendrite2),  # Pyr2's dendritic input read from Pyr1's burst probability
        "cross_forward": r(er2, dendrite2),
        "cross_feedback": r(bp1, soma1),
        "local_events": r(er1, soma1),
        "local_bursts": r(bp2, dendrite2),
        "event_rate_hz": {"pyr1": float(er1.mean()), "pyr2": float(er2.mean())},
        "interneuron_rate_hz": spikes["interneuron_rate_hz"],
        "burst_probability": {"pyr1": float(np.nanmean(bp1)), "pyr2": float(np.nanmean(bp2))},
        "traces": {"t_s": centres, "soma1": soma1, "dendrite2": dendrite2, "er2": er2, "bp1": bp1},
    }


def check_options(driving_force: str = "V_s"):
    check_choice("driving_force", driving_force, DRIVING_FORCES)


def run(
    scale: float = DEFAULT_SCALE,
    seed: int = 0,
    device: str = DEFAULT_DEVICE,
    out=None,
    progress: bool = False,
    driving_force: str = "V_s",
) -> Result:
    """``scale`` shrinks the populations (default 0.25: 1000 + 1000 pyramidal neurons, 250 PV, 250 SOM; 1 is the
    paper's size); every condition runs :data:`SEEDS` seeds from ``seed`` on. ``driving_force``: "V_s", as the
    authors' simulator computes the dendritic synapses' currents, or "V_d"."""
    check_run_args(scale, seed, device, DEVICES)
    check_options(driving_force)
    runs, timing = {}, {}
    for condition, silenced in CONDITIONS.items():
        runs[condition] = []
        for s in range(seed, seed + SEEDS):
            spikes, sizes, t = simulate(scale, s, silenced, device, driving_force, progress)
            runs[condition].append(measure(spikes, sizes))
            timing = {k: timing.get(k, 0) + v for k, v in t.items()}
    full = runs["full"]
    worst = {key: min(m[key] for m in full) for key in ("forward", "feedback")}
    cross = {key: max(abs(m[key]) for m in full) for key in ("cross_forward", "cross_feedback")}

    def mean_of(condition, key, population):
        return float(np.mean([m[key][population] for m in runs[condition]]))

    bp_som = (mean_of("full", "burst_probability", "pyr1"), mean_of("no SOM", "burst_probability", "pyr1"))
    er_pv = (mean_of("full", "event_rate_hz", "pyr2"), mean_of("no PV", "event_rate_hz", "pyr2"))
    claims = [
        check(
            "Pyr1's somatic input read from Pyr2's event rate: r, worst of 5 seeds",
            worst["forward"],
            f">= {MIN_CORR}",
            worst["forward"] >= MIN_CORR,
        ),
        check(
            "Pyr2's dendritic input read from Pyr1's burst probability: r, worst of 5 seeds",
            worst["feedback"],
            f">= {MIN_CORR}",
            worst["feedback"] >= MIN_CORR,
        ),
        check(
            "cross-talk: |r(Pyr2 event rate, Pyr2 dendritic input)|, largest of 5 seeds",
            cross["cross_forward"],
            f"<= {MAX_CROSS}",
            cross["cross_forward"] <= MAX_CROSS,
        ),
        check(
            "cross-talk: |r(Pyr1 burst probability, Pyr1 somatic input)|, largest of 5 seeds",
            cross["cross_feedback"],
            f"<= {MAX_CROSS}",
            cross["cross_feedback"] <= MAX_CROSS,
        ),
        check(
            "without SOM: Pyr1's mean burst probability / with SOM",
            bp_som[1] / bp_som[0],
            "> 1",
            bp_som[1] > bp_som[0],
        ),
        check("without PV: Pyr2's mean event rate / with PV", er_pv[1] / er_pv[0], "> 1", er_pv[1] > er_pv[0]),
    ]
    summary = {
        condition: {
            key: [m[key] for m in ms]
            for key in ("forward", "feedback", "cross_forward", "cross_feedback", "local_events", "local_bursts")
        }
        | {"event_rate_hz": [m["event_rate_hz"] for m in ms], "burst_probability": [m["burst_probability"] for m in ms]}
        for condition, ms in runs.items()
    }
    result = Result(
        "burst_propagation",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "seeds": SEEDS,
            "driving_force": driving_force,
            "sizes": population_sizes(scale),
            "p_connect": min(1.0, P_CONNECT / scale),
            "connections": [
                {"from": s, "to": t, "onto": v, "w": w, "stp": None if p is None else vars(p)}
                for s, t, v, w, p in CONNECTIONS
            ],
            "noise": NOISE,
            "noise_rate": NOISE_RATE,
            "soma_1": SOMA_1,
            "dendrite_2": DENDRITE_2,
            "constant_inputs": CONSTANT,
            "burn_in": BURN_IN,
            "recorded": RECORDED,
            "bin": BIN,
            "dt": DT,
        },
        {"per_condition": summary},
        claims,
        timing,
    )
    if out is not None:
        result.figures = [figure(full[0]["traces"], out)]
        result.save(out)
    return result


def figure(traces: dict, out):
    """The paper's Fig. 3 read-outs for the first seed: the inputs and what the other population carries of them,
    min-max rescaled."""
    _, axes = plotting.subplots(2, 1, figsize=(7, 5), sharex=True, layout="constrained")

    def rescaled(v):
        return (v - np.nanmin(v)) / (np.nanmax(v) - np.nanmin(v))

    t = traces["t_s"]
    for ax, (signal_key, label), (read_key, read_label) in (
        (axes[0], ("soma1", "Pyr1 somatic input"), ("er2", "Pyr2 event rate")),
        (axes[1], ("dendrite2", "Pyr2 dendritic input"), ("bp1", "Pyr1 burst probability")),
    ):
        ax.plot(t, rescaled(traces[signal_key]), "k", lw=2, label=label)
        ax.plot(t, rescaled(traces[read_key]), lw=1, label=read_label)
        ax.set(ylabel="min-max rescaled")
        ax.legend(fontsize=7)
    axes[1].set(xlabel="time (s)")
    return plotting.save_figure(axes[0], out, "burst_propagation")
