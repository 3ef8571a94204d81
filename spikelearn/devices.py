"""Run one Brian2 simulation on a chosen device: runtime, cpp_standalone or cuda_standalone.

Model code is written once for every device::

    with Simulation("cpp_standalone", seed=1) as sim:
        net = Network(...)
        sim.run(net, 10 * second)
        sim.execute()          # standalone: generate, compile and run; runtime: nothing to do
        ... read monitors ...

Standalone projects are compiled once per circuit structure and run many times. The code is generated in a
temporary directory (removed afterwards; about 0.4 s for a small circuit), then brought into a kept build of the
same structure (under ``$XDG_CACHE_HOME`` or ``~/.cache``: ``spikelearn/standalone/KEY-brian2-VERSION-CPU/SLOT``):
KEY is a hash of the generated code except ``main.cpp``, ``objects.cpp`` and the static arrays, the three that
carry data (initial values, connectivity drawn in numpy, array sizes, the run's duration). Only files whose content
changed are copied over, so ``make`` recompiles only those: another seed, other initial weights or another duration
recompile nothing or those two files, never the code objects. Results go to the temporary directory (Brian2's
``--results_dir``), so runs never read each other's. Runs in parallel each lock a slot of their own; a new slot starts
as a copy of a built one (waiting while another run compiles it), so runs started together compile once. A build
that fails is retried once from clean objects (a compiler killed mid-write can leave a broken one), then its slot is
removed. ``cache=False`` builds in the temporary directory alone.

The seed is not compiled in: on cpp_standalone the random number generators are seeded at the start of ``main``
from the environment variable ``SPIKELEARN_SEED``, set for the run through Brian2's ``run_environment_variables``
(seed + thread number per OpenMP thread, as :func:`brian2.seed` does), so a new seed changes no code. Brian2 offers no
run argument for the seed (``run_args`` set variables and TimedArrays only), and a seed in ``main.cpp`` would make
every seed recompile it. cuda_standalone seeds its own generators at compile time (:func:`brian2.seed`).

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
import hashlib
import os
import platform
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
from .interrupts import deferred, doing, run_process, signals_raise

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
            fcntl.flock(build, fcntl.LOCK_SH)  # blocks while that slot is being built
            if not (sibling / "main").exists():
                continue
            try:
                shutil.copytree(
                    sibling,
                    directory,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("results", "tmp", ".lock", ".build"),
                )
                return
            except (OSError, shutil.Error):  # e.g. the sibling was removed meanwhile: build from scratch
                _empty(directory)


def _locked_slot(key: str):
    """The first slot directory of ``key``'s cache that no other process holds, locked, with its ``.build`` lock
    held until its code is compiled (an unbuilt slot starts as a copy of a built one): (directory, slot lock, build
    lock), or (None, None, None) where file locks are not available."""
    try:
        import fcntl
    except ImportError:
        return None, None, None
    base = cache_root() / f"{key}-brian2-{brian2.__version__}-{machine()}"
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
        fcntl.flock(build, fcntl.LOCK_EX)  # only readers of a finished slot take it; they let go at once
        if not (directory / "main").exists():
            _copy_built_slot(directory, fcntl)
        return str(directory), lock, build


DATA_FILES = ("main.cpp", "objects.cpp")  # generated files that carry data, not structure
BUILD_OUTPUTS = ("results", "tmp", ".lock", ".build", "make.log", "main")
SEED_VARIABLE = "SPIKELEARN_SEED"
# one line per object file that make compiled (brian2 2.9's makefile also runs the compiler once for dependencies)
COMPILE_LINE = re.compile(r"^\S*(?:g\+\+|gcc|c\+\+|clang\+\+|nvcc)\s(?:.*\s)?-c\s.*\s-o\s+\S+\.o\b", re.M)


def _generated_files(project: Path):
    """The files Brian2 generated in ``project`` (relative paths), not what the build or a run added."""
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if path.is_file() and relative.parts[0] not in BUILD_OUTPUTS and path.suffix not in (".o", ".d"):
            yield relative


def structure_key(project: Path) -> str:
    """A hash of the generated code of ``project`` that leaves out the data-carrying files (:data:`DATA_FILES`) and
    the static arrays: projects with the same key differ only in what those hold."""
    digest = hashlib.sha256()
    for relative in _generated_files(project):
        if relative.name in DATA_FILES or relative.parts[0] == "static_arrays":
            continue
        digest.update(str(relative).encode() + b"\0" + (project / relative).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _sync(source: Path, target: Path) -> None:
    """Copy the generated files of ``source`` whose content differs from ``target``'s (new modification times, so
    ``make`` rebuilds what depends on them); identical files keep their times."""
    for relative in _generated_files(source):
        new, old = source / relative, target / relative
        if old.is_file() and old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(new, old)


def _empty(slot: Path) -> None:
    """Remove a slot's project but not its lock files, which other processes may hold or be about to open."""
    for path in slot.iterdir():
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name not in (".lock", ".build"):
            path.unlink(missing_ok=True)


