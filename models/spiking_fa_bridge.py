"""The spiking feedback-alignment update against the rate FA update computed from the measured rates.

The network of ``spiking_fa_digits`` (64-100-10, its initial weights for the seed) sees a batch of 200
training images with a learning rate small enough (eta = 2e-6) that the weights stay put; the weight change
of every synapse is compared with the rate form of the rule evaluated on the spike counts of the same run:

    dW_ij = -eta * sum over images of n_i * U_j,   U_j = tau_U * sum_k g_kj * r_k,

with n_i the presynaptic spikes in the learning window (after the first 20 ms), r_k the error neurons' rates
in that window and g_kj the feedback weights (+-c to the output units, +-B to the hidden units): the FA
update -eta' (B e) h^T of :mod:`spikelearn.rules.feedback` with the error e carried by error-neuron rates.
Neglected: the gate |I| < 3 (it rarely closes) and the correlation of U and presynaptic spikes within an image.

Claims: correlation > 0.8 and sign agreement > 85 % over the synapses of each layer (synapses whose
presynaptic input never fired in the window are left out: neither form changes them).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from brian2 import second

from spikelearn import datasets, plotting
from spikelearn.checks import check_run_args
from spikelearn.circuits.fa_network import FAConfig, run_fa_network
from spikelearn.devices import DEVICES
from spikelearn.models.spiking_fa_digits import PARAMS, SIZES, T, initial_weights
from spikelearn.results import Result, check
from spikelearn.rules import spiking_fa

DESCRIPTION = "spiking FA weight changes vs the rate FA update from the measured rates (64-100-10, digits batch)"
DEFAULT_DEVICE = "cpp_standalone"

N_IMAGES = 200
BRIDGE = replace(PARAMS, eta=2e-6)
MIN_CORR, MIN_SIGN = 0.8, 0.85


def window_counts(indices, times_s, n_units: int, n_images: int) -> np.ndarray:
    """Spikes per (image, unit) in each image's learning window (after t_settle)."""
    t_example, t_settle = float(T / second), float(BRIDGE.t_settle / second)
    image = (times_s / t_example + 1e-9).astype(int)
    inside = (times_s - image * t_example > t_settle) & (image < n_images)
    counts = np.zeros((n_images, n_units))
    np.add.at(counts, (image[inside], indices[inside]), 1)
    return counts


def compare_updates(x, y, W_in, W_out, B, seed: int, device: str, progress: bool = False):
    """Run the batch with the feedback ``B``; returns the spiking weight changes, the rate FA updates from the
    measured counts (BP's, where B = W_out^T) per layer, the synapses whose presynaptic unit fired, the timing."""
    n_images, n_hid = len(x), W_in.shape[0]
    fa = run_fa_network(
        x,
        y,
        np.ones(n_images),
        [W_in, W_out],
        [B],
        FAConfig(BRIDGE, T=T, record_spikes=True),
        seed=seed,
        device=device,
        progress=progress,
    )
    counts = {
        name: window_counts(*fa.spikes[name], n, n_images)
        for name, n in (("inp", W_in.shape[1]), ("hid1", n_hid), ("err", 20))
    }
    window_s = float((T - BRIDGE.t_settle) / second)
    signed = (counts["err"][:, :10] - counts["err"][:, 10:]) / window_s  # err+ - err- rates, Hz
    tau_U = float(BRIDGE.tau_U / second)
    U_out = tau_U * BRIDGE.c * signed  # (images, 10)
    U_hid = tau_U * signed @ B.T  # (images, n_hid)
    spiking = {"input -> hidden": fa.weights[0] - W_in, "hidden -> output": fa.weights[1] - W_out}
    rate = {
        "input -> hidden": spiking_fa.rate_update(BRIDGE, counts["inp"], U_hid),
        "hidden -> output": spiking_fa.rate_update(BRIDGE, counts["hid1"], U_out),
    }
    active = {"input -> hidden": counts["inp"].sum(axis=0) > 0, "hidden -> output": counts["hid1"].sum(axis=0) > 0}
    return spiking, rate, active, fa.timing


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the batch (200 images at scale 1)."""
    check_run_args(scale, seed, device, DEVICES)
    n_images = max(20, int(round(N_IMAGES * scale)))
    data = datasets.load("digits")
    rng = np.random.default_rng(seed)
    (W_in, W_out), (B,) = initial_weights(SIZES, rng)
    x, y = data.x_train[:n_images], data.y_train[:n_images]
    spiking, rate, active, timing = compare_updates(x, y, W_in, W_out, B, seed, device, progress)
    stats = {}
    for layer in spiking:
        s, r = spiking[layer][:, active[layer]].ravel(), rate[layer][:, active[layer]].ravel()
        stats[layer] = {
            "correlation": float(np.corrcoef(s, r)[0, 1]),
            "sign_agreement": float(np.mean(np.sign(s) == np.sign(r))),
            "slope": float(np.polyfit(r, s, 1)[0]),
            "n_synapses": int(s.size),
        }
    claims = []
    for layer, st in stats.items():
        claims.append(
            check(
                f"{layer}: correlation of spiking and rate FA updates",
                st["correlation"],
                f"> {MIN_CORR}",
                st["correlation"] > MIN_CORR,
            )
        )
        claims.append(
            check(f"{layer}: sign agreement", st["sign_agreement"], f"> {MIN_SIGN}", st["sign_agreement"] > MIN_SIGN)
        )
    result = Result(
        "spiking_fa_bridge",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "n_images": n_images,
            "eta": BRIDGE.eta,
            "presentation": T,
            "t_settle": BRIDGE.t_settle,
        },
        {"layers": stats},
        claims,
        timing,
    )
    if out is not None:
        _, axes = plotting.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        for ax, layer in zip(axes, spiking):
            ax.plot(rate[layer][:, active[layer]].ravel(), spiking[layer][:, active[layer]].ravel(), ".", ms=2)
            lim = np.abs(rate[layer]).max()
            ax.plot([-lim, lim], [-lim, lim], color="0.5", lw=0.8)
            ax.set(
                xlabel="rate FA update from measured rates",
                ylabel="spiking weight change",
                title=f"{layer}: r = {stats[layer]['correlation']:.2f}",
            )
        result.figures = [plotting.save_figure(axes[0], out, "spiking_fa_bridge")]
        result.save(out)
    return result
