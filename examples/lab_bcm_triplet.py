# %% [markdown]
# # Lab: from triplet STDP to the BCM rule
#
# Papers: Sjostrom, Turrigiano & Nelson (2001), Pfister & Gerstner (2006), Clopath et al. (2010), Bienenstock, Cooper
# & Munro (1982).
# Goal: see why pair STDP cannot explain the frequency dependence of plasticity and the triplet and voltage rules can;
# watch the BCM curve (LTD below a threshold rate, LTP above) come out of spiking synapses; and see BCM
# with a sliding threshold make a neuron selective.
# Run time: about 2-3 minutes (`LAB_SCALE=0.1` for a quicker pass; sections 1b and 3 compile C++ once each).
# Run as a script, or open it as a notebook with jupytext. Figures go to `lab_bcm_triplet/` (or `LAB_OUT`).

# %%
import os

import numpy as np
from brian2 import Hz, prefs, second

from spikelearn import plotting
from spikelearn.bridge import Arm, pair_drift
from spikelearn.circuits.pairs import PairCondition
from spikelearn.models import bcm_selectivity, clopath_frequency, triplet_frequency
from spikelearn.rules import triplet

prefs.codegen.target = "numpy"  # small networks: no compiler needed for sections 1 and 2
SCALE = float(os.environ.get("LAB_SCALE", 1.0))
OUT = os.environ.get("LAB_OUT", "lab_bcm_triplet")

# %% [markdown]
# ## 1. Pair vs triplet STDP at increasing pairing frequency (Sjostrom 2001 protocol)
# 60 pairings, post 10 ms *before* pre (dt = -10 ms). The pair rule only sees pre-post pairs; the triplet
# rule adds potentiation that grows with the post trace o2 left by earlier post spikes.

# %%
frequencies = (0.1, 10, 20, 40, 50)
rules = {"pair": triplet_frequency.PAIR, "triplet": triplet_frequency.TRIPLET}
dw, _ = triplet_frequency.simulate(rules, [(f, -10) for f in frequencies], 60, seed=0, device="runtime")
ax = plotting.axes()
for label, change in dw.items():
    ax.plot(frequencies, change, "o-", label=label)
ax.errorbar(frequencies, *np.array(triplet_frequency.DATA[-10]).T, fmt="ks", capsize=3, label="Sjöström 2001")
ax.axhline(0, color="0.7", lw=0.8)
ax.set(xlabel="pairing frequency (Hz)", ylabel="relative weight change", title="dt = -10 ms")
ax.legend(fontsize=8)
print("saved", plotting.save_figure(ax, OUT, "pair_vs_triplet"))
print("pair   :", np.round(dw["pair"], 2))
print("triplet:", np.round(dw["triplet"], 2))
# Look for: the pair rule depresses at every frequency; the triplet rule turns LTD into LTP above ~35 Hz,
# as the data do: at 50 Hz the post spikes come 20 ms apart, so o2 is still high at each post spike.

# %% [markdown]
# ## 1b. The voltage rule on the same protocol (Clopath et al. 2010)
# Clopath's rule does not look at spike pairs at all: LTD at a presynaptic spike grows with the low-pass filtered
# postsynaptic potential u_minus, LTP needs a presynaptic trace, the potential u above theta+ (during a spike) and
# u_plus above theta- (the neuron was depolarised shortly before: a previous spike). The neuron is the paper's AdEx;
# its spikes are set at the paired times. C++ is compiled once (the 0.1 Hz condition alone is 600 s of 0.1 ms steps).

# %%
n_pairings = max(2, round(60 * SCALE))
voltage, _, _ = clopath_frequency.simulate([(f, -10) for f in frequencies], n_pairings, 0, "cpp_standalone")
ax = plotting.axes()
ax.plot(frequencies, dw["pair"], "o-", label="pair (60 pairings)")
ax.plot(frequencies, dw["triplet"], "o-", label="triplet (60 pairings)")
ax.plot(frequencies, voltage * 60 / n_pairings, "o-", label=f"voltage ({n_pairings} pairings, x {60 / n_pairings:g})")
ax.errorbar(frequencies, *np.array(triplet_frequency.DATA[-10]).T, fmt="ks", capsize=3, label="Sjöström 2001")
ax.axhline(0, color="0.7", lw=0.8)
ax.set(xlabel="pairing frequency (Hz)", ylabel="relative weight change", title="dt = -10 ms, three rules")
ax.legend(fontsize=8)
print("saved", plotting.save_figure(ax, OUT, "pair_triplet_voltage"))
print("voltage:", np.round(voltage * 60 / n_pairings, 2))
# Look for: the voltage rule also turns LTD into LTP with frequency, for a different reason than the triplet rule:
# at high frequency the previous spike's after-depolarisation keeps u_plus above theta- when the next spike comes.
# With fewer pairings (LAB_SCALE < 1) the change is scaled up linearly: only roughly right at high frequency, where
# successive pairings interact.

