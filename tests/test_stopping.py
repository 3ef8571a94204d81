"""Runs stopped by real signals: real ``spikelearn run`` subprocesses (and a small standalone script for the build
cache), real SIGINT / SIGTERM / SIGKILL, checked by exit code, files, and the processes left, found by their ids.

Each subprocess runs in a directory with a ``brian_preferences`` file (Brian2 reads it at import): runtime code on
the numpy target and C++ at -O1, so that the runs reach the point where they are stopped quickly. ``TMPDIR`` and
``XDG_CACHE_HOME`` point into the test's own folder, so build folders and logs left behind would be seen there.
"""

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PREFERENCES = """\
codegen.target = 'numpy'
codegen.cpp.extra_compile_args_gcc = ['-w', '-O1', '-std=c++17']
"""

PROGRESS = re.compile(r"\w+: +[\d.]+% \(\d+ s\)$")
SAVED = {
    "results.json": '{"saved": "by the user"}\n',
    "report.html": "a page the user kept",
    "oja_pca.png": "a figure the user kept",
}


@pytest.fixture
def place(tmp_path):
    """A working directory with Brian2 preferences, a private TMPDIR and cache, and an --out holding saved results."""
    (tmp_path / "brian_preferences").write_text(PREFERENCES)
    for name in ("tmp", "cache", "out"):
        (tmp_path / name).mkdir()
    for name, text in SAVED.items():
        (tmp_path / "out" / name).write_text(text)
    return tmp_path


def start(place, *args, group=False):
    env = dict(os.environ, TMPDIR=str(place / "tmp"), XDG_CACHE_HOME=str(place / "cache"), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=place,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=group,
    )


def spikelearn(place, *args, group=False):
    return start(place, "-m", "spikelearn.cli", "run", *args, "--out", str(place / "out"), group=group)


def processes_in(folder: Path) -> dict:
    """Live processes (not zombies) whose working directory lies in ``folder``: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if str(folder) not in os.readlink(entry / "cwd") or ") Z " in (entry / "stat").read_text():
                continue
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:  # ended meanwhile
            continue
    return found


def wait_for(condition, timeout_s: float, what: str):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def alive(pid: int) -> bool:
    try:
        return ") Z " not in Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False


def assert_stopped(process, code: int, signal_name: str, activity: str, place):
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    lines = [line for line in err.strip().splitlines() if not PROGRESS.match(line)]
    assert len(lines) == 1 and "Traceback" not in err, err  # one line: no make chatter, no Brian2 bug banner
    assert f"stopped by {signal_name} while {activity}; nothing written to" in lines[0]
    assert {p.name: p.read_text() for p in (place / "out").iterdir()} == SAVED  # the user's files, untouched
    assert list((place / "tmp").iterdir()) == []  # no build folder, no Brian2 log


def test_sigint_during_a_runtime_simulation_writes_nothing(place):
    process = spikelearn(place, "oja_pca", "--device", "runtime", "--scale", "0.5")
    wait_for(lambda: process.stderr.readline().startswith("Oja:"), 120, "the first progress report")
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    assert_stopped(process, 130, "SIGINT", "simulating", place)


@pytest.mark.parametrize("signum, name", [(signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT")])
def test_a_signal_during_compilation_ends_make_and_its_compilers(place, signum, name):
    process = spikelearn(place, "stdp_window", "--quiet", group=True)

    def compiling():
        found = processes_in(place)
        make = {pid: cmd for pid, cmd in found.items() if cmd.startswith("make")}
        compilers = {pid: cmd for pid, cmd in found.items() if "cc1plus" in cmd}
        return (make, compilers) if make and compilers else None

    make, compilers = wait_for(compiling, 120, "make and the compilers")
    assert list(make.values()) == [f"make -j{len(os.sched_getaffinity(0))}"]  # one make, -j the cores
    if signum == signal.SIGINT:  # Ctrl-C in a terminal: the signal goes to the whole foreground group
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    assert_stopped(process, 128 + signum, name, "compiling the C++ code", place)
    wait_for(lambda: not any(alive(pid) for pid in {**compilers, **make}), 10, "make and the compilers to end")


def test_sigint_to_the_process_during_a_standalone_run_kills_the_binary(place):
    process = spikelearn(place, "oja_pca", "--quiet", "--scale", "2")
    binary = wait_for(
        lambda: [pid for pid, cmd in processes_in(place).items() if cmd.startswith("./main")],
        180,
        "the standalone binary",
    )
    started = time.monotonic()
    process.send_signal(signal.SIGINT)  # kill -INT PID: only the Python process gets it
    assert_stopped(process, 130, "SIGINT", "simulating", place)
    assert time.monotonic() - started < 10 and not any(alive(pid) for pid in binary)


CACHED_SCRIPT = """
from brian2 import Network, NeuronGroup, SpikeMonitor, ms
from spikelearn.devices import Simulation

with Simulation("cpp_standalone", seed=1) as sim:
    group = NeuronGroup(20, "dv/dt = -v / (10 * ms) + xi / sqrt(10 * ms) : 1", threshold="v > 1", reset="v = 0",
                        method="euler", name="noisy")
    spikes = SpikeMonitor(group, name="spikes")
    sim.run(Network(group, spikes), 200 * ms)
    sim.execute()
    print(spikes.num_spikes)
"""


def compiling_in_cache(place) -> dict:
    return wait_for(
        lambda: {pid: cmd for pid, cmd in processes_in(place / "cache").items() if "cc1plus" in cmd},
        120,
        "the compilers in the cache slot",
    )


def test_a_cache_slot_stopped_mid_compile_serves_the_next_run(place):
    (place / "cached.py").write_text(CACHED_SCRIPT)
    process = start(place, "cached.py")
    compiling_in_cache(place)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    wait_for(lambda: not processes_in(place / "cache"), 10, "make and the compilers to end")
    again = start(place, "cached.py")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0 and int(out) > 10, err
    slots = [p.name for p in next((place / "cache" / "spikelearn" / "standalone").iterdir()).iterdir()]
    assert slots == ["0"]  # the same slot, not a new one beside a broken one


def test_a_slot_stays_locked_while_an_orphaned_make_runs(place):
    (place / "cached.py").write_text(CACHED_SCRIPT)
    process = start(place, "cached.py")
    compiling_in_cache(place)
    process.kill()  # SIGKILL: no clean-up can run; make and its compilers go on
    process.communicate(timeout=60)
    orphans = processes_in(place / "cache")
    slot = next((place / "cache" / "spikelearn" / "standalone").iterdir()) / "0"
    try:
        if orphans:
            with open(slot / ".lock") as lock, pytest.raises(BlockingIOError):
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # still held through make's inherited descriptor
    finally:
        for pid in orphans:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
    assert orphans, "make ended before the check"
    wait_for(lambda: not processes_in(place / "cache"), 10, "the orphans to end")
    with open(slot / ".lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the last of them is gone


def test_results_are_written_only_for_a_finished_run_with_the_umask_s_modes(place):
    process = start(
        place,
        "-c",
        "import os, sys; os.umask(0o027); from spikelearn.cli import main; "
        f"sys.exit(main(['run', 'oja_pca', '--device', 'runtime', '--scale', '0.01', "
        f"'--quiet', '--out', {str(place / 'out')!r}]))",
    )
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    files = {p.name: p for p in (place / "out").iterdir()}
    assert set(files) == {"results.json", "report.html", "oja_pca.png"}  # no staging folder left
    assert json.loads(files["results.json"].read_text())["model"] == "oja_pca"
    assert {p.stat().st_mode & 0o777 for p in files.values()} == {0o640}
