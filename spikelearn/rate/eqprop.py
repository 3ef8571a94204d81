r"""Equilibrium propagation (Scellier & Bengio 2017, *Front. Comput. Neurosci.* 11:24) for a layered network.

States :math:`s` of the hidden and output units minimise the Hopfield-like energy (eq. 1)

.. math:: E(s) = \tfrac12 \sum_i s_i^2 - \sum_{l} \rho(s_{l+1})^T W_l \rho(s_l) - \sum_i b_i \rho(s_i),
          \qquad \rho(s) = \mathrm{clip}(s, 0, 1),

with the input layer clamped to :math:`x`. Free phase: :math:`s` relaxes along :math:`-\partial E / \partial s`
to a fixed point :math:`s^0`. Nudged phase: the output feels :math:`\beta (t - s_{out})` (the cost
:math:`\beta \|t - s_{out}\|^2 / 2`) and relaxes on to :math:`s^\beta`. The weights move by the difference of
two Hebbian terms (eq. 13), a local rule that approximates gradient descent as :math:`\beta \to 0`:

.. math:: \Delta W_l = \frac{\eta_l}{\beta} \left(\rho(s^\beta_{l+1}) \rho(s^\beta_l)^T
          - \rho(s^0_{l+1}) \rho(s^0_l)^T\right)
"""

from __future__ import annotations

import numpy as np

from ..checks import InputError, check_count


def rho(s):
    return np.clip(s, 0.0, 1.0)


def rho_prime(s):
    return ((s >= 0) & (s <= 1)).astype(float)


class EqPropNetwork:
    """A layered energy-based network ``sizes[0] -> ... -> sizes[-1]`` trained by equilibrium propagation."""

    def __init__(
        self,
        sizes,
        beta: float = 0.5,
        step: float = 0.5,
        free_steps: int = 40,
        nudged_steps: int = 10,
        lr=0.1,
        seed: int = 0,
    ):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise InputError(f"sizes must list at least 2 layer sizes >= 1, got {sizes}")
        if not beta > 0 or not 0 < step <= 1:
            raise InputError(f"EqProp needs beta > 0 and 0 < step <= 1, got beta={beta}, step={step}")
        check_count("free_steps", free_steps)
        check_count("nudged_steps", nudged_steps)
        self.sizes, self.beta, self.step = sizes, beta, step
        self.free_steps, self.nudged_steps = free_steps, nudged_steps
        self.lr = np.broadcast_to(np.asarray(lr, dtype=float), (len(sizes) - 1,))
        rng = np.random.default_rng(seed)
        # Glorot-uniform initialisation, as in the paper's code
        self.W = [
            rng.uniform(-1, 1, (n_out, n_in)) * np.sqrt(6 / (n_in + n_out)) for n_in, n_out in zip(sizes, sizes[1:])
        ]
        self.b = [np.zeros(n) for n in sizes[1:]]

    def relax(self, x, states, steps: int, target=None):
        """``steps`` Euler steps of ds/dt = -dE/ds (+ the nudge beta (target - s_out) when a target is given)."""
        for _ in range(steps):
            layers = [x] + states
            new = []
            for k in range(1, len(layers)):
                drive = rho(layers[k - 1]) @ self.W[k - 1].T + self.b[k - 1]
                if k < len(layers) - 1:
                    drive = drive + rho(layers[k + 1]) @ self.W[k]
                ds = rho_prime(layers[k]) * drive - layers[k]
                if target is not None and k == len(layers) - 1:
                    ds = ds + self.beta * (target - layers[k])
                new.append(np.clip(layers[k] + self.step * ds, 0, 1))
            states = new
        return states

    def free_phase(self, x):
        x = self._check(x)
        return self.relax(x, [np.zeros((len(x), n)) for n in self.sizes[1:]], self.free_steps)

    def train_batch(self, x, targets):
        """One free phase, one nudged phase and the weight update; returns the batch's squared error."""
        x = self._check(x)
        free = self.free_phase(x)
        nudged = self.relax(x, [s.copy() for s in free], self.nudged_steps, target=targets)
        layers_free, layers_nudged = [x] + free, [x] + nudged
        n = len(x)
        for l in range(len(self.W)):
            hebb_nudged = rho(layers_nudged[l + 1]).T @ rho(layers_nudged[l])
            hebb_free = rho(layers_free[l + 1]).T @ rho(layers_free[l])
            self.W[l] += self.lr[l] / (self.beta * n) * (hebb_nudged - hebb_free)
            self.b[l] += (
                self.lr[l] / (self.beta * n) * (rho(layers_nudged[l + 1]) - rho(layers_free[l + 1])).sum(axis=0)
            )
        return float(np.mean(np.sum((free[-1] - targets) ** 2, axis=1)))

    def predict(self, x):
        return self.free_phase(x)[-1].argmax(axis=1)

    def accuracy(self, x, y) -> float:
        return float(np.mean(self.predict(x) == np.asarray(y)))

    def _check(self, x):
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise InputError(f"input must have shape (batch, {self.sizes[0]}), got {x.shape}")
        return x


def train_eqprop(net: EqPropNetwork, data, epochs: int, batch_size: int = 10, seed: int = 0) -> dict:
    """Train on a :class:`spikelearn.datasets.Dataset`; returns per-epoch error and accuracies."""
    check_count("epochs", epochs, minimum=0)
    rng = np.random.default_rng(seed)
    targets = np.eye(net.sizes[-1])[data.y_train]
    history = {"error": [], "train_accuracy": [], "test_accuracy": []}
    for _ in range(epochs):
        order = rng.permutation(len(data.x_train))
        errors = [
            net.train_batch(data.x_train[b], targets[b]) * len(b)
            for b in (order[k : k + batch_size] for k in range(0, len(order), batch_size))
        ]
        history["error"].append(sum(errors) / len(order))
        history["train_accuracy"].append(net.accuracy(data.x_train, data.y_train))
        history["test_accuracy"].append(net.accuracy(data.x_test, data.y_test))
    return history
