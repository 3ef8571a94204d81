"""Unsupervised learning of digits with STDP (Diehl & Cook 2015, *Front. Comput. Neurosci.* 9:99).

Circuit (:mod:`spikelearn.circuits.diehl_cook`): 784 Poisson inputs (63.75 Hz at full intensity) -> N_e
conductance-based LIF excitatory neurons with adaptive thresholds -> as many inhibitory neurons (one-to-one), each
inhibiting every other excitatory neuron. The input weights learn by Diehl & Cook's STDP rule (the nearest-spike
triplet form, :data:`spikelearn.rules.triplet.DIEHL_COOK_2015`) and are normalised to sum to 78 per neuron; 350 ms
per image and 150 ms rest, the image repeated with 32 Hz more input while the excitatory layer fires fewer than 5
spikes. All of it runs inside the simulation: one standalone run per chunk of 10,000 presentation cycles.

After training, learning and thresholds are frozen; each neuron is labelled with the class of its highest mean
response to the labelling images (up to 10,000 training images shown again, as in the published code's evaluation;
the paper used the whole training set); an image is classified as the label whose neurons respond most on average
(their Methods, "Training and classification"). Accuracy against training examples seen: each block of training
images classified with labels assigned from the responses to the block before.

Bridge: on a batch of images with learning on and normalisation off, each input synapse's weight change against
the rate form of the rule (:func:`spikelearn.rules.triplet.expected_drift`, nearest-spike) at the rates of its input
pixel and its neuron's measured rate, image by image. The rate form treats input and output as independent; in the
network each output spike is caused by its inputs, so the correlation the rate form leaves out is measured here.

Claims: Diehl & Cook's Table 1 on MNIST (82.9 % with 100 neurons after one epoch, 87.0 % with 400 after three),
where the user has MNIST, within 3 points; Fashion-MNIST with 400 neurons after one epoch of 60,000: >= 70 %; the
default run (8x8 digits enlarged to 28x28, 100 neurons, one epoch of 1257): >= 70 %. Bridge: the rate form predicts
which synapses grow (Pearson r >= 0.5 between predicted and measured changes across synapses); the ratio of
measured to predicted mean change is reported. Measured numbers: docs/diehl_cook_2015.md.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, second

from spikelearn import datasets, plotting
from spikelearn.checks import InputError, check_choice, check_count
from spikelearn.circuits import diehl_cook as dc
from spikelearn.results import Result, check
from spikelearn.rules import triplet

DESCRIPTION = "Diehl & Cook (2015): unsupervised STDP with lateral inhibition learns 28x28 images (784 inputs)"
DEFAULT_DEVICE = "cpp_standalone"
DEVICES = ("cpp_standalone", "runtime")
DATASETS = ("digits_28x28", "fashion_mnist", "mnist")
N_LABELLING = 10_000
N_BLOCKS = 20  # accuracy against training examples seen: the training set in 20 blocks
N_BRIDGE = 100  # images of the bridge batch
CHUNK = 10_000  # images per standalone run
# Diehl & Cook (2015), Table 1: MNIST test accuracy and training epochs per number of excitatory neurons
TABLE_1 = {100: (0.829, 1), 400: (0.870, 3), 1600: (0.919, 7), 6400: (0.950, 15)}
PAPER_TOLERANCE = 0.03
TARGETS = {"fashion_mnist": (400, 1.0, 0.70), "digits_28x28": (100, 1.0, 0.70)}  # (neurons, epochs, accuracy)
MIN_BRIDGE_R = 0.5


def check_options(dataset: str = "digits_28x28", neurons: int = 100, data=None):
    check_choice("dataset", dataset, DATASETS)
    check_count("neurons", neurons, minimum=2)
    if neurons > 6400:
        raise InputError(f"neurons must be at most 6400 (the paper's largest network), got {neurons}")
    if data is not None and dataset == "digits_28x28":
        raise InputError("data=DIR is for fashion_mnist or mnist; digits_28x28 comes with scikit-learn")


def training_order(n_train: int, n_images: int, rng) -> np.ndarray:
    """Indices of ``n_images`` training images: epoch after epoch, each a new permutation of the ``n_train``."""
    epochs = -(-n_images // n_train)
    return np.concatenate([rng.permutation(n_train) for _ in range(epochs)])[:n_images]


def online_accuracy(labels: np.ndarray, counts: np.ndarray, n_blocks: int, n_classes: int):
    """(images seen at the end of each block, accuracy on the block) for blocks 2..n: each block classified with
    the labels assigned from the responses to the block before it."""
    edges = np.linspace(0, len(labels), n_blocks + 1).astype(int)
    seen, accuracy = [], []
    for a, b, c in zip(edges[:-2], edges[1:-1], edges[2:]):
        assignments = dc.assign_labels(counts[a:b], labels[a:b], n_classes)
        accuracy.append(float(np.mean(dc.predict(counts[b:c], assignments, n_classes) == labels[b:c])))
        seen.append(int(c))
    return seen, accuracy


def bridge(params: dc.DiehlCook, images: np.ndarray, state: dc.State, seed: int, device: str, progress: bool):
    """Measured and predicted weight change of every input synapse over a batch of ``images`` (learning on,
    normalisation off): the prediction sums the nearest-spike rate form over every presentation (350 ms at the
    pixel's rate and the neuron's measured rate); rest periods are left out."""
    shown, after = dc.present(params, images, state, True, seed=seed, device=device, progress=progress, normalise=False)
    t = float(params.t_present / second)
    rate_pre = images[shown.rows] * (shown.intensity * float(params.rate_per_intensity / Hz))[:, None]  # (p, 784)
    rate_post = shown.counts / t  # (p, n_e)
    predicted = np.zeros_like(state.weights)
    for pre, post in zip(rate_pre, rate_post):
        predicted += t * triplet.expected_drift(params.stdp, pre[None, :] * Hz, post[:, None] * Hz, dt=params.dt)
    measured = after.weights - state.weights
    return measured, predicted, shown.timing


def run(
    scale: float = 1.0,
    seed: int = 0,
    device: str = DEFAULT_DEVICE,
    out=None,
    progress: bool = False,
    dataset: str = "digits_28x28",
    neurons: int = 100,
    data=None,
) -> Result:
    """``scale``: training images as a multiple of one epoch (an epoch is the whole training set)."""
    check_options(dataset, neurons, data)
    data_set = datasets.load(dataset, data)
    params = dc.DiehlCook(n_e=neurons)
    rng = np.random.default_rng(seed)
    n_train = max(1, int(round(scale * len(data_set.x_train))))
    order = training_order(len(data_set.x_train), n_train, rng)
    state = dc.initial_state(params, rng)
    run_present = dict(device=device, chunk=CHUNK, progress=progress)
    training, trained = dc.present(params, data_set.x_train[order], state, True, seed=seed, **run_present)
    labelling = rng.permutation(len(data_set.x_train))[:N_LABELLING]
    frozen = np.concatenate([data_set.x_train[labelling], data_set.x_test])
    tested, _ = dc.present(params, frozen, trained, False, seed=seed + 1, **run_present)
    rows, counts = tested.responses()
    is_label = rows < len(labelling)
    y_label, y_test = data_set.y_train[labelling], data_set.y_test
    assignments = dc.assign_labels(counts[is_label], y_label[rows[is_label]], 10)
    predicted = dc.predict(counts[~is_label], assignments, 10)
    truth = y_test[rows[~is_label] - len(labelling)]
    accuracy = float(np.mean(predicted == truth))
    confusion = np.zeros((10, 10), int)
    np.add.at(confusion, (truth, predicted), 1)
    train_rows, train_counts = training.responses()
    seen, curve = online_accuracy(
        data_set.y_train[order[train_rows]], train_counts, N_BLOCKS if n_train >= 20 * N_BLOCKS else 2, 10
    )
    batch = data_set.x_test[rng.permutation(len(data_set.x_test))[:N_BRIDGE]].astype(float)
    measured, predicted_dw, bridge_timing = bridge(params, batch, trained, seed + 2, device, progress)
    r_bridge = float(np.corrcoef(measured.ravel(), predicted_dw.ravel())[0, 1])
    ratio = float(measured.mean() / predicted_dw.mean())

    epochs = n_train / len(data_set.x_train)
    claims = []
    if dataset == "mnist" and neurons in TABLE_1:
        paper, paper_epochs = TABLE_1[neurons]
        claims.append(
            check(
                f"MNIST test accuracy, {neurons} neurons, {epochs:g} epochs (Diehl & Cook 2015, "
                f"Table 1: {paper:.1%} after {paper_epochs})",
                accuracy,
                f">= {paper - PAPER_TOLERANCE:.3f}",
                accuracy >= paper - PAPER_TOLERANCE,
            )
        )
    elif dataset in TARGETS:
        n_target, epochs_target, minimum = TARGETS[dataset]
        if neurons == n_target and epochs >= epochs_target:
            claims.append(
                check(
                    f"{dataset} test accuracy, {neurons} neurons, {epochs:g} epochs",
                    accuracy,
                    f">= {minimum}",
                    accuracy >= minimum,
                )
            )
    claims.append(
        check(
            "bridge: Pearson r between measured and rate-form weight changes over synapses",
            r_bridge,
            f">= {MIN_BRIDGE_R}",
            r_bridge >= MIN_BRIDGE_R,
        )
    )
    timing = {key: round(training.timing[key] + tested.timing[key] + bridge_timing[key], 3) for key in training.timing}
    n_shown = int(training.accepted.sum())
    result = Result(
        "diehl_cook_2015",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "dataset": dataset,
            "neurons": neurons,
            "training_images": n_train,
            "labelling_images": len(labelling),
            "test_images": len(y_test),
            "presentation": params.t_present,
            "rest": params.t_rest,
            "dt": params.dt,
            "normalised_weight_sum": params.w_total,
            "stdp": params.stdp.namespace,
        },
        {
            "test_accuracy": accuracy,
            "confusion": confusion.tolist(),
            "online_accuracy": {"images_seen": seen, "accuracy": curve},
            "training_cycles": len(training.rows),
            "training_images_shown": n_shown,
            "repeats_per_image": (len(training.rows) - n_shown) / max(n_shown, 1),
            "neurons_per_class": np.bincount(assignments, minlength=10).tolist(),
            "mean_theta_mV": float(trained.theta.mean() * 1e3),
            "bridge": {
                "images": N_BRIDGE,
                "pearson_r": r_bridge,
                "measured_mean_dw": float(measured.mean()),
                "rate_form_mean_dw": float(predicted_dw.mean()),
                "measured_over_rate_form": ratio,
            },
            "training_images_per_second": n_shown / training.timing["sim_s"] if training.timing["sim_s"] else None,
        },
        claims,
        timing,
    )
    if out is not None:
        result.figures = [
            plotting.save_figure(
                figure(trained.weights, confusion, seen, curve, measured, predicted_dw, dataset, neurons),
                out,
                "diehl_cook_2015",
            )
        ]
        result.save(out)
    return result


def figure(weights, confusion, seen, curve, measured, predicted, dataset, neurons):
    """Receptive fields, accuracy against images seen, confusion matrix, bridge scatter."""
    fig, (ax_w, ax_a, ax_c, ax_b) = plotting.subplots(
        1, 4, figsize=(14, 4), layout="constrained", gridspec_kw={"width_ratios": [1.3, 1, 1, 1]}
    )
    side = int(np.ceil(np.sqrt(len(weights))))
    tiles = np.zeros((side * 28, side * 28))
    for k in range(len(weights)):
        r, c = divmod(k, side)
        tiles[r * 28 : (r + 1) * 28, c * 28 : (c + 1) * 28] = weights[k].reshape(28, 28)
    image = ax_w.imshow(tiles, cmap="hot_r", vmin=0, vmax=weights.max())
    fig.colorbar(image, ax=ax_w, label="weight")
    ax_w.set(title=f"input weights of the {neurons} excitatory neurons", xticks=[], yticks=[])
    ax_a.plot(seen, curve, "o-")
    ax_a.set(
        xlabel="training images seen", ylabel="accuracy on the next block", ylim=(0, 1), title=f"{dataset}, learning"
    )
    shown = ax_c.imshow(confusion / np.maximum(confusion.sum(axis=1, keepdims=True), 1), cmap="Blues", vmin=0, vmax=1)
    fig.colorbar(shown, ax=ax_c, label="fraction of the class")
    ax_c.set(
        xlabel="predicted class", ylabel="true class", title="test confusion matrix", xticks=range(10), yticks=range(10)
    )
    pick = np.random.default_rng(0).choice(measured.size, min(5000, measured.size), replace=False)
    ax_b.scatter(predicted.ravel()[pick], measured.ravel()[pick], s=2, alpha=0.4)
    low, high = float(predicted.min()), float(predicted.max())
    ax_b.plot([low, high], [low, high], color="0.5", lw=0.8, label="measured = rate form")
    ax_b.set(
        xlabel="rate-form weight change",
        ylabel="measured weight change",
        title=f"bridge: {N_BRIDGE} images, learning on",
    )
    ax_b.legend(fontsize=7)
    return ax_w
