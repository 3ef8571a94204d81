"""FA and DFA whose feedback matrices learn by Hebb's or Oja's rule, on 8x8 digits.

The experiment of section 3 of the Imagination Technologies AI research blog post of 4 October 2021.

64-256-256-10 ReLU networks, Adam lr 1e-3, batches of 32, 20 epochs, 3 seeds; feedback learning
rate 1e-3 (:class:`spikelearn.rules.hebbian.HebbianFA`, :class:`~spikelearn.rules.hebbian.HebbianDFA`),
next to FA and DFA with fixed random feedback and BP. Logged: test accuracy and the angle between
each rule's update to the last hidden layer and the BP gradient.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback
from spikelearn.rules.hebbian import HebbianDFA, HebbianFA

DESCRIPTION = "FA/DFA with feedback matrices learned by Hebb or Oja vs fixed feedback and BP, on 8x8 digits"
DEFAULT_DEVICE = "numpy"

SIZES = (64, 256, 256, 10)
EPOCHS = 20
SEEDS = (0, 1, 2)
VARIANTS = {
    "BP": lambda: feedback.make("BP"),
    "FA": lambda: feedback.make("FA"),
    "FA, Hebb feedback": lambda: HebbianFA("hebb"),
    "FA, Oja feedback": lambda: HebbianFA("oja"),
    "DFA": lambda: feedback.make("DFA"),
    "DFA, Hebb feedback": lambda: HebbianDFA("hebb"),
    "DFA, Oja feedback": lambda: HebbianDFA("oja"),
}
MIN_ACCURACY = 0.95


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.load("digits")
    histories = {
        name: [h for _, h in train_seeds(make, SIZES, data, epochs, [seed + s for s in SEEDS])]
        for name, make in VARIANTS.items()
    }
    acc = {n: float(np.mean([h.test_accuracy[-1] for h in hs])) for n, hs in histories.items()}
    angle = {n: float(np.mean([h.update_angle_deg[-1][-1] for h in hs])) for n, hs in histories.items()}
    worst = min((v, k) for k, v in acc.items())
    claims = [check(f"lowest test accuracy ({worst[1]})", worst[0], f">= {MIN_ACCURACY}", worst[0] >= MIN_ACCURACY)]
    result = Result(
        "hebbian_feedback_digits",
        {"scale": scale, "seed": seed, "device": device, "sizes": SIZES, "epochs": epochs, "feedback_eta": 1e-3},
        {"test_accuracy_mean": acc, "last_hidden_update_angle_deg": angle},
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes(figsize=(6, 3.4))
        names = list(VARIANTS)
        ax.bar(np.arange(len(names)), [acc[n] for n in names], color="0.6")
        ax.set_xticks(np.arange(len(names)), names, rotation=30, ha="right")
        ax.set(ylabel="test accuracy (mean of 3 seeds)", ylim=(0.9, 1.0), title=f"8x8 digits, {epochs} epochs")
        result.figures = [plotting.save_figure(ax, out, "accuracy")]
        result.save(out)
    return result
