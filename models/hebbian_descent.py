"""Hebbian descent (Melchior & Wiskott 2019) on 8x8 digits: Full, Partial 1, Partial 2, the Oja variant, and BP.

64-256-10 ReLU networks, Adam lr 1e-3, batches of 32, 20 epochs, 3 seeds
(:class:`spikelearn.rules.hebbian_descent.HebbianDescent`). The Imagination Technologies AI research blog post of
4 October 2021 (Fig. 5; MNIST, CIFAR-10): backprop beat Hebbian descent, the partial versions were close to Full on
MNIST, and the Oja variant fell behind.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback
from spikelearn.rules.hebbian_descent import HebbianDescent

DESCRIPTION = "Hebbian descent (Full, Partial 1/2, Oja input factor) vs BP on 8x8 digits (64-256-10)"
DEFAULT_DEVICE = "numpy"

SIZES = (64, 256, 10)
EPOCHS = 20
SEEDS = (0, 1, 2)
VARIANTS = {
    "BP": lambda: feedback.make("BP"),
    "HD Full": lambda: HebbianDescent("full"),
    "HD Partial 1": lambda: HebbianDescent("output"),
    "HD Partial 2": lambda: HebbianDescent("hidden"),
    "HD Full (Oja)": lambda: HebbianDescent("full", "oja"),
}


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    curves = {
        name: np.mean(
            [h.test_accuracy for _, h in train_seeds(make, SIZES, data, epochs, [seed + s for s in SEEDS], probe=1)],
            axis=0,
        )
        for name, make in VARIANTS.items()
    }
    acc = {name: float(c[-1]) for name, c in curves.items()}
    claims = [
        check("BP - HD Full (points)", 100 * (acc["BP"] - acc["HD Full"]), ">= 0", acc["BP"] >= acc["HD Full"]),
        check(
            "HD Full - best partial version (points)",
            100 * (acc["HD Full"] - max(acc["HD Partial 1"], acc["HD Partial 2"])),
            ">= -0.5",
            acc["HD Full"] >= max(acc["HD Partial 1"], acc["HD Partial 2"]) - 0.005,
        ),
        check(
            "HD Full (Oja) - HD Full (points)",
            100 * (acc["HD Full (Oja)"] - acc["HD Full"]),
            "< 0",
            acc["HD Full (Oja)"] < acc["HD Full"],
        ),
    ]
    result = Result(
        "hebbian_descent",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "sizes": SIZES,
            "epochs": epochs,
            "optimizer": "Adam(lr=0.001)",
            "batch": 32,
        },
        {"test_accuracy_mean": acc, "curves": curves},
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes()
        for name, c in curves.items():
            ax.plot(c, label=name)
        ax.set(
            xlabel="epoch", ylabel="test accuracy (mean of 3 seeds)", ylim=(0, 1), title="Hebbian descent, 64-256-10"
        )
        ax.legend(fontsize=8)
        result.figures = [plotting.save_figure(ax, out, "accuracy_vs_epoch")]
        result.save(out)
    return result
