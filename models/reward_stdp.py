"""Reward-modulated STDP (Izhikevich 2007, *Cereb. Cortex* 17:2443): the distal reward problem, and the rate bridge.

Conditioning (Izhikevich 2007, Fig. 1, scaled): 100 Poisson inputs at 2 Hz project onto 5 linear-nonlinear Poisson
neurons (2 Hz at rest; an input spike adds ``w * nu_1`` = w * 20 Hz to the rate, decaying with 5 ms) through 500
synapses under :mod:`spikelearn.rules.reward_stdp`, all starting at 0.02 w_max. Each time input 0 takes part in a
pre-before-post pair with neuron 0 within 10 ms, a dopamine pulse reaches every synapse 1 s later. The reward cannot
tell which synapse caused it; only the eligibility left after 1 s, e^(-1) of the pairing's, singles the rewarded
synapse out. Claim: it ends at w_max while the mean of the other 499 stays below 0.1 w_max throughout, in each of 5
seeds.

Bridge: independent synapses between their own Poisson pre and post trains, each rewarded 0.5-3 s after its own
pairings (:class:`~spikelearn.rules.reward_stdp.PairingReward`), learn with small amplitudes (no bound is reached);
their mean drift is compared with :func:`~spikelearn.rules.reward_stdp.expected_drift` at the rates each synapse's
trains had. Claim: within 3 s.e.m. in every condition.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, StateMonitor, ms, second

from spikelearn import plotting
from spikelearn.bridge import compare
from spikelearn.checks import check_run_args
from spikelearn.circuits.pairs import PairCondition, poisson_pairs
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import poisson_group
from spikelearn.neurons import poisson_neuron_group
from spikelearn.results import Result, check
from spikelearn.rules import reward_stdp

DESCRIPTION = "Izhikevich 2007 reward-modulated STDP: a delayed reward singles out one synapse of 500; drift bridge"
DEFAULT_DEVICE = "cpp_standalone"

# conditioning (Izhikevich 2007, scaled: rates, amplitudes and network, see docs/reward_stdp.md)
N_INPUTS, N_NEURONS = 100, 5
RATE_IN = 2 * Hz
NEURON = {"nu_0": 2 * Hz, "nu_1": 20 * Hz, "tau_syn": 5 * ms}  # rate nu_0 + nu_1 h, h jumps by w per input spike
W_MAX = 1.0
W0 = 0.02 * W_MAX
ETA = 0.4  # A+ in units of w_max; A- = 1.5 A+ (Izhikevich 2007)
REWARD = reward_stdp.PairingReward(R=0.5 * Hz, delay=1 * second, T_pair=10 * ms)
T_CONDITION = 2000 * second
N_SEEDS = 5
N_SNAPSHOTS = 100
OTHERS_BELOW = 0.1  # the other synapses' mean, in units of w_max
AT_MAX = 0.99  # the rewarded synapse's final weight, in units of w_max

# bridge
BRIDGE_ETA = 1e-3  # small amplitudes: weights move by < 0.05 from w0 = 0.5, no bound is reached
BRIDGE_DELAYS = (0.5, 1.0, 2.0, 3.0)  # seconds
BRIDGE_RATES = ((2, 4), (5, 5), (10, 10))  # (pre, post) in Hz
BRIDGE_REWARD = 0.5 * Hz
N_PER_CONDITION = 200
T_BRIDGE = 200 * second
WARMUP = 15 * second  # c, d and the reward-triggered terms reach their stationary means (tau_c = 1 s, D <= 3 s)
N_SEM = 3.0
MIN_SCALE = 0.1  # 200 s of conditioning, 20 s of bridge


def rule(eta: float) -> reward_stdp.RewardSTDP:
    """Izhikevich's window (tau+- 20 ms, A- = 1.5 A+) with A+ = ``eta`` w_max; tau_c = 1 s, tau_d = 0.2 s."""
    return reward_stdp.RewardSTDP(window=reward_stdp.izhikevich_window(A_plus=eta, A_minus=1.5 * eta, w_max=W_MAX))


