"""The frame every rate model's ``run()`` shares: its arguments checked, its epochs scaled, its clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..checks import check_run_args

DEVICES = ("numpy",)  # rate models run in numpy


@dataclass
class RateRun:
    """A started rate-model run: ``epochs`` scaled by the run's ``scale`` (at least 1); :meth:`timing` for its
    :class:`spikelearn.results.Result`."""

    epochs: int
    start: float = field(default_factory=time.perf_counter)

    def timing(self) -> dict:
        """Seconds since the start, as ``sim_s`` (rate models build nothing: ``build_s`` is 0)."""
        return {"build_s": 0.0, "sim_s": round(time.perf_counter() - self.start, 3)}


def begin(scale: float, seed: int, device: str, epochs: int = 1, devices=DEVICES) -> RateRun:
    """Check ``scale``, ``seed`` and ``device`` (:func:`spikelearn.checks.check_run_args`), scale ``epochs`` by
    ``scale`` and start the clock."""
    check_run_args(scale, seed, device, devices)
    return RateRun(max(1, int(round(epochs * scale))))
