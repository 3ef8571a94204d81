"""A spiking LIF network learns 8x8 digits by feedback alignment through error neurons (Lillicrap et al. 2016;
event-driven random backpropagation, Neftci et al. 2017).

64 Poisson inputs (200 Hz x pixel) -> 100 LIF hidden -> 10 LIF outputs, error neurons and fixed random
feedback B (:mod:`spikelearn.circuits.fa_network`, :mod:`spikelearn.rules.spiking_fa`); 100 ms per image,
learning after the first 20 ms; the same train/test split as the rate models. Each epoch presents the 1257
training images in a new order (learning on) and then the 540 test images (learning off,
each shown 3 x 100 ms), all epochs in one ``run()``. The prediction is the output with the most spikes. With one hidden layer FA and DFA coincide.

Claims: test accuracy (mean of the last 3 epochs) >= 93 %; the angle between the output weights and B^T
falls below 60 degrees. Reported alongside: rate FA and BP of the same shape (ReLU, softmax, Adam; their own
initialisation, not the spiking network's).
"""

from __future__ import annotations

import numpy as np
from brian2 import ms

from spikelearn import datasets, plotting
from spikelearn.analysis import angle_deg
from spikelearn.checks import check_run_args
from spikelearn.circuits.fa_network import run_fa_network
from spikelearn.devices import DEVICES
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback
from spikelearn.rules.spiking_fa import SpikingFA

DESCRIPTION = "spiking LIF network (64-100-10) learns digits by feedback alignment with error neurons"
DEFAULT_DEVICE = "cpp_standalone"

N_HIDDEN = 100
EPOCHS = 20
TEST_REPEATS = 3         # each test image is read out over 3 presentations
T = 100 * ms
PARAMS = SpikingFA()
MIN_ACCURACY, MAX_ANGLE = 0.93, 60.0


def initial_weights(n_in: int, n_hid: int, n_out: int, rng):
    """W ~ U(+-3 sqrt(6 / (n_pre + n_post))) (clipped to w_max); B ~ 0.2 U(-1, 1), zero mean over classes."""
    def uniform(n_pre, n_post):
        bound = 3 * np.sqrt(6 / (n_pre + n_post))
        return np.clip(rng.uniform(-bound, bound, (n_pre, n_post)), -PARAMS.w_max, PARAMS.w_max)

    B = 0.2 * rng.uniform(-1, 1, (n_out, n_hid))
    return uniform(n_in, n_hid), uniform(n_hid, n_out), B - B.mean(axis=0)


def schedule(data, epochs: int, rng):
    """(images, labels, learning flags, epoch index, is_test) of every presentation, epoch after epoch;
    test images repeated ``TEST_REPEATS`` times in a row."""
    parts = []
    x_test, y_test = (np.repeat(a, TEST_REPEATS, axis=0) for a in (data.x_test, data.y_test))
    for epoch in range(epochs):
        order = rng.permutation(len(data.x_train))
        parts.append((data.x_train[order], data.y_train[order], np.ones(len(order)), epoch, False))
        parts.append((x_test, y_test, np.zeros(len(x_test)), epoch, True))
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    learn = np.concatenate([p[2] for p in parts])
    epoch = np.concatenate([np.full(len(p[0]), p[3]) for p in parts])
    test = np.concatenate([np.full(len(p[0]), p[4]) for p in parts])
    return x, y, learn, epoch, test


def accuracy_per_epoch(counts, y, epoch, mask, epochs: int, rng, repeats: int = 1) -> np.ndarray:
    """Fraction of examples whose most active output (counts summed over ``repeats`` consecutive presentations,
    ties broken at random) is the label."""
    result = []
    for e in range(epochs):
        c, labels = counts[mask & (epoch == e)], y[mask & (epoch == e)]
        c = c.reshape(-1, repeats, c.shape[1]).sum(axis=1)
        jitter = rng.uniform(0, 1e-3, c.shape)
        result.append(np.mean((c + jitter).argmax(axis=1) == labels[::repeats]))
    return np.array(result)


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs (20 at scale 1)."""
    check_run_args(scale, seed, device, DEVICES)
    epochs = max(1, int(round(EPOCHS * scale)))
    data = datasets.load("digits")
    rng = np.random.default_rng(seed)
    W_in, W_out, B = initial_weights(64, N_HIDDEN, 10, rng)
    x, y, learn, epoch, test = schedule(data, epochs, rng)
    fa = run_fa_network(x, y, learn, W_in, W_out, B, PARAMS, T=T,
                        snapshot_every=len(data.x_train) + TEST_REPEATS * len(data.x_test),
                        seed=seed, device=device, progress=progress)
    acc_test = accuracy_per_epoch(fa.counts, y, epoch, test, epochs, rng, TEST_REPEATS)
    acc_train = accuracy_per_epoch(fa.counts, y, epoch, ~test, epochs, rng)
    angles = [angle_deg(W, B.T) for W in fa.w_out]  # snapshots at the start of every epoch, then the end
    final = float(acc_test[-3:].mean())
    rate = {name: train_seeds(lambda: feedback.make(name), (64, N_HIDDEN, 10), data, epochs, [seed])[0][1].test_accuracy
            for name in ("BP", "FA")}
    claims = [
        check("spiking FA test accuracy, mean of the last 3 epochs", final, f">= {MIN_ACCURACY}",
              final >= MIN_ACCURACY),
        check("smallest angle between W_out and B^T during training (deg)", min(angles), f"< {MAX_ANGLE}",
              min(angles) < MAX_ANGLE),
    ]
    result = Result("spiking_fa_digits",
                    {"scale": scale, "seed": seed, "device": device, "sizes": (64, N_HIDDEN, 10), "epochs": epochs,
                     "presentation": T, "params": PARAMS.namespace, "c": PARAMS.c},
                    {"test_accuracy": acc_test.tolist(), "train_accuracy_online": acc_train.tolist(),
                     "angle_w_out_bt_deg": angles, "rate_test_accuracy": {k: v[1:] for k, v in rate.items()}},
                    claims, fa.timing)
    if out is not None:
        _, (ax_a, ax_g) = plotting.plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        epochs_axis = np.arange(1, epochs + 1)
        ax_a.plot(epochs_axis, acc_test, "o-", label="spiking FA (test)")
        ax_a.plot(epochs_axis, acc_train, ".--", label="spiking FA (train, while learning)")
        for name, curve in rate.items():
            ax_a.plot(epochs_axis, curve[1:], label=f"rate {name} (test)")
        ax_a.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1), title=f"digits, 64-{N_HIDDEN}-10")
        ax_a.legend(fontsize=7)
        ax_g.plot(np.arange(len(angles)), angles, "o-")
        ax_g.axhline(90, color="0.7", lw=0.8)
        ax_g.set(xlabel="epoch", ylabel="angle(W_out, B^T) (deg)", title="alignment of forward and feedback weights")
        result.figures = [plotting.save_figure(ax_a, out, "spiking_fa_digits")]
        result.save(out)
    return result
