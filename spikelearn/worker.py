"""What a sweep's Dask worker runs: one ``spikelearn run`` in a child process. Kept apart from :mod:`spikelearn.sweep`
so that a worker process imports neither Brian2 nor matplotlib: only the child simulates, and a worker that is
stopped leaves nothing of Brian2's behind (its log files)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from .interrupts import run_process

ONE_SIMULATION_PER_PROCESS = threading.Lock()


def value_text(value) -> str:
    """An option's value as ``--set`` reads it back: true / false, the number's repr, or the text itself."""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else repr(value)


def run_arguments(name: str, scale: float, seed: int, device: str | None = None, options=None) -> list:
    """The arguments of ``spikelearn run`` for a run of model ``name`` (``--device`` only when given), with each
    option as ``--set``: the command a sweep's worker starts and the one a report shows."""
    device_arguments = ["--device", device] if device else []
    sets = [f"--set={key}={value_text(value)}" for key, value in (options or {}).items()]
    return ["run", name, "--scale", repr(scale), "--seed", str(seed), *device_arguments, *sets]


def run_on_worker(name: str, scale: float, seed: int, device: str, options: dict) -> dict:
    """On a worker: one ``spikelearn run`` of model ``name`` in a child process (a fresh Brian2, ended with its worker:
    ``SPIKELEARN_STOP_WITH_PARENT``) into a new temporary directory, which the run removes again if it is stopped;
    returns its files as {file name: bytes}."""
    with ONE_SIMULATION_PER_PROCESS:
        folder = Path(tempfile.gettempdir()) / f"spikelearn-sweep-{uuid.uuid4().hex}"
        command = [
            sys.executable,
            "-m",
            "spikelearn.cli",
            *run_arguments(name, scale, seed, device, options),
            "--quiet",
            "--out",
            str(folder),
        ]
        try:
            with tempfile.TemporaryFile("w+") as log:
                code = run_process(command, os.getcwd(), log, env=dict(os.environ, SPIKELEARN_STOP_WITH_PARENT="1"))
                log.seek(0)
                output = log.read().strip()
            if code != 0:
                raise RunFailed(output.splitlines()[-1] if output else f"exit code {code}")
            return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        finally:
            shutil.rmtree(folder, ignore_errors=True)


class RunFailed(RuntimeError):
    """A sweep's run that ended with an error; the message is the run's last line of output."""
