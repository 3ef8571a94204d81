"""Shared protocol of ``eqprop_xor`` and ``tp_xor``: XOR over seeds, then iris, with claims and a figure."""

from __future__ import annotations

import numpy as np

from spikelearn import plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.results import Result, check

SEEDS = 5
IRIS_TARGET = 0.90


def xor_and_iris(model: str, train, params: dict, scale: float, seed: int, device: str, out) -> Result:
    """``train(dataset_name, seed, scale) -> per-epoch dict with 'train_accuracy' and 'test_accuracy'``."""
    frame = begin(scale, seed, device, devices=DEVICES)
    xor = [train("xor", seed + s, scale) for s in range(SEEDS)]
    iris = [train("iris", seed + s, scale) for s in range(SEEDS)]
    xor_final = np.array([h["train_accuracy"][-1] for h in xor])
    iris_final = np.array([h["test_accuracy"][-1] for h in iris])
    metrics = {
        "xor_accuracy": xor_final,
        "iris_test_accuracy": iris_final,
        "iris_test_accuracy_mean": iris_final.mean(),
        "iris_test_accuracy_sd": iris_final.std(ddof=1),
        "xor_history": [h["train_accuracy"] for h in xor],
        "iris_history": [h["test_accuracy"] for h in iris],
    }
    claims = [
        check(
            f"XOR solved (4/4 correct) in all {SEEDS} seeds: fraction of seeds",
            np.mean(xor_final == 1),
            "== 1",
            np.all(xor_final == 1),
        ),
        check(
            f"iris test accuracy, mean of {SEEDS} seeds",
            iris_final.mean(),
            f">= {IRIS_TARGET}",
            iris_final.mean() >= IRIS_TARGET,
        ),
    ]
    result = Result(
        model,
        {"scale": scale, "seed": seed, "device": device, **params, "seeds": SEEDS},
        metrics,
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes()
        for label, runs, key in (("XOR (train)", xor, "train_accuracy"), ("iris (test)", iris, "test_accuracy")):
            ax.plot(np.mean([h[key] for h in runs], axis=0), label=label)
        ax.set(xlabel="epoch", ylabel=f"accuracy (mean of {SEEDS} seeds)", ylim=(0, 1.02), title=model)
        ax.legend()
        result.figures = [plotting.save_figure(ax, out, "accuracy_vs_epoch")]
        result.save(out)
    return result
