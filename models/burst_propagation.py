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
(period 500 sqrt(5) ms, incommensurate), PV 205 pA; the sines start after the 1 s burn-in; 3 s recorded, 50 ms bins.
Every number is the authors' (``sim/sim_propagation.cpp`` in github.com/apayeur/spikingburstprop; neurons and STP
from github.com/apayeur/auryn), and so are three behaviours of their simulator that its code does not state: the
facilitation step of the short-term plasticity is u += U (1 - u), not f (1 - u) (``stp_update="simulator"``; "stated"
runs f = 0.1); every synapse starts at u = 0.01; PV and SOM restart from E_L after a spike. dt = 0.1 ms, Euler.

Claims, over 5 seeds (worst seed), r >= 0.8 for each link the paper's Fig. 3 overlays: Pyr1's event rate follows its
somatic input, Pyr2's event rate follows Pyr1's, Pyr2's burst probability follows its dendritic input, Pyr1's burst
probability follows Pyr2's burst rate. End to end, read-outs the paper does not quantify: Pyr1's somatic input read
from Pyr2's event rate and Pyr2's dendritic input from Pyr1's burst probability (r >= 0.8), with cross-talk (Pyr2's
event rate with Pyr2's dendritic input, Pyr1's burst probability with Pyr1's somatic input) <= 0.3. The feedback
read-out and the second cross-talk fail here and in the authors' own simulation, built and run unchanged: Pyr1's
burst probability follows Pyr2's burst rate, which carries Pyr1's own event rate as well as Pyr2's dendritic input.
Ablations, 5 seeds each, against the roles the paper gives the interneurons: without SOM (its output weights 0)
Pyr1's burst probability is higher; without PV, Pyr2's event rate is higher. ``scale`` shrinks the populations,
keeping each neuron's number of inputs (the connection probability grows as 5 % / scale). Measured numbers:
docs/bursts.md.
"""

from __future__ import annotations

from dataclasses import replace

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
# The authors' simulator sets V to E_L at every step of the refractory period, so PV and SOM restart from E_L
# (their code's reset values, -55 and -65 mV, never take effect): V_reset = E_L here.
PV = AdExParams(C=100 * pF, g_L=10 * nS, Delta_T=2 * mV, V_T=-48 * mV, V_reset=-70 * mV, t_ref=1 * ms)
SOM = AdExParams(
    C=100 * pF,
    g_L=5 * nS,
    Delta_T=4 * mV,
    a=0.5 * nS,
    b=10 * pA,
    tau_w=500 * ms,
    V_T=-61.8 * mV,
    V_reset=-70 * mV,
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
U_START = 0.01  # every synapse's utilisation at t = 0 in the authors' simulator (not U)
SOMA_1 = (0 * pA, 200 * pA, 500 * ms)  # mean, amplitude, period of Pyr1's somatic input
DENDRITE_2 = (100 * pA, 100 * pA, 500 * np.sqrt(5) * ms)  # of Pyr2's dendritic input
CONSTANT = {"pyr1": {"I_d": 50 * pA}, "pyr2": {"I_s": -100 * pA}, "pv": {"I": 205 * pA}}
BURN_IN, RECORDED, BIN = 1 * second, 3 * second, 50 * ms
SEEDS = 5
CONDITIONS = {"full": (), "no SOM": ("som",), "no PV": ("pv",)}  # interneurons whose output weights are set to 0
MIN_CORR, MAX_CROSS = 0.8, 0.3
DRIVING_FORCES = ("V_s", "V_d")
# "simulator": u += U (1 - u) at a spike, the update the authors' simulation runs (their connection class defines the
# f-update of the extended model, but the base class's non-virtual method with the classic increment U is the one
# called); "stated": u += f (1 - u) with f = 0.1, the extended model as their code states it (:mod:`spikelearn.stp`)
STP_UPDATES = ("simulator", "stated")


def stp_params(plasticity: stp.TsodyksMarkram, stp_update: str) -> stp.TsodyksMarkram:
    """The short-term plasticity of a connection as run with ``stp_update`` (one of :data:`STP_UPDATES`)."""
    return replace(plasticity, f=plasticity.U) if stp_update == "simulator" else plasticity


def signal(spec, t_s):
    mean, amplitude, period = spec
    return float(mean / pA) + float(amplitude / pA) * np.sin(2 * np.pi * t_s / float(period / second))


def population_sizes(scale: float) -> dict:
    """Neurons per population at ``scale`` (at least 20)."""
    return {name: max(20, int(round(n * scale))) for name, n in SIZES.items()}


def simulate(
    scale: float,
    seed: int,
    silenced,
    device: str,
    driving_force: str = "V_s",
    stp_update: str = "simulator",
    progress: bool = False,
):
    """One run of the circuit with the output weights of the ``silenced`` interneurons set to 0 (``driving_force``:
    of the dendritic synapses, :func:`spikelearn.pyramidal.pyramidal_group`; ``stp_update``: :data:`STP_UPDATES`);
    returns the spike times (s) with their event and burst flags per Pyr population, the interneurons' mean rates,
    the sizes and the timing."""
    sizes = population_sizes(scale)
    with Simulation(device, seed=seed, progress=progress) as sim:
        namespace = {"A0": SOMA_1[0], "A1": SOMA_1[1], "T_A": SOMA_1[2], "D0": DENDRITE_2[0], "D1": DENDRITE_2[1]}
        namespace.update(T_D=DENDRITE_2[2], burn_in=BURN_IN)
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
        for name in ("pv", "som"):
            groups[name].V = "E_L + 5 * mV * randn()"
        objects = list(groups.values())
        # explicit names throughout: the generated code, and so the cached build, is the same for every run
        # the sines start after the burn-in, with the phase of the absolute time (as in the authors' code)
        on = "int(t >= burn_in)"
        objects.append(
            groups["pyr1"].run_regularly(f"I_s = A0 + {on} * A1 * sin(2 * pi * t / T_A)", dt=DT, name="soma1_input")
        )
        objects.append(
            groups["pyr2"].run_regularly(f"I_d = D0 + {on} * D1 * sin(2 * pi * t / T_D)", dt=DT, name="dendrite2_input")
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
                plasticity = stp_params(plasticity, stp_update)
                model = stp.synapse_model(plasticity, f"{var}_post += w * release")
                synapses = model.synapses(groups[source], groups[target], name=label, dt=DT)
            synapses.connect(condition="i != j" if source == target else None, p=min(1.0, P_CONNECT / scale))
            synapses.delay = DELAY
            synapses.w = 0.0 if source in silenced else w
            if plasticity is not None:
                stp.initialise(synapses, plasticity, u=U_START)
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


# Pearson r between two binned signals (their keys in :func:`measure`'s traces), with the paper's Fig. 3 panel where
# it overlays them; the first four are the links the paper shows, the last four the end-to-end read-outs
LINKS = {
    "local_events": ("er1", "soma1"),  # Fig. 3c: Pyr1's event rate and its somatic input
    "events_follow": ("er2", "er1"),  # Fig. 3b: Pyr2's event rate and Pyr1's
    "local_bursts": ("bp2", "dendrite2"),  # Fig. 3b: Pyr2's burst probability and its dendritic input
    "bursts_follow": ("bp1", "br2"),  # Fig. 3c: Pyr1's burst probability and Pyr2's burst rate
    "forward": ("er2", "soma1"),  # Pyr1's somatic input read from Pyr2's events
    "feedback": ("bp1", "dendrite2"),  # Pyr2's dendritic input read from Pyr1's burst probability
    "cross_forward": ("er2", "dendrite2"),
    "cross_feedback": ("bp1", "soma1"),
}


def correlations(traces: dict) -> dict:
    return {key: float(np.corrcoef(traces[a], traces[b])[0, 1]) for key, (a, b) in LINKS.items()}


def measure(spikes, sizes) -> dict:
    """The binned population signals after the burn-in, their correlations (:data:`LINKS`) and the mean rates."""
    edges = np.arange(float(BURN_IN / second), float((BURN_IN + RECORDED) / second) + 1e-9, float(BIN / second))
    centres = (edges[:-1] + edges[1:]) / 2
    er1, br1, bp1 = rates(spikes["pyr1"], sizes["pyr1"], edges)
    er2, br2, bp2 = rates(spikes["pyr2"], sizes["pyr2"], edges)
    traces = {"t_s": centres, "soma1": signal(SOMA_1, centres), "dendrite2": signal(DENDRITE_2, centres)}
    traces |= {"er1": er1, "br1": br1, "bp1": bp1, "er2": er2, "br2": br2, "bp2": bp2}
    return correlations(traces) | {
        "event_rate_hz": {"pyr1": float(er1.mean()), "pyr2": float(er2.mean())},
        "interneuron_rate_hz": spikes["interneuron_rate_hz"],
        "burst_probability": {"pyr1": float(np.nanmean(bp1)), "pyr2": float(np.nanmean(bp2))},
        "traces": traces,
    }


def check_options(driving_force: str = "V_s", stp_update: str = "simulator"):
    check_choice("driving_force", driving_force, DRIVING_FORCES)
    check_choice("stp_update", stp_update, STP_UPDATES)


def run(
    scale: float = DEFAULT_SCALE,
    seed: int = 0,
    device: str = DEFAULT_DEVICE,
    out=None,
    progress: bool = False,
    driving_force: str = "V_s",
    stp_update: str = "simulator",
) -> Result:
    """``scale`` shrinks the populations (default 0.25: 1000 + 1000 pyramidal neurons, 250 PV, 250 SOM; 1 is the
    paper's size); every condition runs :data:`SEEDS` seeds from ``seed`` on. ``driving_force``: "V_s", as the
    authors' simulator computes the dendritic synapses' currents, or "V_d"; ``stp_update``: :data:`STP_UPDATES`."""
    check_run_args(scale, seed, device, DEVICES)
    check_options(driving_force, stp_update)
    runs, timing = {}, {}
    for condition, silenced in CONDITIONS.items():
        runs[condition] = []
        for s in range(seed, seed + SEEDS):
            spikes, sizes, t = simulate(scale, s, silenced, device, driving_force, stp_update, progress)
            runs[condition].append(measure(spikes, sizes))
            timing = {k: timing.get(k, 0) + v for k, v in t.items()}
    full = runs["full"]
    worst = {key: min(m[key] for m in full) for key in LINKS}
    largest = {key: max(abs(m[key]) for m in full) for key in ("cross_forward", "cross_feedback")}
    averaged = {key: np.mean([m["traces"][key] for m in full], axis=0) for key in full[0]["traces"]}

    def mean_of(condition, key, population):
        return float(np.mean([m[key][population] for m in runs[condition]]))

    bp_som = (mean_of("full", "burst_probability", "pyr1"), mean_of("no SOM", "burst_probability", "pyr1"))
    er_pv = (mean_of("full", "event_rate_hz", "pyr2"), mean_of("no PV", "event_rate_hz", "pyr2"))
    follows = {
        "local_events": "Fig. 3c: Pyr1's event rate follows its somatic input",
        "events_follow": "Fig. 3b: Pyr2's event rate follows Pyr1's event rate",
        "local_bursts": "Fig. 3b: Pyr2's burst probability follows its dendritic input",
        "bursts_follow": "Fig. 3c: Pyr1's burst probability follows Pyr2's burst rate",
        "forward": "Pyr1's somatic input read from Pyr2's event rate",
        "feedback": "Pyr2's dendritic input read from Pyr1's burst probability",
    }
    claims = [
        check(f"{text}: r, worst of {SEEDS} seeds", worst[key], f">= {MIN_CORR}", worst[key] >= MIN_CORR)
        for key, text in follows.items()
    ]
    crossed = {
        "cross_forward": "cross-talk: |r(Pyr2 event rate, Pyr2 dendritic input)|",
        "cross_feedback": "cross-talk: |r(Pyr1 burst probability, Pyr1 somatic input)|",
    }
    claims += [
        check(f"{text}, largest of {SEEDS} seeds", largest[key], f"<= {MAX_CROSS}", largest[key] <= MAX_CROSS)
        for key, text in crossed.items()
    ]
    claims += [
        check(
            "without SOM: Pyr1's mean burst probability / with SOM",
            bp_som[1] / bp_som[0],
            "> 1",
            bp_som[1] > bp_som[0],
        ),
        check("without PV: Pyr2's mean event rate / with PV", er_pv[1] / er_pv[0], "> 1", er_pv[1] > er_pv[0]),
    ]
    summary = {
        condition: {key: [m[key] for m in ms] for key in LINKS}
        | {
            "event_rate_hz": [m["event_rate_hz"] for m in ms],
            "burst_probability": [m["burst_probability"] for m in ms],
            "interneuron_rate_hz": [m["interneuron_rate_hz"] for m in ms],
        }
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
            "stp_update": stp_update,
            "sizes": population_sizes(scale),
            "p_connect": min(1.0, P_CONNECT / scale),
            "connections": [
                {"from": s, "to": t, "onto": v, "w": w, "stp": None if p is None else vars(stp_params(p, stp_update))}
                for s, t, v, w, p in CONNECTIONS
            ],
            "u_start": U_START,
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
        {"per_condition": summary, "seed_averaged": correlations(averaged)},
        claims,
        timing,
    )
    if out is not None:
        result.figures = [figure(averaged, out)]
        result.save(out)
    return result


def figure(traces: dict, out):
    """The paper's Fig. 3 overlays on the seed-averaged signals, min-max rescaled: each population's own input and
    code (left), and what the other population carries of it (right)."""
    _, axes = plotting.subplots(2, 2, figsize=(10, 5), sharex=True, layout="constrained")

    def rescaled(v):
        return (v - np.nanmin(v)) / (np.nanmax(v) - np.nanmin(v))

    names = {
        "soma1": "Pyr1 somatic input",
        "dendrite2": "Pyr2 dendritic input",
        "er1": "Pyr1 event rate",
        "er2": "Pyr2 event rate",
        "bp1": "Pyr1 burst probability",
        "br2": "Pyr2 burst rate",
        "bp2": "Pyr2 burst probability",
    }
    panels = ("local_events", "events_follow", "local_bursts", "bursts_follow")
    for ax, key in zip(axes.ravel(), panels):
        reference, read = LINKS[key][::-1]
        ax.plot(traces["t_s"], rescaled(traces[reference]), "k", lw=2, label=names[reference])
        ax.plot(traces["t_s"], rescaled(traces[read]), lw=1, label=names[read])
        ax.set(ylabel="min-max rescaled")
        ax.legend(fontsize=7, loc="upper right")
    for ax in axes[1]:
        ax.set(xlabel="time (s)")
    return plotting.save_figure(axes[0, 0], out, "burst_propagation")
