"""HebbNet (Gupta et al. 2021) on 8x8 digits: a wide Hebbian hidden layer under a gradient-trained readout.

64-2000-10 ReLU networks whose hidden layer learns by Hebb's rule, Hebb + update thresholding (T),
Hebb + T + gradient sparsity (GS, p = 0.3), or Oja's rule, the readout by gradient descent; backprop
of the same shape as baseline (:class:`spikelearn.rules.hebbian.HebbNet`). Adam lr 1e-3 (it also keeps
the unbounded Hebbian growth finite: the Imagination Technologies AI research blog post of 4 October 2021, Fig. 3,
lowered the learning rate for the same reason), batches of 32, 20 epochs, 3 seeds.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback
from spikelearn.rules.hebbian import HebbNet

DESCRIPTION = "HebbNet on 8x8 digits: Hebb, +thresholding, +gradient sparsity, Oja hidden layers vs BP (64-2000-10)"
DEFAULT_DEVICE = "numpy"

SIZES = (64, 2000, 10)
EPOCHS = 20
SEEDS = (0, 1, 2)
VARIANTS = {
    "BP": lambda: feedback.make("BP"),
    "Hebb": lambda: HebbNet("hebb"),
    "Hebb + T": lambda: HebbNet("hebb", threshold=True),
    "Hebb + T + GS (p=0.3)": lambda: HebbNet("hebb", threshold=True, sparsity=0.3),
    "Oja": lambda: HebbNet("oja"),
}


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    curves = {
        name: [
            h.test_accuracy
            for _, h in train_seeds(make, SIZES, data, epochs, [seed + s for s in SEEDS], probe=1, progress=progress)
        ]
        for name, make in VARIANTS.items()
    }
    acc = {name: float(np.mean([c[-1] for c in cs])) for name, cs in curves.items()}
    hebbian = {k: v for k, v in acc.items() if k != "BP"}
    claims = [
        check("BP test accuracy", acc["BP"], ">= 0.97", acc["BP"] >= 0.97),
        check(
            "best HebbNet variant - BP (points)",
            100 * (max(hebbian.values()) - acc["BP"]),
            "< 0 (BP wins)",
            max(hebbian.values()) < acc["BP"],
        ),
        check(
            "Hebb + T + GS - plain Hebb (points)",
            100 * (acc["Hebb + T + GS (p=0.3)"] - acc["Hebb"]),
            "> 0",
            acc["Hebb + T + GS (p=0.3)"] > acc["Hebb"],
        ),
        check(
            "Oja - Hebb hidden layer (points; Imagination Technologies blog 2021: Oja generally better)",
            100 * (acc["Oja"] - acc["Hebb"]),
            "> 0",
            acc["Oja"] > acc["Hebb"],
        ),
    ]
    result = Result(
        "hebbnet_digits",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "sizes": SIZES,
            "epochs": epochs,
            "optimizer": "Adam(lr=0.001)",
            "batch": 32,
        },
        {
            "test_accuracy_mean": acc,
            "test_accuracy_per_seed": {k: [c[-1] for c in v] for k, v in curves.items()},
            "curves": curves,
        },
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes()
        for name, cs in curves.items():
            ax.plot(np.mean(cs, axis=0), label=name)
        ax.set(xlabel="epoch", ylabel="test accuracy (mean of 3 seeds)", ylim=(0, 1), title="HebbNet, 64-2000-10")
        ax.legend(fontsize=8)
        result.figures = [plotting.save_figure(ax, out, "accuracy_vs_epoch")]
        result.save(out)
    return result
