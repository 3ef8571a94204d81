# %% [markdown]
# # Lab: feedback alignment, in rates and in spikes
#
# Papers: Lillicrap, Cownden, Tweed & Akerman (2016); Neftci et al. (2017).
# Goal: see that a network can learn when its errors travel back through *fixed random* weights B instead
# of the transpose of its forward weights; watch the forward weights come to align with B; then do the same
# with spiking neurons, error neurons and dendritic error compartments.
# Run time: about 1-2 minutes (`LAB_SCALE=0.1` for a quicker pass; section 3 compiles C++ once).
# Run as a script, or open it as a notebook with jupytext. Figures go to `lab_feedback_alignment/` (or `LAB_OUT`).

# %%
import os
from functools import partial

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.models import spiking_fa_digits
from spikelearn.rate.train import train_seeds
from spikelearn.rules import feedback

SCALE = float(os.environ.get("LAB_SCALE", 1.0))
OUT = os.environ.get("LAB_OUT", "lab_feedback_alignment")
data = datasets.load("digits")
epochs = max(2, int(20 * SCALE))

# %% [markdown]
# ## 1. Rate networks: backprop vs feedback alignment
# 64-100-10 ReLU networks, the same seed. FA sends the output error back through a fixed random matrix B.

# %%
runs = {
    name: train_seeds(partial(feedback.make, name), (64, 100, 10), data, epochs, [0])[0][1] for name in ("BP", "FA")
}
ax = plotting.axes()
for name, history in runs.items():
    ax.plot(history.test_accuracy, label=name)
ax.set(xlabel="epoch", ylabel="test accuracy", ylim=(0, 1))
ax.legend()
print("saved", plotting.save_figure(ax, OUT, "rate_bp_vs_fa"))
print({name: round(h.test_accuracy[-1], 3) for name, h in runs.items()})
# Look for: FA starts slower but ends within a point or two of BP.

# %% [markdown]
# ## 2. Why it works: alignment
# FA's hidden-layer update is (B e) * f'(a) where BP's is (W^T e) * f'(a). Learning makes W^T drift towards B:
# the angle between the two updates falls well below 90 degrees.

# %%
angles = np.array(runs["FA"].update_angle_deg)[:, 0]
print("angle between FA's and BP's hidden update, per epoch (deg):", np.round(angles[:: max(1, epochs // 5)], 1))
# Look for: ~90 degrees at the start (B is unrelated to W), then a steady fall.

# %% [markdown]
# ## 3. The same in spikes
# 64 Poisson inputs, 100 LIF hidden and 10 LIF output neurons. For every class an error neuron pair counts
# output minus label spikes; its spikes reach the dendritic compartment U of the output neuron (+-c) and of every
# hidden neuron (+-B). At every presynaptic spike, w -= eta U_post: the FA update, event by event.

# %%
spiking = spiking_fa_digits.train_spiking(
    spiking_fa_digits.SIZES, "fa", data, max(2, int(round(20 * SCALE))), 0, "cpp_standalone"
)
ax = plotting.axes()
ax.plot(np.arange(len(spiking["angles_deg"])), spiking["angles_deg"][:, 0], "o-")
ax.set(xlabel="epoch", ylabel="angle(W_out, B^T) (deg)")
print("saved", plotting.save_figure(ax, OUT, "spiking_alignment"))
print("spiking FA test accuracy per epoch:", np.round(spiking["test_accuracy"], 3))
print("angle(W_out, B^T) per epoch (deg):", np.round(spiking["angles_deg"][:, 0], 1))
# Look for: accuracy above 90 % after two epochs, and the output weights turning towards B^T, which is
# what lets the random feedback carry useful error.

# %% [markdown]
# ## 4. Your turn
# Exercise: in section 1, train `feedback.make("FA", kind="binary_sign")` (feedback that only knows the signs of
# the forward weights). Predict: faster or slower alignment than random B? Then run
# `spikelearn run spiking_fa_bridge` and explain its slope below 1. Last, train
# `spiking_fa_digits.train_spiking(spiking_fa_digits.DEEP_SIZES, mode, ...)` with mode "fa" and "dfa": which
# hidden layer aligns with its feedback, and how fast? (Solution: `examples/solutions/lab_feedback_alignment.md`.)
