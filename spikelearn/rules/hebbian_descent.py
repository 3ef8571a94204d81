r"""Hebbian descent (Melchior & Wiskott 2019, arXiv:1905.10585), supervised form, for every layer of an MLP.

Hebbian descent drops the activation's derivative from the gradient and centres the input
(their eq. 6): for a layer with input :math:`x` (batch mean :math:`\mu`) and error :math:`\delta`,

.. math:: \Delta W = -\eta\, \delta^T (x - \mu), \qquad \delta_L = \hat y - t, \quad \delta_l = \delta_{l+1} W_{l+1}

(the hidden error is the backpropagated error without :math:`f'`: our extension to two layers, as the
paper treats one). Variants of the Imagination Technologies blog post
"Learning from the best: How nature can inspire AI research" (4 October 2021), section 1: *Full* (all layers
learn), *Partial 1* (hidden layers frozen), *Partial 2* (output layer frozen), and the input factor
:math:`x - \mu` replaced by Oja's :math:`x - a W` (a the layer's linear output; our reading of "replaced by
Oja's rule").
"""

from __future__ import annotations

import numpy as np

from ..checks import check_choice
from .feedback import Backprop

TRAINED = {"full": "Full", "output": "Partial 1 (hidden frozen)", "hidden": "Partial 2 (output frozen)"}
INPUT_FACTORS = ("centred", "oja")


class HebbianDescent(Backprop):
    """The rule above; ``trained`` is "full", "output" (Partial 1) or "hidden" (Partial 2)."""

    def __init__(self, trained: str = "full", input_factor: str = "centred"):
        self.trained = check_choice("trained layers", trained, tuple(TRAINED))
        self.input_factor = check_choice("input factor", input_factor, INPUT_FACTORS)
        self.name = f"HD {TRAINED[trained]}" + (" (Oja)" if input_factor == "oja" else "")

    def gradients(self, net, fwd, e) -> list:
        deltas = [e]
        for l in range(net.n_layers - 1, 0, -1):
            deltas.insert(0, deltas[0] @ net.W[l])  # no f'(a): Hebbian descent
        grads_W, grads_b = [], []
        for l, delta in enumerate(deltas):
            x = fwd.h[l]
            factor = x - x.mean(axis=0) if self.input_factor == "centred" else x - fwd.a[l] @ net.W[l]
            learns = self.trained == "full" or (self.trained == "output") == (l == net.n_layers - 1)
            grads_W.append(delta.T @ factor if learns else np.zeros_like(net.W[l]))
            grads_b.append(delta.sum(axis=0) if learns else np.zeros_like(net.b[l]))
        return grads_W + grads_b
