"""Run one Brian2 simulation on a chosen device: runtime, cpp_standalone or cuda_standalone.

Model code is written once for every device::

    with Simulation("cpp_standalone", seed=1) as sim:
        net = Network(...)
        sim.run(net, 10 * second)
        sim.execute()          # standalone: generate, compile and run; runtime: nothing to do
        ... read monitors ...

In standalone modes the code is generated in a temporary directory that is removed afterwards,
and the previous device (runtime) is restored, so several simulations can follow in one process.
``Simulation(..., cache="name")`` builds in a kept directory instead (under ``$XDG_CACHE_HOME`` or
``~/.cache``, ``spikelearn/standalone/name-brian2-VERSION/SLOT``), where Brian2 rewrites only the files whose
code changed and ``make`` recompiles only those: a second seed of the same circuit recompiles ``main.cpp``
(seconds) instead of the whole project (a minute or more). Runs in parallel each lock their own slot; a new slot
starts as a copy of a built one (waiting while another run compiles it), so runs started together compile once.

Stopping: within a ``Simulation`` (in the main thread) SIGINT, SIGTERM and SIGHUP raise
:class:`spikelearn.interrupts.Interrupted` at once, while the code is generated, compiled or run, or a runtime network
simulated; ``make`` runs in a process group of its own (``-j`` the number of usable cores, not Brian2's unbounded
``-j`` of older versions) that is ended with it, and a standalone binary is killed by Brian2's ``subprocess`` call.
The temporary project is removed; a cache slot keeps what was compiled (``make`` deletes a half-written object when
it is stopped) and stays locked as long as any process of its ``make`` runs. A runtime run that ends early anyway
(Brian2's ``stop()``) raises instead of returning as if finished.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import brian2
from brian2 import get_device, prefs, set_device

from .checks import InputError, check_choice
from .interrupts import Interrupted, deferred, doing, run_process, signals_raise

DEVICES = ("runtime", "cpp_standalone", "cuda_standalone")


class _TextProgress:
    """Brian2 ``report`` callback: a tqdm bar when tqdm is installed, a line per report otherwise."""

    def __init__(self, label: str):
        self.label, self.bar = label, None
        try:
            from tqdm import tqdm
        except ImportError:
            tqdm = None
        self.tqdm = tqdm

    def __call__(self, elapsed, completed, start, duration):
        if self.tqdm is not None:
            if self.bar is None:
                self.bar = self.tqdm(total=100, desc=self.label, unit="%", file=sys.stderr, leave=False)
            self.bar.update(round(100 * completed) - self.bar.n)
            if completed >= 1:
                self.bar.close()
        else:
            print(f"{self.label}: {100 * completed:5.1f}% ({float(elapsed):.0f} s)", file=sys.stderr)


def cache_root() -> Path:
    """Where cached standalone projects live."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spikelearn" / "standalone"


def _copy_built_slot(directory: Path, fcntl) -> None:
    """Fill the unbuilt slot ``directory`` with a copy of a lower-numbered slot's project (file times kept, so
    ``make`` sees it up to date), waiting while that one is being built (its ``.build`` lock; lower-numbered only,
    so that no two slots wait for each other). Nothing if none has been built."""
    for sibling in sorted(directory.parent.iterdir()):
        if not sibling.name.isdigit() or int(sibling.name) >= int(directory.name) or not (sibling / ".build").exists():
            continue
        with open(sibling / ".build") as build:
            fcntl.flock(build, fcntl.LOCK_SH)   # blocks while that slot is being built
            if not (sibling / "main").exists():
                continue
            try:
                shutil.copytree(sibling, directory, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("results", "tmp", ".lock", ".build"))
                return
            except (OSError, shutil.Error):   # e.g. the sibling was removed meanwhile: build from scratch
                for p in directory.iterdir():
                    if p.is_dir():
                        shutil.rmtree(p, ignore_errors=True)
                    elif p.name not in (".lock", ".build"):
                        p.unlink()


