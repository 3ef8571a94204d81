"""Mini-batch training of an :class:`~spikelearn.rate.mlp.MLP` under a credit-assignment rule.

Every epoch logs the loss, train and test accuracy and, on a fixed probe batch, the angle between
the rule's update to each hidden layer's weights and the backprop gradient, and between each
hidden layer's feedback matrix and the forward weights it stands in for (W_{l+1}^T for FA, the
path W_{l+1}^T ... W_L^T for DFA).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np

from ..analysis import angle_deg
from ..checks import check_count
from ..rules.feedback import Backprop, DirectFeedbackAlignment
from .mlp import MLP
from .optim import Adam


@dataclass
class History:
    """Per-epoch metrics; epoch 0 is the untrained network."""

    rule: str
    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    update_angle_deg: list = field(default_factory=list)  # per epoch: one angle per hidden layer
    feedback_angle_deg: list = field(default_factory=list)  # per epoch: one angle per hidden layer

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def alignment(net, rule, x, y):
    """Angles (degrees) of the rule's hidden-layer updates to the BP gradient, and of its feedback to the forward
    path."""
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, y)
    exact = Backprop().gradients(net, fwd, e)
    rule_grads = rule.gradients(net, fwd, e)
    hidden = range(net.n_layers - 1)
    updates = [angle_deg(rule_grads[l], exact[l]) for l in hidden]
    if isinstance(rule, DirectFeedbackAlignment):
        forward = rule.paths(net)
        feedback = rule.feedback(net)
    else:
        forward = [W.T for W in net.W[1:]]
        feedback = rule.feedback(net)[1:]
    return updates, [angle_deg(b, w) for b, w in zip(feedback, forward)]


def train(
    net,
    rule,
    data,
    epochs: int,
    batch_size: int = 32,
    optimizer=None,
    seed: int = 0,
    progress: bool = False,
    probe: int = 256,
) -> History:
    """Train ``net`` in place on ``data`` (a :class:`spikelearn.datasets.Dataset`); returns the history."""
    check_count("epochs", epochs, minimum=0)
    check_count("batch_size", batch_size)
    optimizer = optimizer or Adam()
    rng = np.random.default_rng(seed)
    rule.setup(net, rng)
    x, y = net.check_input(data.x_train), np.asarray(data.y_train)
    net.targets(y)  # validates the labels
    x_probe, y_probe = x[:probe], y[:probe]
    history = History(rule.name)

    def log(loss):
        history.loss.append(float(loss))
        history.train_accuracy.append(net.accuracy(x, y))
        history.test_accuracy.append(net.accuracy(data.x_test, data.y_test))
        if net.n_layers > 1:
            updates, feedback = alignment(net, rule, x_probe, y_probe)
            history.update_angle_deg.append(updates)
            history.feedback_angle_deg.append(feedback)

    log(net.loss_and_error(net.forward(x), y)[0])
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            fwd = net.forward(x[batch])
            loss, e = net.loss_and_error(fwd, y[batch])
            optimizer.step(net.parameters(), rule.gradients(net, fwd, e))
            rule.after_step(net, rng)
            losses.append(loss * len(batch))
        log(sum(losses) / len(x))
        if progress:
            print(
                f"\r{rule.name}: epoch {epoch + 1}/{epochs}, loss {history.loss[-1]:.4f}, "
                f"test accuracy {history.test_accuracy[-1]:.3f}",
                end="",
                file=sys.stderr,
            )
    if progress:
        print(file=sys.stderr)
    return history


def train_seeds(
    make_rule,
    sizes,
    data,
    epochs: int,
    seeds,
    hidden: str = "relu",
    batch_size: int = 32,
    lr: float = 1e-3,
    probe: int = 256,
    progress: bool = False,
    output: str = "softmax",
) -> list:
    """One fresh network and rule per seed (initial weights, feedback and batch order), Adam at ``lr``; ``hidden``
    and ``output`` are the units of :class:`spikelearn.rate.mlp.MLP`.

    Returns ``[(net, history), ...]`` in the order of ``seeds``.
    """
    runs = []
    for seed in seeds:
        net = MLP(sizes, hidden=hidden, output=output, seed=seed)
        runs.append(
            (
                net,
                train(net, make_rule(), data, epochs, batch_size, Adam(lr), seed=seed, probe=probe, progress=progress),
            )
        )
    return runs
