# %% [markdown]
# # Lab: reward-modulated STDP, a delayed reward and the synapse that earned it
#
# Papers: Izhikevich (2007, *Cereb. Cortex* 17:2443); Fremaux & Gerstner (2016, *Front. Neural Circuits* 9:85).
# Goal: see how an eligibility trace bridges the seconds between a spike pairing and a reward, predict how much of a
# pairing survives the delay, and check the rate form's drift against spiking synapses rewarded for their own
# pairings. Run time: about 30 s (`LAB_SCALE=0.1` for a quicker pass). Run as a script, or open it as a notebook with
# jupytext. Figures go to `lab_reward_stdp/` (or `LAB_OUT`).

# %%
import os

import numpy as np
from brian2 import Hz, Network, ms, prefs, second

from spikelearn import plotting
from spikelearn.bridge import compare
from spikelearn.circuits.pairs import PairCondition, poisson_pairs
from spikelearn.inputs import spike_pattern
from spikelearn.rules import reward_stdp

prefs.codegen.target = "numpy"  # small networks: no compiler needed
SCALE = float(os.environ.get("LAB_SCALE", 1.0))
OUT = os.environ.get("LAB_OUT", "lab_reward_stdp")

# %% [markdown]
# ## 1. The rule, as Brian2 code
# A pairing changes the eligibility trace `c`, not the weight; the weight follows `c * d`, and the dopamine `d` comes
# from reward pulses. Between events everything decays exponentially, so each event first brings `w`, `c` and `d`
# up to date exactly.

# %%
rule = reward_stdp.RewardSTDP()  # Izhikevich (2007): A+ = 1, A- = 1.5, tau_c = 1 s, tau_d = 0.2 s, w in [0, 4]
model = reward_stdp.synapse_model(rule)
print(model.model, model.on_post, sep="\n")
# Look for: `c += A_plus * x` on a post spike (the STDP window goes into c) and `w = clip(w + c * d * tau_cd ...)`.

# %% [markdown]
# ## 2. One pairing, one reward, a growing delay
# 12 synapses each see one pre-before-post pair (+5 ms) at t = 10 ms and one dopamine pulse (R = 0.5 / s) D later.

# %%
delays = np.linspace(0.25, 3.0, 12)
n = len(delays)
pre = spike_pattern(n, np.arange(n), np.full(n, 10) * ms)
post = spike_pattern(n, np.arange(n), np.full(n, 15) * ms)
synapses = model.synapses(pre, post)
synapses.connect(j="i")
synapses.w = 1.0
dopamine = spike_pattern(n, np.arange(n), (15 + 1000 * delays) * ms)
pulses = reward_stdp.dopamine_pathway(rule, dopamine, synapses, R=0.5 * Hz)
pulses.connect(j="i")
end = 4 * second
Network(pre, post, synapses, dopamine, pulses).run(end)
dw = reward_stdp.weight_at(rule, synapses.w[:], synapses.c[:], synapses.d[:], synapses.t_last[:], end) - 1.0
tau_cd = float(rule.tau_cd / second)
predicted = np.exp(-5 / 20) * np.exp(-delays) * 0.5 * tau_cd  # W(5 ms) e^(-D / tau_c) R tau_cd (A+ = 1)
ax = plotting.axes()
ax.plot(delays, predicted, color="0.3", label="W(5 ms) e^(-D/τc) R τcd")
ax.plot(delays, dw, "o", color="C3", label="simulated synapses")
ax.set(xlabel="reward delay D (s)", ylabel="weight change", yscale="log")
ax.legend()
print("saved", plotting.save_figure(ax, OUT, "delay"))
# Look for: a straight line on the log scale with slope -1 / tau_c: what is left of the pairing when the reward comes.

# %% [markdown]
# ## 3. The rate form: reward-triggered potentiation against uncorrelated depression
# Synapses between independent Poisson trains, each rewarded 1 s after every post spike that follows one of its
# pre spikes within 10 ms. The drift is <c> <d> (a depression-dominated window: negative) plus the reward-triggered
# covariance (positive), `reward_stdp.expected_drift`.

# %%
small = reward_stdp.RewardSTDP(window=reward_stdp.izhikevich_window(A_plus=1e-3, A_minus=1.5e-3, w_max=1.0))
reward = reward_stdp.PairingReward(R=0.5 * Hz, delay=1 * second, T_pair=10 * ms)
circuit = poisson_pairs(reward_stdp.synapse_model(small), [PairCondition(10 * Hz, 10 * Hz)], 60, 0.5)
rewarding = reward_stdp.pairing_reward(
    small, reward, circuit.pre, circuit.post, circuit.synapses, broadcast=False, name="lab"
)
net = Network(circuit.network.objects, *rewarding)
net.run(5 * second)  # warm-up: c and d start at 0, and the first rewards come 1 s after the first pairings
s = circuit.synapses
w_start = reward_stdp.weight_at(small, s.w[:], s.c[:], s.d[:], s.t_last[:], net.t)
duration = max(5.0, 40 * SCALE) * second
net.run(duration)
drift = (reward_stdp.weight_at(small, s.w[:], s.c[:], s.d[:], s.t_last[:], net.t) - w_start) / (duration / second)
r_pre, r_post = circuit.pre_spikes.count[:] / net.t, circuit.post_spikes.count[:] / net.t
gap = compare(drift, reward_stdp.expected_drift(small, r_pre, r_post, reward, dt=s.clock.dt))
print(f"spiking {gap.spiking:+.2e} +- {gap.spiking_sem:.1e} /s, rate form {gap.rate:+.2e} /s")
# Look for: the spiking mean within a few s.e.m. of the prediction (the s.e.m. shrinks as 1 / sqrt(duration)).

# %% [markdown]
# ## 4. Your turn
# Exercise: rerun section 3 with `delay=3 * second`. Predict first from section 2: by what factor does the
# reward-triggered part shrink, and what sign will the drift have? (Solution: `examples/solutions/lab_reward_stdp.md`.)
# For Izhikevich's conditioning experiment, one rewarded synapse among 500, run `spikelearn run reward_stdp`.