def _locked_slot(key: str):
    """The first slot directory of ``key``'s cache that no other process holds, locked, with its ``.build`` lock
    held until its code is compiled (an unbuilt slot starts as a copy of a built one): (directory, slot lock, build
    lock), or (None, None, None) where file locks are not available."""
    try:
        import fcntl
    except ImportError:
        return None, None, None
    base = cache_root() / f"{key}-brian2-{brian2.__version__}"
    slot = 0
    while True:
        directory = base / str(slot)
        directory.mkdir(parents=True, exist_ok=True)
        lock = open(directory / ".lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            slot += 1
            continue
        build = open(directory / ".build", "w")
        fcntl.flock(build, fcntl.LOCK_EX)   # only readers of a finished slot take it; they let go at once
        if not (directory / "main").exists():
            _copy_built_slot(directory, fcntl)
        return str(directory), lock, build


class Simulation:
    """Context manager selecting a Brian2 device and seeding its random numbers; ``cache``: a name under which a
    standalone project is kept and rebuilt incrementally (module docstring)."""

    def __init__(self, device: str = "runtime", seed: int = 0, progress: bool = False, cache: str | None = None):
        self.device = check_choice("device", device, DEVICES)
        if cache is not None and not re.fullmatch(r"[\w.-]+", str(cache)):
            raise InputError(f"cache must be a name of letters, digits, '_', '.' or '-', got {cache!r}")
        self.seed, self.progress, self.cache = seed, progress, cache
        self.directory, self._lock, self._build, self._failed = None, None, None, False
        self.sim_s = 0.0
        self.build_s = 0.0

    def __enter__(self):
        if self.device == "cuda_standalone":
            try:
                import brian2cuda  # noqa: F401  (registers the device)
            except ImportError:
                raise InputError("device 'cuda_standalone' needs brian2cuda "
                                 "(pip install brian2cuda; Python >= 3.12, brian2 >= 2.10, a CUDA GPU)") from None
        self._stack = ExitStack()
        self._stack.enter_context(signals_raise())
        self._stack.enter_context(doing("setting up the network"))
        self._start = time.perf_counter()   # build_s includes any wait for another run's compilation
        try:
            if self.device == "runtime":
                set_device("runtime")
            else:
                if self.cache is not None:
                    gc.collect()   # frees the names of earlier runs' objects, so that this run's code is named alike
                    self.directory, self._lock, self._build = _locked_slot(self.cache)
                if self.directory is None:
                    self.directory = tempfile.mkdtemp(prefix="spikelearn-")
                set_device(self.device, directory=self.directory, build_on_run=False)
            brian2.seed(self.seed)
        except BaseException:
            self.__exit__()
            raise
        return self

    def run(self, net: brian2.Network, duration, label: str = "simulating"):
        """``net.run(duration)`` with progress reports when asked for."""
        report = None
        if self.progress:
            report = "stdout" if self.device != "runtime" else _TextProgress(label)
        start, end = time.perf_counter(), net.t + duration
        with doing("simulating"):
            net.run(duration, report=report, report_period=5 * brian2.second)
        if self.device == "runtime":
            self.sim_s += time.perf_counter() - start
            if net.t < end - 1e-9 * brian2.second:   # Brian2 sets t to the end exactly when a run finishes
                raise RuntimeError(f"the simulation stopped at {net.t} of {end}: an incomplete run has no results")

    def execute(self):
        """Build and run the standalone project (nothing to do at runtime); fixes the timings."""
        if self.device != "runtime":
            device = get_device()
            try:
                with doing("generating the C++ code"):
                    device.build(directory=self.directory, run=False, compile=False, with_output=self.progress)
                with doing("compiling the C++ code"):
                    self._make()
                self._release_build()   # compiled: other slots may copy this one now
                with doing("simulating"):
                    device.run(directory=self.directory, with_output=self.progress)
            except Interrupted:
                raise   # a cache slot stays usable: make removed any half-written object
            except BaseException:
                self._failed = True   # a cached project may be half built: start it afresh next time
                raise
            self.sim_s = device.timers["run_binary"] or 0.0
        self.build_s = time.perf_counter() - self._start - self.sim_s

    def _make(self):
        """Compile the generated project with ``make -jN`` (N usable cores) in a process group of its own, holding
        the cache slot's lock; its output goes to ``make.log`` in the project, whose end a failure reports, and the
        compilers' temporary files to its ``tmp`` folder (a compiler killed mid-write leaves its file there)."""
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        command = prefs.devices.cpp_standalone.make_cmd_unix.split() + [f"-j{jobs}"]
        if self.progress:
            print(f"compiling the C++ code ({' '.join(command)})", file=sys.stderr)
        project = Path(self.directory)
        shutil.rmtree(project / "tmp", ignore_errors=True)
        (project / "tmp").mkdir()
        with open(project / "make.log", "w") as log:
            code = run_process(command, project, log, keep_open=[self._lock.fileno()] if self._lock else [],
                               env=dict(os.environ, TMPDIR=str(project / "tmp")))
        if code != 0:
            tail = (project / "make.log").read_text(errors="replace").strip().splitlines()[-20:]
            raise RuntimeError(f"compiling the standalone project failed (make exit code {code}):\n" + "\n".join(tail))

    def _release_build(self):
        if self._build is not None:
            self._build.close()
            self._build = None

    @property
    def timing(self) -> dict:
        return {"build_s": round(self.build_s, 3), "sim_s": round(self.sim_s, 3)}

    def __exit__(self, *exc):
        with deferred(), self._stack:   # a signal now is raised after the clean-up
            if self.device != "runtime":
                get_device().reinit()
                set_device("runtime")
                if self.directory is not None and (self._lock is None or self._failed):
                    shutil.rmtree(self.directory, ignore_errors=True)
                elif self.directory is not None:   # keep the code and objects, not the recorded data
                    shutil.rmtree(Path(self.directory) / "results", ignore_errors=True)
                self._release_build()
                if self._lock is not None:
                    self._lock.close()
        return False