def machine() -> str:
    """This machine's architecture and CPU features: builds use -march=native, so a cache shared between machines
    (a home directory on a network file system) keeps one build per kind of processor."""
    flags = ""
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags"))
    except (OSError, StopIteration):
        pass
    return f"{platform.machine()}-{hashlib.sha256(flags.encode()).hexdigest()[:8]}"


SEED_CODE = f"""
{{
    const char* _seed_text = std::getenv("{SEED_VARIABLE}");
    if (_seed_text == nullptr) {{ std::cerr << "{SEED_VARIABLE} is not set" << std::endl; return 2; }}
    const unsigned long _seed = std::stoul(_seed_text);
    for (size_t _i=0; _i<brian::_random_generators.size(); _i++)   // as brian2.seed: seed + thread number
        brian::_random_generators[_i].seed(_seed + _i);
}}
"""


class Simulation:
    """Context manager selecting a Brian2 device and seeding its random numbers; standalone projects are kept per
    structure unless ``cache`` is False (module docstring). ``timing`` after :meth:`execute`: ``build_s``, ``sim_s``
    and ``compiled``, the number of C++ files this run compiled."""

    def __init__(self, device: str = "runtime", seed: int = 0, progress: bool = False, cache: bool = True):
        self.device = check_choice("device", device, DEVICES)
        if not isinstance(cache, bool):
            raise InputError(f"cache must be True or False, got {cache!r}")
        self.seed, self.progress, self.cache = seed, progress, cache
        self.directory, self.project, self._lock, self._build, self._failed = None, None, None, None, False
        self.sim_s, self.build_s, self.compiled = 0.0, 0.0, 0

    def __enter__(self):
        if self.device == "cuda_standalone":
            try:
                import brian2cuda  # noqa: F401  (registers the device)
            except ImportError:
                raise InputError(
                    "device 'cuda_standalone' needs brian2cuda "
                    "(pip install brian2cuda; Python >= 3.12, brian2 >= 2.10, a CUDA GPU)"
                ) from None
        self._stack = ExitStack()
        self._stack.enter_context(signals_raise())
        self._stack.enter_context(doing("setting up the network"))
        self._start = time.perf_counter()  # build_s includes any wait for another run's compilation
        try:
            if self.device == "runtime":
                set_device("runtime")
                brian2.seed(self.seed)
                return self
            gc.collect()  # frees the names of earlier runs' objects, so that this run's code is named alike
            self.directory = tempfile.mkdtemp(prefix="spikelearn-")
            set_device(self.device, directory=self.directory, build_on_run=False)
            if self.device == "cpp_standalone":
                get_device().insert_code("main", SEED_CODE)
            else:
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
            if net.t < end - 1e-9 * brian2.second:  # Brian2 sets t to the end exactly when a run finishes
                raise RuntimeError(f"the simulation stopped at {net.t} of {end}: an incomplete run has no results")

    def execute(self):
        """Build and run the standalone project (nothing to do at runtime); fixes the timings."""
        if self.device != "runtime":
            device = get_device()
            with doing("generating the C++ code"):
                device.build(directory=self.directory, run=False, compile=False, with_output=self.progress)
                self.project = Path(self.directory)
                if self.cache:
                    self._take_slot()
            with doing("compiling the C++ code"):
                self._make()
            self._release_build()  # compiled: other slots may copy this one now
            device.run_environment_variables[SEED_VARIABLE] = str(self.seed)
            os.environ.pop(SEED_VARIABLE, None)  # Brian2 leaves the last run's there and logs replacing it
            with doing("simulating"):
                device.run(directory=str(self.project), with_output=self.progress)  # results: self.directory
            self.sim_s = device.timers["run_binary"] or 0.0
        self.build_s = time.perf_counter() - self._start - self.sim_s

    def _take_slot(self):
        """Lock a kept build of this structure (a copy of a built one if it is new) and bring the new code into it."""
        key = structure_key(self.project)
        slot, self._lock, self._build = _locked_slot(key)
        if slot is not None:
            _sync(self.project, Path(slot))
            self.project = Path(slot)

    def _make(self):
        """Compile the project with ``make -jN`` (N usable cores) in a process group of its own that holds the cache
        slot's lock; output to ``make.log`` in the project, whose end a failure reports; the compilers' temporary files
        in its ``tmp`` folder. A cached build that fails is tried once more from clean objects."""
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        extra = [a for a in prefs.devices.cpp_standalone.extra_make_args_unix if a != "-j"]  # "-j": no limit
        command = [*prefs.devices.cpp_standalone.make_cmd_unix.split(), *extra]
        command += [] if any(a.startswith("-j") for a in extra) else [f"-j{jobs}"]
        if self.progress:
            print(f"compiling the C++ code ({' '.join(command)})", file=sys.stderr)
        log = self.project / "make.log"
        for _attempt in ("incremental", "clean"):
            shutil.rmtree(self.project / "tmp", ignore_errors=True)
            (self.project / "tmp").mkdir()
            with open(log, "w") as output:
                code = run_process(
                    command,
                    self.project,
                    output,
                    keep_open=[self._lock.fileno()] if self._lock else [],
                    env=dict(os.environ, TMPDIR=str(self.project / "tmp")),
                )
            self.compiled += len(COMPILE_LINE.findall(log.read_text(errors="replace")))
            if code == 0 or self._lock is None:
                break
            for stale in [*self.project.rglob("*.o"), self.project / "main"]:  # then build everything anew
                stale.unlink(missing_ok=True)
        if code != 0:
            self._failed = True
            tail = log.read_text(errors="replace").strip().splitlines()[-20:]
            raise RuntimeError(f"compiling the standalone project failed (make exit code {code}):\n" + "\n".join(tail))

    def _release_build(self):
        if self._build is not None:
            self._build.close()
            self._build = None

    @property
    def timing(self) -> dict:
        return {"build_s": round(self.build_s, 3), "sim_s": round(self.sim_s, 3), "compiled": self.compiled}

    def __exit__(self, *exc):
        try:
            with deferred():  # a signal now is raised after the clean-up
                if self.device != "runtime":
                    get_device().reinit()
                    set_device("runtime")
                    brian2.Network._globally_running = False  # Brian2 leaves it set when its binary's run is stopped
                    if self.directory is not None:
                        shutil.rmtree(self.directory, ignore_errors=True)
                    if self._lock is not None and self._failed:  # a slot whose build failed: start it afresh
                        _empty(self.project)
                    self._release_build()
                    if self._lock is not None:
                        self._lock.close()
        finally:
            self._stack.close()
        return False
