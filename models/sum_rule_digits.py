"""The sum rule on 8x8 digits: backprop plus beta times a Hebbian term, beta swept.

64-256-10 ReLU networks; every layer descends its backprop gradient minus beta times its Hebb (or
Oja) update (:class:`spikelearn.rules.hebbian.SumRule`); Adam lr 1e-3, batches of 32, 20 epochs, 3
seeds, beta in {0 (= BP), 1e-4, 1e-3, 1e-2, 1e-1, 1}. The Imagination Technologies AI research blog post of
4 October 2021 (Fig. 4): the smaller the Hebbian share, the higher the accuracy, matching BP at small beta.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules.hebbian import SumRule

DESCRIPTION = "BP + beta x Hebbian term ('sum rule', Imagination Technologies 2021) on 8x8 digits, beta from 0 to 1"
DEFAULT_DEVICE = "numpy"

SIZES = (64, 256, 10)
BETAS = (0.0, 1e-4, 1e-3, 1e-2, 1e-1, 1.0)
RULES = ("hebb", "oja")
EPOCHS = 20
SEEDS = (0, 1, 2)


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    acc = {
        rule: [
            float(
                np.mean(
                    [
                        h.test_accuracy[-1]
                        for _, h in train_seeds(
                            partial(SumRule, beta, rule), SIZES, data, epochs, [seed + s for s in SEEDS], probe=1
                        )
                    ]
                )
            )
            for beta in BETAS
        ]
        for rule in RULES
    }
    hebb = acc["hebb"]
    claims = [
        check("Hebb sum rule at beta 1e-4 - BP (points)", 100 * (hebb[1] - hebb[0]), "> -1", hebb[1] - hebb[0] > -0.01),
        check("Hebb sum rule at beta 1 - at beta 1e-4 (points)", 100 * (hebb[-1] - hebb[1]), "< 0", hebb[-1] < hebb[1]),
    ]
    result = Result(
        "sum_rule_digits",
        {"scale": scale, "seed": seed, "device": device, "sizes": SIZES, "epochs": epochs, "betas": BETAS},
        {"test_accuracy_mean": acc},
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes()
        for rule in RULES:
            ax.plot(np.array(BETAS[1:]), acc[rule][1:], "o-", label=f"BP + beta x {rule.capitalize()}")
        ax.axhline(acc["hebb"][0], color="0.5", ls="--", label="BP (beta = 0)")
        ax.set(xscale="log", xlabel="beta", ylabel="test accuracy (mean of 3 seeds)", ylim=(0, 1))
        ax.legend(fontsize=8)
        result.figures = [plotting.save_figure(ax, out, "accuracy_vs_beta")]
        result.save(out)
    return result