def condition(duration, seed: int, device: str, progress: bool = False) -> dict:
    """One conditioning run: the weights over time (the rewarded synapse, the others' mean) and the rewards."""
    params = rule(ETA)
    with Simulation(device, seed=seed, progress=progress) as sim:
        inputs = poisson_group(N_INPUTS, RATE_IN, name="inputs")
        neurons = poisson_neuron_group(
            N_NEURONS, "nu_0 + nu_1 * h", "dh/dt = -h / tau_syn : 1", namespace=NEURON, name="neurons"
        )
        synapses = reward_stdp.synapse_model(params, "h_post += w").synapses(inputs, neurons, name="plastic")
        synapses.connect()  # synapse k: input k // N_NEURONS onto neuron k % N_NEURONS; k = 0 is rewarded
        synapses.w = W0
        reward = reward_stdp.pairing_reward(
            params, REWARD, inputs[:1], neurons[:1], synapses, broadcast=True, name="reward"
        )
        record_dt = duration / N_SNAPSHOTS
        state = StateMonitor(
            synapses, ["w", "c", "d", "t_last"], record=np.arange(N_INPUTS * N_NEURONS), dt=record_dt, name="state"
        )
        sim.run(Network(inputs, neurons, synapses, *reward, state), duration, label="conditioning")
        sim.execute()
        rewarded = (np.asarray(synapses.i[:]) == 0) & (np.asarray(synapses.j[:]) == 0)
        w = reward_stdp.weight_at(params, state.w[:], state.c[:], state.d[:], state.t_last[:], state.t[:])
        final = reward_stdp.weight_at(params, synapses.w[:], synapses.c[:], synapses.d[:], synapses.t_last[:], duration)
        return {
            "t": np.append(np.asarray(state.t / second), float(duration / second)),
            "rewarded": np.append(w[rewarded][0], final[rewarded][0]) / W_MAX,
            "others": np.append(w[~rewarded].mean(axis=0), final[~rewarded].mean()) / W_MAX,
            "timing": sim.timing,
        }


