# %% [markdown]
# # Lab: pair STDP, from the window of one synapse to a rate rule
#
# Papers: Bi & Poo (1998), Song, Miller & Abbott (2000), Kempter, Gerstner & van Hemmen (1999).
# Goal: see the STDP window come out of a Brian2 synapse, predict the mean weight drift of a
# synapse between Poisson trains from the window alone, and check it against the spiking synapses.
# Run time: about 30 s (`LAB_SCALE=0.1` for a quicker pass). Run as a script, or open it as a notebook
# with jupytext. Figures go to `lab_pair_stdp/` (or `LAB_OUT`).

# %%
import os

import numpy as np
from brian2 import Hz, Network, ms, prefs, second

from spikelearn import plotting
from spikelearn.bridge import Arm, pair_drift
from spikelearn.circuits.pairs import PairCondition
from spikelearn.inputs import spike_pattern
from spikelearn.rules import stdp

prefs.codegen.target = "numpy"  # small networks: no compiler needed
SCALE = float(os.environ.get("LAB_SCALE", 1.0))
OUT = os.environ.get("LAB_OUT", "lab_pair_stdp")

# %% [markdown]
# ## 1. The rule, as Brian2 code
# `rule` holds the paper's symbols; `synapse_model` turns them into the strings a `Synapses` object runs.

# %%
rule = stdp.PairSTDP(tau_plus=20 * ms, tau_minus=20 * ms, A_plus=0.01, A_minus=0.0105, w_max=10.0)
model = stdp.synapse_model(rule)
print(model.model, model.on_pre, model.on_post, sep="\n")
# Look for: a pre spike depresses by A_minus * y (the post trace), a post spike potentiates by A_plus * x.

# %% [markdown]
# ## 2. The window, one pairing at a time
# 20 synapses, each paired 10 times at 1 Hz with its own delay dt = t_post - t_pre.

# %%
delays = np.arange(-50, 51, 5)
delays = delays[delays != 0]
n_pairings = 10
k = np.tile(np.arange(len(delays)), n_pairings)
t_pre = np.repeat(np.arange(n_pairings) + 0.5, len(delays)) * 1000 + np.tile(np.maximum(-delays, 0), n_pairings)
pre = spike_pattern(len(delays), k, t_pre * ms)
post = spike_pattern(len(delays), k, (t_pre + np.tile(delays, n_pairings)) * ms)
synapses = model.synapses(pre, post)
synapses.connect(j="i")
synapses.w = 1.0
Network(pre, post, synapses).run(n_pairings * second)
measured = (synapses.w[:] - 1.0) / n_pairings
ax = plotting.plot_window(
    delays, measured, np.linspace(-50, 50, 401), stdp.window(rule, np.linspace(-50, 50, 401) * ms)
)
print("saved", plotting.save_figure(ax, OUT, "window"))
print("largest |measured - W(dt)|:", np.abs(measured - stdp.window(rule, delays * ms)).max())
# Look for: the points sit on the curve; LTP for pre-before-post (dt > 0), LTD for post-before-pre.

# %% [markdown]
# ## 3. From the window to a rate rule
# For independent Poisson trains the mean drift is r_pre r_post (A+ tau+ - A- tau-): depression wins by 5 %.
# A post train that copies pre spikes 10 ms later (probability c) adds c r_pre W(10 ms): potentiation.

# %%
conditions = (PairCondition(20 * Hz, 20 * Hz), PairCondition(20 * Hz, 20 * Hz, c=0.2, lag=10 * ms))
arm = Arm(
    model,
    conditions,
    lambda r_pre, r_post, cond, dt: stdp.expected_drift(rule, r_pre * Hz, r_post * Hz, c=cond.c, lag=cond.lag, dt=dt),
)
gaps, _ = pair_drift({"pair STDP": arm}, n_per_condition=100, duration=max(2.0, 20 * SCALE) * second, w0=5.0)
for cond, gap in zip(conditions, gaps["pair STDP"]):
    print(f"c = {cond.c}: spiking {gap.spiking:+.2e} +- {gap.spiking_sem:.1e} /s, rate rule {gap.rate:+.2e} /s")
# Look for: the sign flips with correlation, and the spiking mean sits within a few s.e.m. of the prediction.

# %% [markdown]
# ## 4. Your turn
# Exercise: make the rule *multiplicative* (`variant="multiplicative"`) and rerun section 3 with w0 = 5.
# Predict first: at w = w_max / 2 both factors are 1/2, so what happens to the drift? (Solution:
# `examples/solutions/lab_pair_stdp.md`.) For the full Song et al. network run `spikelearn run song2000`.
