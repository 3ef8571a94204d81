"""Spiking feedback alignment at 784 inputs: the network of ``spiking_fa_digits`` on Fashion-MNIST (Xiao et al. 2017).

784 Poisson inputs (200 Hz x pixel) -> 100 LIF hidden -> 10 LIF outputs with error neurons and fixed random
feedback B (Lillicrap et al. 2016; event-driven random backpropagation, Neftci et al. 2017), 100 ms per image, and
a second network 784-100-100-10 trained with FA (each hidden layer reads the error of the layer above through its
own random B). The parameters, the initialisation and the schedule are those of ``spiking_fa_digits``; only the
input layer is larger. Each test image is shown once.

Next to them, on the same split: rate FA and BP of the same shape (ReLU, softmax, Adam, minibatches of 32)
started from the spiking network's initial weights, and rate FA from its own (Glorot) initialisation.

``scale``: the training images of an epoch as a fraction of the 60,000 (scale < 1, a fixed random subset), or the
number of epochs (scale >= 1, rounded). Claims: spiking FA (784-100-10) within 3 points of rate FA of the same
shape after the same epochs (the better of the two rate FA initialisations); the angle between the output weights
and B^T falls below 60 degrees. Measured numbers: docs/spiking_fa_fashion.md.
"""

from __future__ import annotations

import numpy as np

from spikelearn import datasets, plotting
from spikelearn.checks import InputError, check_choice, check_run_args
from spikelearn.devices import DEVICES
from spikelearn.rate.mlp import MLP
from spikelearn.rate.train import train
from spikelearn.results import Result, check
from spikelearn.rules import feedback as feedback_rules

from . import spiking_fa_digits as digits

DESCRIPTION = "spiking LIF network (784-100-10) learns Fashion-MNIST by feedback alignment with error neurons"
DEFAULT_DEVICE = "cpp_standalone"
N_HIDDEN = digits.N_HIDDEN
SIZES = (784, N_HIDDEN, 10)
DEEP_SIZES = (784, N_HIDDEN, N_HIDDEN, 10)
MAX_GAP, MAX_ANGLE = 3.0, digits.MAX_ANGLE
SUBSET_SEED = 0


def check_options(dataset: str = "fashion_mnist", data=None, deep: bool = True):
    check_choice("dataset", dataset, datasets.IMAGES_28)
    if not isinstance(deep, bool):
        raise InputError(f"deep must be true or false, got {deep!r}")


def split(scale: float, dataset: str, data):
    """(dataset with the training subset of ``scale`` < 1, epochs)."""
    full = datasets.load(dataset, data)
    if scale >= 1:
        return full, int(round(scale))
    keep = np.random.default_rng(SUBSET_SEED).permutation(len(full.x_train))[: max(10, int(round(scale * 60_000)))]
    return datasets.Dataset(
        full.name, full.x_train[keep], full.y_train[keep], full.x_test, full.y_test, full.n_classes
    ), 1


def run(
    scale: float = 1.0,
    seed: int = 0,
    device: str = DEFAULT_DEVICE,
    out=None,
    progress: bool = False,
    dataset: str = "fashion_mnist",
    data=None,
    deep: bool = True,
) -> Result:
    check_run_args(scale, seed, device, DEVICES)
    check_options(dataset, data, deep)
    data_set, epochs = split(scale, dataset, data)
    data_set = datasets.Dataset(
        data_set.name,
        *(
            np.asarray(a, dtype=float) if a.dtype.kind == "f" else a
            for a in (data_set.x_train, data_set.y_train, data_set.x_test, data_set.y_test)
        ),
        data_set.n_classes,
    )
    shallow = digits.train_spiking(SIZES, "fa", data_set, epochs, seed, device, progress, test_repeats=1)
    deep_runs = (
        {"fa": digits.train_spiking(DEEP_SIZES, "fa", data_set, epochs, seed, device, progress, test_repeats=1)}
        if deep
        else {}
    )
    rate = {
        f"{name}, same initial weights": digits.train_rate(
            name, shallow["weights"], shallow["feedback"], data_set, epochs, seed
        )[1:]
        for name in ("BP", "FA")
    }
    own = MLP(list(SIZES), seed=seed)
    rate["FA, own initialisation"] = train(
        own, feedback_rules.FeedbackAlignment(), data_set, epochs, seed=seed
    ).test_accuracy[1:]
    spiking = float(shallow["test_accuracy"][-1])
    rate_fa = max(float(rate[name][-1]) for name in ("FA, same initial weights", "FA, own initialisation"))
    gap = 100 * (rate_fa - spiking)
    angles = shallow["angles_deg"][:, 0]
    claims = [
        check(
            f"{digits._shape(SIZES)}: rate FA - spiking FA test accuracy after {epochs} epoch(s) (points)",
            gap,
            f"<= {MAX_GAP}",
            gap <= MAX_GAP,
        ),
        check(
            "smallest angle between W_out and B^T during training (deg)",
            float(angles.min()),
            f"< {MAX_ANGLE}",
            angles.min() < MAX_ANGLE,
        ),
    ]
    runs = (shallow, *deep_runs.values())
    timing = {k: round(sum(r["timing"][k] for r in runs), 3) for k in shallow["timing"]}
    n_train = len(data_set.x_train) * epochs
    presentations = n_train + len(data_set.x_test) * epochs
    result = Result(
        "spiking_fa_fashion",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "dataset": dataset,
            "sizes": SIZES,
            "deep_sizes": DEEP_SIZES if deep else None,
            "training_images_per_epoch": len(data_set.x_train),
            "epochs": epochs,
            "presentation": digits.T,
            "params": digits.PARAMS.namespace,
        },
        {
            "test_accuracy": shallow["test_accuracy"].tolist(),
            "train_accuracy_online": shallow["train_accuracy"].tolist(),
            "angle_w_out_bt_deg": angles.tolist(),
            "rate_test_accuracy": rate,
            "deep": {
                mode: {"test_accuracy": r["test_accuracy"].tolist(), "angles_deg": r["angles_deg"].tolist()}
                for mode, r in deep_runs.items()
            },
            "shallow_presentations_per_second": presentations / shallow["timing"]["sim_s"],
            "shallow_simulated_s": shallow["timing"]["sim_s"],
        },
        claims,
        timing,
    )
    if out is not None:
        ax = digits.figure(shallow, deep_runs, rate, angles, epochs, dataset, SIZES, DEEP_SIZES)
        result.figures = [plotting.save_figure(ax, out, "spiking_fa_fashion")]
        result.save(out)
    return result
