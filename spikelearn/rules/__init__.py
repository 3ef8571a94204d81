"""Plasticity rules: one module per rule family, rate form and Brian2 form side by side.

Every rule module of a spiking rule (:mod:`.stdp`, :mod:`.triplet`, :mod:`.bcm`, :mod:`.oja`, :mod:`.burst`,
:mod:`.spiking_fa`, :mod:`.clopath`) has the same shape:

- a frozen dataclass of the paper's parameters, with units, checked on construction;
- ``rate_update(params, ...)``: the rule's rate (ANN) form, the weight change for given rates over a duration
  (or, for the network rules, for given activities);
- ``synapse_model(params, ...)``: the Brian2 form, a :class:`SynapseModel` (equation strings in the paper's symbols);
- ``expected_drift(params, ...)``: the mean weight drift (1/s) the Brian2 form has for the given rates, which the
  bridges compare with the measured drift.

Weight matrices are (n_post, n_pre) everywhere, as in ``y = W x``.
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SynapseModel:
    """The strings and constants a :class:`brian2.Synapses` object is built from."""

    model: str
    on_pre: str
    on_post: str
    namespace: dict = field(default_factory=dict)

    def synapses(self, source, target, name=None, **kwargs):
        """Build ``brian2.Synapses(source, target, ...)`` from this model (not yet connected)."""
        from brian2 import Synapses

        return Synapses(
            source,
            target,
            model=self.model,
            on_pre=self.on_pre,
            on_post=self.on_post,
            namespace=self.namespace,
            name=name or "synapses*",
            **kwargs,
        )


def rate_matrix(w, rate_pre, rate_post):
    """``w`` as an (n_post, n_pre) float array checked against the rates, and the rates (Hz quantities) as a row
    (pre) and a column (post), ready to broadcast to the shape of ``w``."""
    from ..checks import InputError

    w = np.asarray(w, dtype=float)
    rate_pre, rate_post = np.atleast_1d(rate_pre), np.atleast_1d(rate_post)
    if w.shape != (rate_post.size, rate_pre.size):
        raise InputError(f"w must have shape (n_post, n_pre) = ({rate_post.size}, {rate_pre.size}), got {w.shape}")
    return w, rate_pre[np.newaxis, :], rate_post[:, np.newaxis]
