"""The rate-coded bridge: a spiking rule's measured learning next to its rate prediction.

Given per-synapse weight drifts from a spiking protocol and the rule's rate prediction for the
same synapses (computed from the rates the synapses actually saw), :func:`compare` reports the
mean spiking drift, the prediction, their relative gap and the standard error of that gap. The
gap is taken synapse by synapse (paired), so rate fluctuations shared by the spikes and the
prediction cancel.

Two predictions are kept: the rate rule on the simulation's time grid (the claim is tested
against it: what remains is the spiking circuit's own deviation plus noise), and the
continuous-time rate rule of the paper (their difference is the discretisation error).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from brian2 import Network, defaultclock, second

from .checks import InputError, check_quantity
from .circuits.pairs import poisson_pairs
from .devices import Simulation


@dataclass(frozen=True)
class Gap:
    """Spiking mean drift vs rate prediction over ``n`` independent synapses."""

    spiking: float  # mean measured drift
    spiking_sem: float  # its standard error
    rate: float  # mean predicted drift
    gap_sem: float  # standard error of the paired difference spiking - rate
    n: int
    rate_continuous: float = float("nan")  # the continuous-time prediction, where given

    @property
    def difference(self) -> float:
        return self.spiking - self.rate

    @property
    def relative_gap(self) -> float:
        """(spiking - rate) / |rate| (nan where the prediction is 0)."""
        return self.difference / abs(self.rate) if self.rate else float("nan")

    @property
    def relative_gap_sem(self) -> float:
        return self.gap_sem / abs(self.rate) if self.rate else float("nan")

    def agrees(self, rel_tol: float = 0.1, n_sem: float = 3.0) -> bool:
        """|gap| below ``rel_tol`` of the prediction or within ``n_sem`` standard errors, whichever is larger."""
        return abs(self.difference) <= max(rel_tol * abs(self.rate), n_sem * self.gap_sem)

    def as_dict(self) -> dict:
        return {
            "spiking": self.spiking,
            "spiking_sem": self.spiking_sem,
            "rate": self.rate,
            "relative_gap": self.relative_gap,
            "relative_gap_sem": self.relative_gap_sem,
            "n": self.n,
            "rate_continuous": self.rate_continuous,
            "relative_gap_continuous": (
                (self.spiking - self.rate_continuous) / abs(self.rate_continuous)
                if self.rate_continuous
                else float("nan")
            ),
        }


def compare(spiking, rate, rate_continuous=float("nan")) -> Gap:
    """Compare per-synapse spiking drifts with per-synapse (or one shared) rate predictions."""
    spiking = np.asarray(spiking, dtype=float)
    rate = np.broadcast_to(np.asarray(rate, dtype=float), spiking.shape)
    if spiking.ndim != 1 or spiking.size < 2:
        raise InputError(f"need a 1-d array of at least 2 synapses' drifts, got shape {spiking.shape}")
    n = spiking.size
    sem = spiking.std(ddof=1) / np.sqrt(n)
    gap_sem = (spiking - rate).std(ddof=1) / np.sqrt(n)
    return Gap(
        float(spiking.mean()), float(sem), float(rate.mean()), float(gap_sem), n, float(np.mean(rate_continuous))
    )


@dataclass(frozen=True)
class Arm:
    """One rule in a drift protocol: its synapse model, the conditions it runs, and its rate prediction.

    ``predict(rate_pre, rate_post, condition, dt)`` returns the predicted drift (weight units per second)
    for arrays of the rates (Hz) the synapses saw under ``condition``, on the time grid ``dt``
    (``dt=None``: in continuous time). ``initial`` sets synapse variables per condition before the run:
    ``{name: [value for each condition]}`` (e.g. a homeostatic rate estimate's history).
    """

    model: object
    conditions: tuple
    predict: object
    initial: dict = field(default_factory=dict)


def pair_drift(
    arms: dict,
    n_per_condition: int,
    duration,
    w0: float,
    seed: int = 0,
    device: str = "runtime",
    progress: bool = False,
):
    """Run every arm's conditions on independent Poisson pre/post pairs in one network.

    Returns ``({label: [Gap per condition]}, timing)``: the measured drift (w_end - w0) / duration of each
    synapse against ``predict`` evaluated at the rates that synapse's pre and post trains actually had,
    on the simulation's time grid and in continuous time.
    """
    check_quantity("duration", duration, second)
    with Simulation(device, seed=seed, progress=progress) as sim:
        circuits = {
            label: poisson_pairs(arm.model, arm.conditions, n_per_condition, w0, name=f"arm{k}", initial=arm.initial)
            for k, (label, arm) in enumerate(arms.items())
        }
        sim.run(Network([c.network.objects for c in circuits.values()]), duration, label="pair drift")
        sim.execute()
        t = float(duration / second)
        gaps = {}
        for label, circuit in circuits.items():
            drift = (np.asarray(circuit.synapses.w[:]) - w0) / t
            r_pre = np.asarray(circuit.pre_spikes.count[:]) / t
            r_post = np.asarray(circuit.post_spikes.count[:]) / t
            gaps[label] = []
            for k, cond in enumerate(arms[label].conditions):
                rates = r_pre[circuit.condition == k], r_post[circuit.condition == k], cond
                gaps[label].append(
                    compare(
                        drift[circuit.condition == k],
                        arms[label].predict(*rates, defaultclock.dt),
                        arms[label].predict(*rates, None),
                    )
                )
        return gaps, sim.timing
