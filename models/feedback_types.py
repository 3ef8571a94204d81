"""FA and DFA with four kinds of feedback matrix, one and two hidden layers, on 8x8 digits.

The experiment of section 2 of the Imagination Technologies AI research blog post of 4 October 2021, at this
machine's scale: feedback matrices that are ``random`` (fixed), ``random_sign`` (fixed magnitudes, the current sign
of the forward path), ``binary`` (fixed +-1) and ``binary_sign`` (the current sign, unit magnitude); networks
64-256-10 and 64-256-256-10 (ReLU, softmax, Adam lr 1e-3, batches of 32, 30 epochs), 3 seeds, backprop
of the same shape alongside. The post trained 2000-unit and 800-800 networks for 300 epochs on
other datasets and found no clear winner; this is a smaller, reproducible version of its table.
With one hidden layer DFA is FA (D_1 has the shape of W_2^T and is drawn from the same seed): their
rows are identical, a check of the implementation rather than a finding.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback

DESCRIPTION = "FA/DFA with random, random-sign, binary and binary-sign feedback, 1 and 2 hidden layers, on digits"
DEFAULT_DEVICE = "numpy"

ARCHITECTURES = {"1 hidden": (64, 256, 10), "2 hidden": (64, 256, 256, 10)}
SEEDS = (0, 1, 2)
EPOCHS = 30
MIN_ACCURACY = 0.90


def variants():
    """(label, rule factory) for BP and every FA/DFA feedback kind."""
    rules = [("BP", lambda: feedback.make("BP"))]
    for name in ("FA", "DFA"):
        rules += [
            (f"{name} {kind}", lambda name=name, kind=kind: feedback.make(name, kind=kind))
            for kind in feedback.FEEDBACK_KINDS
        ]
    return rules


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs; ``seed`` offsets the 3 seeds."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    table = {}
    for arch, sizes in ARCHITECTURES.items():
        for label, make in variants():
            acc = [
                h.test_accuracy[-1]
                for _, h in train_seeds(make, sizes, data, epochs, [seed + s for s in SEEDS], progress=progress)
            ]
            table[f"{label}, {arch}"] = {
                "mean": float(np.mean(acc)),
                "sd": float(np.std(acc, ddof=1)),
                "accuracies": acc,
            }
    worst = min((v["mean"], k) for k, v in table.items() if not k.startswith("BP"))
    claims = [
        check(
            f"worst FA/DFA variant mean test accuracy ({worst[1]})",
            worst[0],
            f">= {MIN_ACCURACY}",
            worst[0] >= MIN_ACCURACY,
        )
    ]
    result = Result(
        "feedback_types",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "epochs": epochs,
            "architectures": ARCHITECTURES,
            "optimizer": "Adam(lr=0.001)",
            "batch": 32,
        },
        {"test_accuracy": table},
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes(figsize=(7, 3.4))
        labels = [label for label, _ in variants()]
        for k, arch in enumerate(ARCHITECTURES):
            rows = [table[f"{label}, {arch}"] for label in labels]
            ax.errorbar(
                np.arange(len(labels)) + 0.15 * (k - 0.5),
                [r["mean"] for r in rows],
                yerr=[r["sd"] for r in rows],
                fmt="o",
                capsize=3,
                label=arch,
            )
        ax.set_xticks(np.arange(len(labels)), labels, rotation=30, ha="right")
        ax.set(ylabel="test accuracy (mean ± sd, 3 seeds)", title=f"8x8 digits, {epochs} epochs")
        ax.legend()
        result.figures = [plotting.save_figure(ax, out, "feedback_types")]
        result.save(out)
    return result
