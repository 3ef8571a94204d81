# %% [markdown]
# # Lab: bursts, events and burst-dependent plasticity
#
# Papers: Naud & Sprekeler (2018), Payeur, Guerguiev, Zenke, Richards & Naud (2021).
# Goal: see a two-compartment neuron put its somatic input into *events* and its dendritic input into
# *bursts*; watch a population carry two signals at once; and see the burst rule
# dW = eta (B - P_bar E) E_pre turn burst probability into potentiation or depression.
# Run time: about 1-2 minutes (`LAB_SCALE=0.1` for a quicker pass; C++ code is compiled on the first run).
# Run as a script, or open it as a notebook with jupytext. Figures go to `lab_bursts/` (or `LAB_OUT`).

# %%
import os

import numpy as np
from brian2 import Hz, Network, PoissonInput, SpikeMonitor, pA, second

from spikelearn import plotting
from spikelearn.devices import Simulation
from spikelearn.models import burst_multiplexing, burst_rule_protocols
from spikelearn.pyramidal import pyramidal_group

SCALE = float(os.environ.get("LAB_SCALE", 1.0))
OUT = os.environ.get("LAB_OUT", "lab_bursts")

# %% [markdown]
# ## 1. Events and bursts in one neuron type
# 100 noisy two-compartment neurons per condition; somatic current 0 or 200 pA, dendritic current 0 or 300 pA.
# An event is an isolated spike or the first of a burst; a burst is an event followed by a spike within 16 ms.

# %%
n, duration = 100, max(1.0, 3 * SCALE) * second
soma, dendrite = np.array([0, 200, 0, 200]), np.array([0, 0, 300, 300])
with Simulation("cpp_standalone", seed=0) as sim:
    neurons = pyramidal_group(4 * n, name="pyr")
    neurons.I_s, neurons.I_d = np.repeat(soma, n) * pA, np.repeat(dendrite, n) * pA
    noise = [
        PoissonInput(neurons, var, 1, 500 * Hz, weight=w)
        for var, w in (("g_es", 0.35), ("g_is", 0.35), ("g_ed", 0.05), ("g_id", 0.05))
    ]
    monitor = SpikeMonitor(neurons, variables=["is_event", "is_burst"])
    sim.run(Network(neurons, monitor, *noise), duration)
    sim.execute()
    block = np.asarray(monitor.i) // n
    events = np.bincount(block, weights=np.asarray(monitor.is_event), minlength=4)
    bursts = np.bincount(block, weights=np.asarray(monitor.is_burst), minlength=4)
event_rate = events / (n * float(duration / second))
for k in range(4):
    print(
        f"I_s = {soma[k]:3d} pA, I_d = {dendrite[k]:3d} pA: event rate {event_rate[k]:4.1f} Hz, "
        f"burst probability {bursts[k] / events[k]:.2f}"
    )
# Look for: the somatic current raises the event rate and barely moves the burst probability; the dendritic
# current does the opposite. Two inputs, two output channels.

# %% [markdown]
# ## 2. Multiplexing in a population, decoded by short-term plasticity
# A somatic sine (500 ms period) and a dendritic sine (1118 ms) drive the same population. Depressing synapses
# pass mostly the first spike of each burst (events); facilitating synapses pass mostly the later ones.

# %%
result = burst_multiplexing.run(scale=max(0.1, 0.5 * SCALE), out=OUT)
print("saved", *result.figures)
for name, c in result.metrics["correlations"].items():
    print(f"{name:36s} r with A = {c['A']:+.2f}, with D = {c['D']:+.2f}")
# Look for: in the figure each decoded trace follows its own signal and ignores the other. Why does the
# burst probability need the event rate in its denominator?

# %% [markdown]
# ## 3. The burst rule
# At every postsynaptic event the weight drops by eta P_bar E_pre, at every burst it rises by eta E_pre;
# P_bar is the neuron's own recent burst probability. Periodic pairings at increasing frequency: below
# 1 / 16 ms = 62.5 Hz each spike is an event (LTD); above, the five spikes form one burst (LTP).

# %%
dw, _ = burst_rule_protocols.periodic(seed=0, device="cpp_standalone")
ax = plotting.axes()
ax.plot(burst_rule_protocols.FREQUENCIES, dw, "o-")
ax.axhline(0, color="0.7", lw=0.8)
ax.axvline(62.5, color="0.7", ls="--", lw=0.8)
ax.set(xlabel="pairing frequency (Hz)", ylabel="dW after 15 epochs of 5 pairings")
print("saved", plotting.save_figure(ax, OUT, "periodic_protocol"))
# Look for: the sign flips at 62.5 Hz. `spikelearn run burst_rule_protocols` adds the Poisson protocols, where
# the crossing sits where the burst probability equals P_bar(0), and compares every synapse with the rate form.

# %% [markdown]
# ## 4. Your turn
# Exercise: in section 1, add a fifth condition with a *negative* dendritic current (-200 pA). Predict the
# burst probability before running. Then: in the burst rule, what happens to a synapse onto a neuron whose
# dendrite is silenced, if P_bar was learned while the dendrite was active? (Solution:
# `examples/solutions/lab_bursts.md`.)
