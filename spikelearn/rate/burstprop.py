r"""Burstprop in rate form: ensembles with an event rate and a burst probability (Payeur et al. 2021, Methods).

Each unit stands for an ensemble of two-compartment neurons: the event rate :math:`e_l` carries the
feedforward signal, the burst probability :math:`p_l` the feedback, and the burst rate is :math:`b_l = p_l e_l`.

- forward: :math:`e_l = \sigma(W_l e_{l-1} + c_l)`, :math:`e_0 = x`;
- output burst probability: :math:`p_L = p_b` without a teacher, :math:`p_L^t = p_b [1 + (y - e_L)(1 - e_L)]`
  with one (:math:`p_b` = 0.2, y one-hot);
- hidden burst probability: :math:`p_l = \sigma(u_l)`, :math:`u_l = (b_{l+1} Y_{l+1}) \odot (1 - e_l)`, the
  burst rate of the layer above fed back through :math:`Y_{l+1}` (shape of :math:`W_{l+1}`) onto the
  dendrites (:math:`1 - e_l` stands for :math:`h(e_l)`); with the teacher, from the teacher-phase burst rate;
- update (the rate form of :math:`dW = \eta (B - \bar P E) \tilde E_{pre}`, with the no-teacher :math:`p` as
  :math:`\bar P`): :math:`\Delta W_l = \eta_l [(p_l^t - p_l) \odot e_l]^T e_{l-1}`, summed over the batch
  (:func:`spikelearn.rules.burst.rate_update`).

Feedback :math:`Y` fixed and random (the paper's "fixed feedback"; the learned, Kolen-Pollack-like variant and the
recurrent :math:`Z` that linearises deep layers are not used here). Source: the authors'
PyTorch code, github.com/jordan-g/Burstprop (``layers.py``, ``networks.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import InputError, check_count
from ..rules.burst import BurstRule, rate_update
from .mlp import _sigmoid
from .optim import SGD


@dataclass
class Phases:
    """Event rates ``e`` (l = 0..L) and burst probabilities without (``p``) and with (``p_teacher``) a teacher
    (l = 1..L) of one batch."""

    e: list
    p: list
    p_teacher: list


class BurstpropNet:
    """A fully connected sigmoid network ``sizes[0] -> ... -> sizes[-1]`` trained by burstprop."""

    def __init__(self, sizes, p_baseline: float = 0.2, feedback_sd: float = 1.0, seed: int = 0):
        sizes = [check_count("layer size", int(n)) for n in sizes]
        if len(sizes) < 2:
            raise InputError(f"sizes must list at least 2 layer sizes, got {sizes}")
        if not 0 < p_baseline < 1:
            raise InputError(f"p_baseline must be in (0, 1), got {p_baseline}")
        self.sizes, self.p_baseline = sizes, p_baseline
        rng = np.random.default_rng(seed)
        # Xavier-normal initialisation (the authors' code); fixed random feedback Y_l ~ N(0, feedback_sd)
        self.W = [rng.normal(0, np.sqrt(2 / (n_in + n_out)), (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
        self.c = [np.zeros(n) for n in sizes[1:]]
        self.Y = [None] + [rng.normal(0, feedback_sd, W.shape) for W in self.W[1:]]

    def forward(self, x) -> list:
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise InputError(f"input must have shape (batch, {self.sizes[0]}), got {x.shape}")
        e = [x]
        for W, c in zip(self.W, self.c):
            e.append(_sigmoid(e[-1] @ W.T + c))
        return e

    def phases(self, x, y) -> Phases:
        """Both phases of a batch: labels ``y`` (integers) give the output teacher."""
        e = self.forward(x)
        target = np.eye(self.sizes[-1])[np.asarray(y)]
        p = [None] * len(self.W)
        p_t = [None] * len(self.W)
        p[-1] = np.full_like(e[-1], self.p_baseline)
        p_t[-1] = self.p_baseline * (1 + (target - e[-1]) * (1 - e[-1]))
        for l in range(len(self.W) - 2, -1, -1):  # layer l + 1 of e (index l of W)
            for probs in (p, p_t):
                probs[l] = _sigmoid((probs[l + 1] * e[l + 2]) @ self.Y[l + 1] * (1 - e[l + 1]))
        return Phases(e, p, p_t)

    def updates(self, phases: Phases, lr_hidden: float, lr_output: float) -> list:
        """Burstprop's dW_l and dc_l (ascent directions), summed over the batch."""
        dW, dc = [], []
        for l in range(len(self.W)):
            eta = lr_output if l == len(self.W) - 1 else lr_hidden
            e_post, e_pre = phases.e[l + 1], phases.e[l]
            dW.append(rate_update(BurstRule(eta=eta), e_post, phases.p_teacher[l], phases.p[l], e_pre))
            dc.append(eta * ((phases.p_teacher[l] - phases.p[l]) * e_post).sum(axis=0))
        return dW + dc

    def predict(self, x) -> np.ndarray:
        return self.forward(x)[-1].argmax(axis=1)

    def accuracy(self, x, y) -> float:
        return float(np.mean(self.predict(x) == np.asarray(y)))


def train(
    net: BurstpropNet,
    data,
    epochs: int,
    batch_size: int = 32,
    lr_hidden: float = 0.1,
    lr_output: float = 0.01,
    momentum: float = 0.8,
    seed: int = 0,
) -> list:
    """Train on ``data`` (a :class:`spikelearn.datasets.Dataset`) with SGD and momentum (the authors' MNIST
    settings); returns the test accuracy before training and after each epoch."""
    check_count("epochs", epochs, minimum=0)
    check_count("batch_size", batch_size)
    rng = np.random.default_rng(seed)
    optimizer = SGD(lr=1.0, momentum=momentum)  # the layer learning rates are inside the updates
    accuracy = [net.accuracy(data.x_test, data.y_test)]
    for _ in range(epochs):
        order = rng.permutation(len(data.x_train))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            up = net.updates(net.phases(data.x_train[batch], data.y_train[batch]), lr_hidden, lr_output)
            optimizer.step(net.W + net.c, [-u for u in up])
        accuracy.append(net.accuracy(data.x_test, data.y_test))
    return accuracy
