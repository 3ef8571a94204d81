"""The results of a model run: measured numbers, checked claims, figures; saved as JSON atomically."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from brian2 import Quantity


@dataclass(frozen=True)
class Claim:
    """A statement the model makes, the value measured for it and whether it held."""

    claim: str
    value: float
    target: str
    passed: bool


def check(claim: str, value, target: str, passed) -> Claim:
    """Make a :class:`Claim`; ``passed`` is the comparison of ``value`` with its target."""
    return Claim(claim, float(value), target, bool(passed))


@dataclass
class Result:
    """What ``models.<name>.run`` returns; ``save`` writes ``results.json`` (figures are saved by the model)."""

    model: str
    params: dict
    metrics: dict
    claims: list
    timing: dict
    figures: list = field(default_factory=list)
    versions: dict = field(default_factory=lambda: versions())

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.claims)

    def to_dict(self) -> dict:
        return jsonable({
            "model": self.model, "params": self.params, "metrics": self.metrics,
            "claims": [asdict(c) for c in self.claims], "timing": self.timing,
            "figures": [Path(f).name for f in self.figures], "versions": self.versions,
        })

    def save(self, out) -> Path:
        """Write ``out/results.json`` via a temporary file and a rename: never half-written."""
        return atomic_write(Path(out) / "results.json", json.dumps(self.to_dict(), indent=2) + "\n")

    def summary(self) -> str:
        """A short text table of the claims."""
        width = max([len(c.claim) for c in self.claims] + [5])
        lines = [f"{self.model}: build {self.timing.get('build_s', 0):.1f} s, simulate {self.timing.get('sim_s', 0):.1f} s"]
        lines += [f"  {'PASS' if c.passed else 'FAIL'}  {c.claim:<{width}}  {c.value:>10.4g}  (target {c.target})"
                  for c in self.claims]
        return "\n".join(lines)


def atomic_write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (or bytes) to ``path`` through a temporary file in the same directory, then rename: a failed
    write leaves what was there before."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if isinstance(text, bytes) else "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def jsonable(obj):
    """Convert numpy values and Brian2 quantities (as strings with units) to JSON types."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, Quantity) and not obj.is_dimensionless:
        return str(obj)
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, (np.floating, float)):
        return None if not np.isfinite(obj) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


def versions() -> dict:
    import brian2
    import matplotlib
    import scipy

    from . import __version__

    return {"spikelearn": __version__, "python": platform.python_version(), "brian2": brian2.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "matplotlib": matplotlib.__version__,
            "platform": platform.platform()}