def bridge(duration, seed: int, device: str, progress: bool = False):
    """Independent rewarded pairs for every delay and rate pair; the drift is measured after ``WARMUP`` (c and d
    start at 0 and the first rewards come after the delay). Returns ({delay: [Gap per rate pair]}, timing)."""
    params = rule(BRIDGE_ETA)
    cases = [(D, a, b) for D in BRIDGE_DELAYS for a, b in BRIDGE_RATES]
    rewards = {D: reward_stdp.PairingReward(R=BRIDGE_REWARD, delay=D * second) for D in BRIDGE_DELAYS}
    w0 = W_MAX / 2
    with Simulation(device, seed=seed, progress=progress) as sim:
        conditions = [PairCondition(a * Hz, b * Hz) for _, a, b in cases]
        circuit = poisson_pairs(reward_stdp.synapse_model(params), conditions, N_PER_CONDITION, w0, name="pairs")
        delays = np.array([D for D, _, _ in cases])[circuit.condition] * second
        rewarding = reward_stdp.pairing_reward(
            params, rewards[BRIDGE_DELAYS[0]], circuit.pre, circuit.post, circuit.synapses, False, "pairs", delays
        )
        s = circuit.synapses
        start = StateMonitor(s, ["w", "c", "d", "t_last"], record=np.arange(len(cases) * N_PER_CONDITION), dt=WARMUP)
        sim.run(Network(circuit.network.objects, *rewarding, start), duration, label="reward bridge")
        sim.execute()
        t = float((duration - WARMUP) / second)
        w_start = reward_stdp.weight_at(params, start.w[:, 1], start.c[:, 1], start.d[:, 1], start.t_last[:, 1], WARMUP)
        w_end = reward_stdp.weight_at(params, s.w[:], s.c[:], s.d[:], s.t_last[:], duration)
        drift = (w_end - w_start) / t
        r_pre, r_post = np.asarray(circuit.pre_spikes.count[:]), np.asarray(circuit.post_spikes.count[:])
        r_pre, r_post = r_pre / float(duration / second), r_post / float(duration / second)
        gaps = {D: [] for D in BRIDGE_DELAYS}
        for k, (D, _, _) in enumerate(cases):
            block = circuit.condition == k
            rates = r_pre[block] * Hz, r_post[block] * Hz, rewards[D]
            gaps[D].append(
                compare(
                    drift[block],
                    reward_stdp.expected_drift(params, *rates, dt=s.clock.dt),
                    reward_stdp.expected_drift(params, *rates),
                )
            )
        return gaps, sim.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks both durations (400 s of conditioning per seed, 200 s of bridge at scale 1); seeds
    ``seed`` to ``seed + 4`` condition, ``seed`` runs the bridge."""
    check_run_args(scale, seed, device, DEVICES, min_scale=MIN_SCALE)
    t_condition = np.round(float(scale * T_CONDITION / second)) * second
    t_bridge = np.round(float(scale * T_BRIDGE / second)) * second
    runs = [condition(t_condition, seed + k, device, progress) for k in range(N_SEEDS)]
    gaps, bridge_timing = bridge(t_bridge, seed, device, progress)
    rows = {
        f"{D:g} s": [
            {"condition": f"{a}->{b} Hz", **g.as_dict(), "gap_in_sem": g.difference / g.gap_sem}
            for (a, b), g in zip(BRIDGE_RATES, gs)
        ]
        for D, gs in gaps.items()
    }
    metrics = {
        "rewarded_final_w_over_wmax": [r["rewarded"][-1] for r in runs],
        "others_final_mean_w_over_wmax": [r["others"][-1] for r in runs],
        "others_largest_mean_w_over_wmax": [r["others"].max() for r in runs],
        "time_to_90pc_wmax_s": [
            float(r["t"][np.argmax(r["rewarded"] >= 0.9)]) if np.any(r["rewarded"] >= 0.9) else float("nan")
            for r in runs
        ],
        "bridge": rows,
        "largest_bridge_gap_in_sem": max(abs(row["gap_in_sem"]) for rs in rows.values() for row in rs),
    }
    claims = [
        check(
            "rewarded synapse's final weight / w_max, smallest of 5 seeds",
            min(metrics["rewarded_final_w_over_wmax"]),
            f">= {AT_MAX}",
            min(metrics["rewarded_final_w_over_wmax"]) >= AT_MAX,
        ),
        check(
            "other synapses' mean weight / w_max, largest over the run and 5 seeds",
            max(metrics["others_largest_mean_w_over_wmax"]),
            f"< {OTHERS_BELOW}",
            max(metrics["others_largest_mean_w_over_wmax"]) < OTHERS_BELOW,
        ),
        check(
            "bridge: largest |spiking - rate| drift over its s.e.m., all delays and rates",
            metrics["largest_bridge_gap_in_sem"],
            f"<= {N_SEM:g}",
            metrics["largest_bridge_gap_in_sem"] <= N_SEM,
        ),
    ]
    timing = {key: round(sum(r["timing"][key] for r in runs) + bridge_timing[key], 3) for key in ("build_s", "sim_s")}
    timing["compiled"] = sum(r["timing"]["compiled"] for r in runs) + bridge_timing["compiled"]
    result = Result(
        model="reward_stdp",
        params={
            "scale": scale,
            "seed": seed,
            "device": device,
            "conditioning_duration": t_condition,
            "bridge_duration": t_bridge,
            "n_inputs": N_INPUTS,
            "n_neurons": N_NEURONS,
            "rate_in": RATE_IN,
            "neuron": NEURON,
            "w0_over_wmax": W0 / W_MAX,
            "rule": rule(ETA).namespace,
            "reward": {"R": REWARD.R, "delay": REWARD.delay, "T_pair": REWARD.T_pair},
            "bridge_rule": rule(BRIDGE_ETA).namespace,
            "bridge_delays_s": BRIDGE_DELAYS,
            "bridge_rates_hz": BRIDGE_RATES,
            "bridge_R": BRIDGE_REWARD,
            "n_per_condition": N_PER_CONDITION,
        },
        metrics=metrics,
        claims=claims,
        timing=timing,
    )
    if out is not None:
        result.figures = figures(runs, rows, out)
        result.save(out)
    return result


def figures(runs: list, rows: dict, out) -> list:
    fig, (left, right) = plotting.subplots(1, 2, figsize=(10, 3.6), width_ratios=(1, 1.4), layout="constrained")
    for k, r in enumerate(runs):
        left.plot(r["t"], r["rewarded"], color="C3", lw=1, label="rewarded synapse" if k == 0 else None)
        left.plot(r["t"], r["others"], color="0.4", lw=1, label="mean of the other 499" if k == 0 else None)
    left.axhline(OTHERS_BELOW, color="0.7", ls=":", lw=0.8)
    left.set(xlabel="time (s)", ylabel="w / w_max", ylim=(0, 1.05), title=f"conditioning, {len(runs)} seeds")
    left.legend(loc="center right")
    for k, (D, rs) in enumerate(rows.items()):
        predicted, measured = [r["rate"] for r in rs], [r["spiking"] for r in rs]
        sem = [N_SEM * r["spiking_sem"] for r in rs]
        right.errorbar(predicted, measured, yerr=sem, fmt="o", ms=4, capsize=2, color=f"C{k}", label=f"D = {D}")
    limit = 1.2 * max(abs(r[key]) for rs in rows.values() for r in rs for key in ("rate", "spiking"))
    right.plot([-limit, limit], [-limit, limit], color="0.6", lw=0.8, zorder=0)
    right.set_xscale("symlog", linthresh=1e-7)
    right.set_yscale("symlog", linthresh=1e-7)
    right.set(
        xlabel="rate prediction dw/dt (1/s)",
        ylabel="spiking mean dw/dt (1/s)",
        title=f"bridge: rates {', '.join(f'{a}->{b}' for a, b in BRIDGE_RATES)} Hz (± {N_SEM:g} s.e.m.)",
    )
    right.legend(title="reward delay", fontsize=8)
    return [plotting.save_figure(left, out, "reward_stdp")]
