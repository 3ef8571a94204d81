"""Independent pre -> post synapse pairs driven by Poisson trains: the circuit for measuring drift.

Each synapse ``k`` has its own presynaptic source ``pre[k]`` and postsynaptic source ``post[k]``
(interval-Poisson sources, :mod:`spikelearn.inputs`), so the synapses are independent samples
of the rule's weight drift. Conditions differ in rates and in a controlled pre/post correlation:
the later train copies each spike of the earlier one with probability ``c`` after ``|lag|``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Network, Quantity, SpikeMonitor, Synapses, defaultclock, ms

from ..checks import InputError, check_count, check_quantity, default
from ..inputs import copy_spikes, poisson_group
from ..rules import SynapseModel


@dataclass(frozen=True)
class PairCondition:
    """Rates of one pre/post pair and their correlation (``c`` = 0: independent)."""

    rate_pre: Quantity
    rate_post: Quantity
    c: float = 0.0
    lag: Quantity = default(5 * ms)

    def __post_init__(self):
        check_quantity("PairCondition.rate_pre", self.rate_pre, Hz)
        check_quantity("PairCondition.rate_post", self.rate_post, Hz)
        check_quantity("PairCondition.c", self.c, 1, sign="nonnegative")
        check_quantity("PairCondition.lag", self.lag, ms, sign="any")
        if self.c and abs(self.lag) < defaultclock.dt:
            raise InputError(f"PairCondition.lag must be at least one time step ({defaultclock.dt}) in size")
        leader, follower = (self.rate_pre, self.rate_post) if self.lag > 0 else (self.rate_post, self.rate_pre)
        if self.c > 1 or self.c * leader > follower:
            raise InputError(
                f"PairCondition: need c <= 1 and c * (earlier rate) <= later rate, got c = {self.c}, "
                f"rates {self.rate_pre} -> {self.rate_post}"
            )

    def own_rates(self):
        """Rates of the independent parts of (pre, post): the copied spikes make up the rest."""
        if not self.c:
            return self.rate_pre, self.rate_post
        if self.lag > 0:
            return self.rate_pre, self.rate_post - self.c * self.rate_pre
        return self.rate_pre - self.c * self.rate_post, self.rate_post


@dataclass
class PairCircuit:
    network: Network
    pre: object
    post: object
    synapses: Synapses
    pre_spikes: SpikeMonitor
    post_spikes: SpikeMonitor
    condition: np.ndarray  # condition index of each synapse


def poisson_pairs(
    model: SynapseModel, conditions, n_per_condition: int, w0: float, name: str = "pairs", initial=None
) -> PairCircuit:
    """``n_per_condition`` independent synapses for each :class:`PairCondition`, weights starting at ``w0``;
    ``initial``: ``{synapse variable: [value per condition]}``."""
    n_per_condition = check_count("n_per_condition", n_per_condition)
    conditions = list(conditions)
    if not conditions or not all(isinstance(c, PairCondition) for c in conditions):
        raise InputError("conditions must be a non-empty list of PairCondition")
    n = n_per_condition * len(conditions)
    own = [c.own_rates() for c in conditions]
    pre = poisson_group(n, np.repeat([o[0] / Hz for o in own], n_per_condition) * Hz, name=f"{name}_pre")
    post = poisson_group(n, np.repeat([o[1] / Hz for o in own], n_per_condition) * Hz, name=f"{name}_post")
    objects = []
    for k, cond in enumerate(conditions):
        if cond.c:
            block = slice(k * n_per_condition, (k + 1) * n_per_condition)
            leader, follower = (pre, post) if cond.lag > 0 else (post, pre)
            copy = copy_spikes(leader[block], follower[block], cond.c, abs(cond.lag) - defaultclock.dt)
            copy.connect(j="i")
            objects.append(copy)
    synapses = model.synapses(pre, post, name=f"{name}_synapses")
    synapses.connect(j="i")
    synapses.w = w0
    for var, values in (initial or {}).items():
        if len(values) != len(conditions):
            raise InputError(f"initial[{var!r}] needs one value per condition ({len(conditions)}), got {len(values)}")
        setattr(synapses, var, np.repeat(Quantity(list(values)), n_per_condition))
    pre_spikes, post_spikes = SpikeMonitor(pre, record=False), SpikeMonitor(post, record=False)
    network = Network(pre, post, synapses, pre_spikes, post_spikes, *objects)
    return PairCircuit(
        network, pre, post, synapses, pre_spikes, post_spikes, np.repeat(np.arange(len(conditions)), n_per_condition)
    )
