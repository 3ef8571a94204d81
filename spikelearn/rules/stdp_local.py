r"""A local learning rule derived from STDP with fixed associativity.

Shashi Kant Gupta, "A More Biologically Plausible Local Learning Rule for ANNs", eqs. 2-3.

Reading a sigmoid unit's output as a firing rate and spike times as inverse rates
(:math:`T_{pre} \propto 1/x`, :math:`T_{post} \propto 1/p`), the STDP window
:math:`\Delta W \propto \Delta T / (T_{pre}^2 (T_{pre} - \Delta T)^2)` becomes a rule in the pre- and
postsynaptic activities, signed by the postsynaptic unit's associativity :math:`Z_k = \pm 1`:

.. math:: \Delta W_{kj} = \eta\, Z_k\, \frac{x_j^3\, p_k (x_j - p_k)}{(2 p_k - x_j)^2}

For binary classification the paper's one sigmoid output unit has Z = +1 for label 1 and -1 for label 0
(with two softmax outputs instead, the unit of the target class has Z = +1 and the other -1); each hidden unit k
has a fixed associativity :math:`Z^1_k` for label 1, drawn once with as many +1 as -1, and :math:`Z^0_k = -Z^1_k`
for label 0. No error is propagated: the only feedback is the label. Biases learn as weights from a constant
input x = 1. The denominator vanishes at x = 2p: the paper adds :math:`\epsilon` = 1e-9 to it (``eps``).
"""

from __future__ import annotations

import numpy as np

from ..checks import InputError
from .feedback import Backprop


def stdp_rate_update(x, p, z, eps: float = 1e-9):
    """Batch-mean update (n_post, n_pre) from pre activity x (B, n_pre), post p (B, n_post), signs z (B, n_post)."""
    x, p = x[:, None, :], p[:, :, None]
    return np.mean(z[:, :, None] * x**3 * p * (x - p) / ((2 * p - x) ** 2 + eps), axis=0)


class STDPLocal(Backprop):
    """The rule above for an :class:`~spikelearn.rate.mlp.MLP` with sigmoid hidden units and one sigmoid output
    (the paper's) or 2 softmax outputs."""

    name = "STDP local rule"

    def __init__(self, eps: float = 1e-9):
        if not eps > 0:
            raise InputError(f"eps must be > 0, got {eps}")
        self.eps = eps

    def setup(self, net, rng):
        binary = (net.output_kind, net.sizes[-1]) in (("sigmoid", 1), ("softmax", 2))
        if net.hidden != "sigmoid" or not binary:
            raise InputError(
                "the STDP local rule needs sigmoid hidden units and one sigmoid or 2 softmax outputs (binary labels)"
            )
        self.z_hidden = [rng.permutation(np.resize([1.0, -1.0], n)) for n in net.sizes[1:-1]]  # balanced +-1

    def gradients(self, net, fwd, e) -> list:
        target = fwd.output - e * len(e)  # the targets, recovered from e = (p - t) / B
        sign = 2 * target[:, -1:] - 1  # +1 for label 1, -1 for label 0 (the last output unit stands for label 1)
        grads = []
        biases = []
        for l in range(net.n_layers):
            z = 2 * target - 1 if l == net.n_layers - 1 else sign * self.z_hidden[l]
            x = np.hstack([fwd.h[l], np.ones((len(e), 1))])  # the bias as a weight from x = 1
            dW = stdp_rate_update(x, fwd.h[l + 1], z, self.eps)
            grads.append(-dW[:, :-1])
            biases.append(-dW[:, -1])
        return grads + biases
