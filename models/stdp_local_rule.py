"""The STDP-derived local rule of S. K. Gupta on binary iris pairs and digits 0-vs-k, with FGSM robustness.

Networks n-32-16-2 with sigmoid hidden units (2 softmax outputs; the paper used one sigmoid output)
trained by the rule of :mod:`spikelearn.rules.stdp_local` (fixed balanced associativities, no error
propagation) and by backprop, Adam lr 1e-3, batches of 40 (iris, 1000 epochs: the rule sits on long
plateaus) and 100 (digits, 200 epochs), 3 seeds; pairs iris 0v1, 0v2, 1v2 and digits 0v1 ... 0v5.
FGSM accuracy (white-box gradients through the trained network) at eps 4/255, 8/255, 12/255.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.analysis import fgsm_accuracy
from spikelearn.rate.harness import begin
from spikelearn.rate.train import train_seeds
from spikelearn.results import Result, check
from spikelearn.rules import feedback
from spikelearn.rules.stdp_local import STDPLocal

DESCRIPTION = "STDP-derived local rule (Shashi Kant Gupta) vs BP on iris pairs and digits 0-vs-k, with an FGSM table"
DEFAULT_DEVICE = "numpy"
DEVICES = ("numpy",)

PAIRS = [("iris", 0, 1), ("iris", 0, 2), ("iris", 1, 2)] + [("digits", 0, k) for k in range(1, 6)]
SETTINGS = {"iris": (40, 1000), "digits": (100, 200)}  # batch size, epochs
SEEDS = (0, 1, 2)
EPS = (4 / 255, 8 / 255, 12 / 255)
RULES = {"STDP rule": STDPLocal, "BP": lambda: feedback.make("BP")}


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, devices=DEVICES)
    table = {}
    for name, a, b in PAIRS:
        data = datasets.binary_pair(name, a, b)
        batch, epochs = SETTINGS[name]
        for label, make in RULES.items():
            runs = train_seeds(
                make,
                [data.n_features, 32, 16, 2],
                data,
                max(1, int(round(epochs * scale))),
                [seed + s for s in SEEDS],
                hidden="sigmoid",
                batch_size=batch,
                probe=1,
            )
            rows = [
                [history.test_accuracy[-1]] + [fgsm_accuracy(net, data.x_test, data.y_test, e) for e in EPS]
                for net, history in runs
            ]
            table[f"{data.name}, {label}"] = np.mean(rows, axis=0)
    gaps = [table[f"{n} {a} vs {b}, STDP rule"][0] - table[f"{n} {a} vs {b}, BP"][0] for n, a, b in PAIRS]
    drops = {
        label: np.array(
            [table[f"{n} {a} vs {b}, {label}"][0] - table[f"{n} {a} vs {b}, {label}"][2] for n, a, b in PAIRS]
        )
        for label in RULES
    }
    robust = float(np.mean(drops["STDP rule"] < drops["BP"]))
    claims = [
        check(
            "STDP rule - BP test accuracy, mean over pairs (points; S. K. Gupta's paper: 'comparable')",
            100 * np.mean(gaps),
            "> -5",
            np.mean(gaps) > -0.05,
        ),
        check(
            "pairs where the STDP rule loses less accuracy than BP under FGSM 8/255 "
            "(fraction; S. K. Gupta, Fig. 3: most)",
            robust,
            "> 0.5",
            robust > 0.5,
        ),
    ]
    result = Result(
        "stdp_local_rule",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "settings": SETTINGS,
            "fgsm_eps": EPS,
            "columns": ["clean", "fgsm 4/255", "fgsm 8/255", "fgsm 12/255"],
        },
        {"accuracy_table": table, "accuracy_gap_per_pair": gaps, "fgsm_8_drop": {k: v for k, v in drops.items()}},
        claims,
        frame.timing(),
    )
    if out is not None:
        ax = plotting.axes(figsize=(7, 3.4))
        labels = [f"{n} {a}v{b}" for n, a, b in PAIRS]
        for k, label in enumerate(RULES):
            values = np.array([table[f"{n} {a} vs {b}, {label}"] for n, a, b in PAIRS])
            ax.plot(np.arange(len(PAIRS)) + 0.1 * k, values[:, 0], "o", color=f"C{k}", label=f"{label}, clean")
            ax.plot(np.arange(len(PAIRS)) + 0.1 * k, values[:, 2], "x", color=f"C{k}", label=f"{label}, FGSM 8/255")
        ax.set_xticks(np.arange(len(PAIRS)), labels, rotation=30, ha="right")
        ax.set(ylabel="test accuracy (mean of 3 seeds)", ylim=(0, 1.05))
        ax.legend(fontsize=7)
        result.figures = [plotting.save_figure(ax, out, "accuracy_and_fgsm")]
        result.save(out)
    return result
