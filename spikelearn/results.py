"""The results of a model run: measured numbers, checked claims, figures; saved as JSON atomically."""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from brian2 import Quantity

from .checks import InputError
from .interrupts import deferred


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
    """What ``spikelearn.models.<name>.run`` returns; ``save`` writes ``results.json`` and ``report.html`` (figures
    are saved by the model). ``command`` is the command line that reproduces the run, where it came from one."""

    model: str
    params: dict
    metrics: dict
    claims: list
    timing: dict
    figures: list = field(default_factory=list)
    versions: dict = field(default_factory=lambda: versions())
    command: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.claims)

    def to_dict(self) -> dict:
        return jsonable(
            {
                "model": self.model,
                "params": self.params,
                "metrics": self.metrics,
                "claims": [asdict(c) for c in self.claims],
                "timing": self.timing,
                "figures": [Path(f).name for f in self.figures],
                "versions": self.versions,
                "command": self.command,
            }
        )

    def save(self, out) -> Path:
        """Write ``out/report.html`` (:mod:`spikelearn.report`), then ``out/results.json``, each via a temporary file
        and a rename: never half-written."""
        from .report import description, run_html

        result = self.to_dict()
        atomic_write(Path(out) / "report.html", run_html(result, Path(out), description(self.model)))
        return atomic_write(Path(out) / "results.json", json.dumps(result, indent=2) + "\n")

    def summary(self) -> str:
        """A short text table of the claims."""
        width = max([len(c.claim) for c in self.claims] + [5])
        lines = [
            f"{self.model}: build {self.timing.get('build_s', 0):.1f} s, simulate {self.timing.get('sim_s', 0):.1f} s"
        ]
        lines += [
            f"  {'PASS' if c.passed else 'FAIL'}  {c.claim:<{width}}  {c.value:>10.4g}  (target {c.target})"
            for c in self.claims
        ]
        return "\n".join(lines)


def atomic_write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (or bytes) to ``path`` through a temporary file in the same directory, then rename: a failed
    write leaves what was there before. The file gets the mode a plain ``open`` would give it (0666 less the umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb" if isinstance(text, bytes) else "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def output_directory(text) -> Path:
    """The directory ``text`` names for a run's results, created (with its parents) and checked to be writable, before
    any work starts; :class:`InputError` for an empty or unusable path. Staging folders that runs killed by SIGKILL
    left behind (:class:`Staged`) are removed."""
    if text is None or not str(text).strip():
        raise InputError("--out must name a directory, got an empty path")
    out = Path(text).expanduser()
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(dir=out, prefix=STAGING))
    except OSError as e:
        raise InputError(f"--out {out} is not a writable directory ({e.strerror or e})") from None
    for stale in out.glob(f"{STAGING}*"):
        pid = stale.name[len(STAGING) :].partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return out


STAGING = ".spikelearn-run-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Staged:
    """``with Staged(out) as stage``: a hidden folder ``stage.folder`` in ``out`` that a run writes its files to. When
    the block ends normally they are renamed into ``out`` (``results.json`` last, with SIGINT, SIGTERM and SIGHUP held
    back meanwhile) and ``stage.committed`` is set; otherwise the folder is removed. So ``out`` gets every file of a
    finished run or none, and what was there stays until then."""

    def __init__(self, out):
        self.out, self.committed = Path(out), False

    def __enter__(self):
        self.folder = Path(tempfile.mkdtemp(dir=self.out, prefix=f"{STAGING}{os.getpid()}-"))
        return self

    def __exit__(self, kind, error, traceback):
        try:
            if kind is None:
                with deferred():
                    for path in sorted(self.folder.iterdir(), key=lambda p: p.name == "results.json"):
                        if path.is_dir() and (self.out / path.name).is_dir():
                            shutil.rmtree(self.out / path.name)
                        os.replace(path, self.out / path.name)
                    self.committed = True
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        return False


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

    return {
        "spikelearn": __version__,
        "python": platform.python_version(),
        "brian2": brian2.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "matplotlib": matplotlib.__version__,
        "platform": platform.platform(),
    }
