r"""A multilayer perceptron in numpy whose backward pass is left to a credit-assignment rule.

Row-vector convention, a mini-batch per row block: :math:`a_l = h_{l-1} W_l^T + b_l`,
:math:`h_l = f(a_l)`, :math:`h_0 = x`; :math:`W_l` has shape (n_l, n_{l-1}) (post x pre, as a synaptic
weight matrix). The output layer is softmax with cross-entropy (classification), one sigmoid unit with binary
cross-entropy (binary labels 0 / 1) or linear with squared error; in all three the output error is
:math:`e = \partial L / \partial a_L = (\hat y - y) / B` for a batch of B samples. A rule
(:mod:`spikelearn.rules.feedback`) turns :math:`e` into an error
:math:`\delta_l` for every layer, and :math:`\Delta W_l = -\eta\, \delta_l^T h_{l-1}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import InputError, check_choice


def _sigmoid(a):
    return 0.5 * (1 + np.tanh(0.5 * a))  # overflow-free logistic


def _softmax(a):
    z = np.exp(a - a.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


ACTIVATIONS = {  # name -> (f, f' as a function of a)
    "relu": (lambda a: np.maximum(a, 0), lambda a: (a > 0).astype(a.dtype)),
    "tanh": (np.tanh, lambda a: 1 - np.tanh(a) ** 2),
    "sigmoid": (_sigmoid, lambda a: _sigmoid(a) * (1 - _sigmoid(a))),
}
OUTPUT_FUNCTIONS = {"softmax": _softmax, "sigmoid": _sigmoid, "linear": lambda a: a}
OUTPUTS = tuple(OUTPUT_FUNCTIONS)


@dataclass
class Forward:
    """Pre-activations ``a[l]`` (l = 1..L) and activations ``h[l]`` (h[0] = input) of one batch."""

    a: list
    h: list

    @property
    def output(self):
        return self.h[-1]


class MLP:
    """Fully connected network ``sizes[0] -> ... -> sizes[-1]``; He (ReLU) or LeCun normal initialisation."""

    def __init__(self, sizes, hidden: str = "relu", output: str = "softmax", seed: int = 0):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise InputError(f"sizes must list at least 2 layer sizes >= 1, got {sizes}")
        self.hidden = check_choice("hidden activation", hidden, tuple(ACTIVATIONS))
        self.output_kind = check_choice("output", output, OUTPUTS)
        if output == "sigmoid" and sizes[-1] != 1:
            raise InputError(f"a sigmoid output is one unit (binary labels 0 / 1), got {sizes[-1]} output units")
        self.sizes = sizes
        rng = np.random.default_rng(seed)
        self.W = [rng.normal(0, np.sqrt(self.gain / n_in), (n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in sizes[1:]]

    @property
    def gain(self) -> float:
        """Initialisation gain: 2 for ReLU (He et al. 2015), 1 otherwise (LeCun normal)."""
        return 2.0 if self.hidden == "relu" else 1.0

    @property
    def n_layers(self) -> int:
        return len(self.W)

    def parameters(self) -> list:
        return self.W + self.b

    def check_input(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise InputError(f"input must have shape (batch, {self.sizes[0]}), got {x.shape}")
        return x

    def forward(self, x) -> Forward:
        f = ACTIVATIONS[self.hidden][0]
        h = [self.check_input(x)]
        a = []
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            a.append(h[-1] @ W.T + b)
            last = l == self.n_layers - 1
            h.append(OUTPUT_FUNCTIONS[self.output_kind](a[-1]) if last else f(a[-1]))
        return Forward(a, h)

    def derivative(self, a):
        """f'(a) of the hidden activation."""
        return ACTIVATIONS[self.hidden][1](a)

    def targets(self, y) -> np.ndarray:
        """One-hot targets for integer labels (softmax), labels 0 / 1 as a column (sigmoid) or the targets
        themselves (linear)."""
        y = np.asarray(y)
        n_out = self.sizes[-1]
        if self.output_kind in ("softmax", "sigmoid"):
            n_labels = max(n_out, 2)
            if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= n_labels:
                raise InputError(f"labels must be integers in [0, {n_labels}), got {y.dtype} in [{y.min()}, {y.max()}]")
            return np.eye(n_out)[y] if self.output_kind == "softmax" else y[:, np.newaxis].astype(float)
        if y.ndim != 2 or y.shape[1] != n_out:
            raise InputError(f"targets must have shape (batch, {n_out}), got {y.shape}")
        return y.astype(float)

    def loss_and_error(self, fwd: Forward, y):
        """Mean loss and the output error e = dL/da_L of a batch."""
        t = self.targets(y)
        if len(t) != len(fwd.output):
            raise InputError(f"{len(fwd.output)} inputs but {len(t)} labels")
        n = len(t)
        p = np.clip(fwd.output, 1e-12, 1 - 1e-12)
        if self.output_kind == "softmax":
            loss = -np.sum(t * np.log(p)) / n
        elif self.output_kind == "sigmoid":
            loss = -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p)) / n
        else:
            loss = 0.5 * np.sum((fwd.output - t) ** 2) / n
        return loss, (fwd.output - t) / n

    def gradients(self, fwd: Forward, deltas) -> list:
        """Weight and bias updates (as gradients, to be descended) from each layer's error delta_l."""
        dW = [d.T @ h for d, h in zip(deltas, fwd.h[:-1])]
        db = [d.sum(axis=0) for d in deltas]
        return dW + db

    def predict(self, x) -> np.ndarray:
        out = self.forward(x).output
        if self.output_kind == "sigmoid":
            return (out[:, 0] > 0.5).astype(int)
        return out.argmax(axis=1) if self.output_kind == "softmax" else out

    def accuracy(self, x, y) -> float:
        return float(np.mean(self.predict(x) == np.asarray(y)))