# %% [markdown]
# ## 2. The BCM curve from spikes
# Independent Poisson trains, pre at 10 Hz, post at several rates. For the minimal triplet rule the mean
# drift is rho_pre rho_post (A3+ tau+ tau_y rho_post - A2- tau-): negative below
# theta = A2- tau- / (A3+ tau+ tau_y), positive above. That is BCM's curve.

# %%
rule = triplet.TripletSTDP(A3_plus=6.5e-7, A2_minus=7.1e-7)  # the paper's set / 1e4: weights stay near w0
print("theta =", rule.bcm_threshold())
post_rates = (2, 10, 20, 30, 40)
conditions = tuple(PairCondition(10 * Hz, r * Hz) for r in post_rates)
arm = Arm(
    triplet.synapse_model(rule),
    conditions,
    lambda r_pre, r_post, cond, dt: triplet.expected_drift(rule, r_pre * Hz, r_post * Hz, dt=dt),
)
gaps, _ = pair_drift({"triplet": arm}, n_per_condition=50, duration=max(2.0, 40 * SCALE) * second, w0=0.5)
ax = plotting.axes()
fine = np.linspace(0, 45, 200)
ax.plot(fine, triplet.expected_drift(rule, 10 * Hz, fine * Hz), color="0.3", label="rate (BCM) form")
ax.errorbar(
    post_rates,
    [g.spiking for g in gaps["triplet"]],
    yerr=[3 * g.spiking_sem for g in gaps["triplet"]],
    fmt="o",
    color="C3",
    capsize=3,
    label="spiking synapses (± 3 s.e.m.)",
)
ax.axhline(0, color="0.7", lw=0.8)
ax.set(xlabel="postsynaptic rate (Hz)", ylabel="mean drift dw/dt (1/s)")
ax.legend(fontsize=8)
print("saved", plotting.save_figure(ax, OUT, "bcm_curve"))
# Look for: the points follow the parabola and cross zero near 19 Hz. With a short run (LAB_SCALE=0.1)
# the error bars are wide: the drift is a small mean of many noisy pair and triplet terms.

# %% [markdown]
# ## 3. BCM makes a neuron selective
# One neuron, 100 orientation-tuned Poisson inputs, 5 orientations shown in random order. BCM with
# tau_theta dtheta/dt = y^2 / y0 - theta: the threshold follows the neuron's own activity, so whichever
# pattern drives it most gets stronger and the others fall below theta and weaken.

# %%
result = bcm_selectivity.run(scale=SCALE, device="cpp_standalone", out=OUT)
print("saved", *result.figures)
for form, responses in result.metrics["responses_hz"].items():
    print(
        f"{form:8s} responses per pattern (Hz): {np.round(responses, 1)}, "
        f"selectivity {result.metrics['selectivity'][form]:.2f}"
    )
print(result.summary())
# Look for: in the figure, one response climbs while the others sink to the background; theta (grey) rises
# with it. Rate and spiking neurons may pick different patterns: the choice is a symmetry breaking.

# %% [markdown]
# ## 4. Your turn
# Exercise: in section 2, use the sliding-threshold rule
# `triplet.TripletSTDP(A3_plus=6.5e-7, A2_minus=7.1e-7, rho_0=10 * Hz)` and pass `nu_bar_p=(20 * Hz) ** 2`
# to `expected_drift` (a neuron whose long-term mean rate was 20 Hz). Predict the new zero crossing before
# plotting. (Solution: `examples/solutions/lab_bcm_triplet.md`; the full experiment is
# `spikelearn run triplet_bcm_bridge`.)
