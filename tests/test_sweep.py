"""``spikelearn sweep`` with real Dask: a local cluster of worker processes, and a real ``dask scheduler`` with two
``dask worker`` processes on 127.0.0.1, one of them killed mid-sweep. The model is oja_pca at a small scale
(standalone: one compilation per build cache, then about a second a run); C++ with the test session's flags (-O1,
tests/conftest.py) through a ``brian_preferences`` file in the working directory, which every worker process reads at
import, so that the tests without a cache of their own reuse the session's build of oja_pca at this scale (the sweep of
test_report_browser.py makes it) or make it for the tests after them."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import brian2
import pytest

from spikelearn.cli import main
from spikelearn.sweep import parse_seeds, run_key

PREFERENCES = f"codegen.cpp.extra_compile_args_gcc = {brian2.prefs.codegen.cpp.extra_compile_args_gcc!r}\n"
MODEL = ["oja_pca", "--scale", "0.05"]


@pytest.fixture(scope="module")
def shared_cache(build_cache):
    """The build cache for the tests that do not count compilations: the session's (tests/conftest.py), where oja_pca
    at this scale compiles at most once for them and the other tests of the session."""
    return Path(os.environ["XDG_CACHE_HOME"])


@pytest.fixture
def place(tmp_path, request, shared_cache):
    """A working directory with Brian2 preferences; ``place / "cache"``, the build cache, is the shared one unless the
    test is marked ``own_cache``."""
    (tmp_path / "brian_preferences").write_text(PREFERENCES)
    if request.node.get_closest_marker("own_cache"):
        (tmp_path / "cache").mkdir()
    else:
        (tmp_path / "cache").symlink_to(shared_cache, target_is_directory=True)
    return tmp_path


def environment(place) -> dict:
    return dict(os.environ, XDG_CACHE_HOME=str(place / "cache"), PYTHONUNBUFFERED="1")


def spikelearn(place, *args, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", "spikelearn.cli", *args],
        cwd=place,
        env=environment(place),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def runs(out: Path) -> dict:
    """Finished runs: key -> results.json."""
    folders = sorted((out / "runs").iterdir()) if (out / "runs").is_dir() else []
    return {d.name: json.loads((d / "results.json").read_text()) for d in folders if (d / "results.json").is_file()}


@pytest.mark.own_cache
def test_a_local_sweep_compiles_once_writes_every_run_and_resumes(place):
    out = place / "sweep"
    done = spikelearn(place, "sweep", *MODEL, "--seeds", "0-3", "--workers", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    first = runs(out)
    assert list(first) == [f"seed={s}" for s in range(4)]
    assert all(
        {p.name for p in (out / "runs" / k).iterdir()} == {"results.json", "report.html", "oja_pca.png"} for k in first
    )
    compiled = sorted(r["timing"]["compiled"] for r in first.values())
    assert compiled[-1] > 10 and all(c <= 1 for c in compiled[:-1])  # one full build; the others main.cpp at most
    assert len({json.dumps(r["metrics"]["weights"]) for r in first.values()}) == 4  # four different seeds
    state = json.loads((out / "sweep.json").read_text())
    assert [r["status"] for r in state["runs"]] == ["finished"] * 4
    [summary] = state["summary"]
    assert summary["n"] == 4 and all(c["text"] == f"passes in {c['passed']} of 4 seeds" for c in summary["claims"])
    assert "passes in" in done.stdout and (out / "sweep.png").stat().st_size > 10_000
    assert (out / "summary.csv").read_text().startswith("kind,name,n,passed,mean,sd,min,max\n")
    assert (out / "index.html").read_text().count('/report.html">seed=') == 4  # the index links every run
    times = {k: (out / "runs" / k / "results.json").stat().st_mtime_ns for k in first}

    again = spikelearn(place, "sweep", *MODEL, "--seeds", "0-4", "--workers", "1", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert again.stderr.count(": finished (") == 1 and len(runs(out)) == 5  # only seed 4 ran
    assert all((out / "runs" / k / "results.json").stat().st_mtime_ns == t for k, t in times.items())


def test_a_sweep_through_a_scheduler_survives_a_killed_worker(place):
    started = []

    def start(*args):
        started.append(
            subprocess.Popen(
                ["dask", *args], cwd=place, env=environment(place), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        return started[-1]

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", "s.json")
        deadline = time.monotonic() + 60
        while not (place / "s.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads((place / "s.json").read_text())["address"]
        workers = [
            start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1")
            for _ in range(2)
        ]
        sweep = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "spikelearn.cli",
                "sweep",
                *MODEL,
                "--seeds",
                "0-2",
                "--scheduler",
                address,
                "--out",
                str(place / "sweep"),
            ],
            cwd=place,
            env=environment(place),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        victim = workers[0]
        deadline = time.monotonic() + 120
        while not children(victim.pid) and time.monotonic() < deadline:  # it compiles or runs a simulation
            time.sleep(0.05)
        assert children(victim.pid), "the worker never started a run"
        victim.kill()
        out, err = sweep.communicate(timeout=600)
        assert sweep.returncode == 0, err
        assert list(runs(place / "sweep")) == [f"seed={s}" for s in range(3)]  # its run was retried, none lost
    finally:
        for process in reversed(started):  # the workers, then the scheduler
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def children(pid: int) -> list:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"\nPPid:\t{pid}\n" in (entry / "status").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.own_cache  # stopped while it compiles
def test_stopping_a_sweep_keeps_finished_runs_and_leaves_no_process_behind(place):
    (place / "tmp").mkdir()
    out = place / "sweep"
    command = [
        sys.executable,
        "-m",
        "spikelearn.cli",
        "sweep",
        *MODEL,
        "--seeds",
        "0-2",
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    sweep = subprocess.Popen(
        command,
        cwd=place,
        env=dict(environment(place), TMPDIR=str(place / "tmp")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not any("cc1plus" in cmd for cmd in commands().values()) and time.monotonic() < deadline:
        time.sleep(0.05)  # the first run compiles
    os.killpg(sweep.pid, signal.SIGINT)  # Ctrl-C in a terminal: the sweep and its local workers
    out_text, err = sweep.communicate(timeout=120)
    assert sweep.returncode == 130 and "the same command resumes" in err, err
    state = json.loads((out / "sweep.json").read_text())
    statuses = {r["status"] for r in state["runs"]}
    assert statuses <= {"finished", "pending"} and "pending" in statuses
    assert set(runs(out)) == {r["key"] for r in state["runs"] if r["status"] == "finished"}
    deadline = time.monotonic() + 20
    while [c for c in commands().values() if str(place) in c or "cc1plus" in c] and time.monotonic() < deadline:
        time.sleep(0.1)  # the run ends with its worker, make and its compilers with the run
    assert not [c for c in commands().values() if str(place) in c or "cc1plus" in c]
    assert list((place / "tmp").iterdir()) == []  # no run folder, no build folder left


def commands() -> dict:
    """pid -> command line of every live process."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and ") Z " not in (entry / "stat").read_text():
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


def test_resuming_a_different_sweep_is_refused(place, capsys):
    out = place / "sweep"
    out.mkdir()
    (out / "sweep.json").write_text(json.dumps({"model": "oja_pca", "scale": 0.05, "device": "cpp_standalone"}))
    assert main(["sweep", "oja_pca", "--seeds", "0", "--scale", "0.1", "--out", str(out)]) == 2
    assert "holds a sweep of oja_pca at scale 0.05 on cpp_standalone" in capsys.readouterr().err


def test_failed_runs_are_recorded_the_others_go_on_and_the_exit_code_is_1(place):
    out = place / "sweep"
    (out / "runs").mkdir(parents=True)
    (out / "runs" / "seed=1").write_text("a file where the run's directory belongs")
    done = spikelearn(place, "sweep", *MODEL, "--seeds", "0-1", "--workers", "1", "--out", str(out))
    assert done.returncode == 1
    state = {r["key"]: r for r in json.loads((out / "sweep.json").read_text())["runs"]}
    assert [state[k]["status"] for k in ("seed=0", "seed=1")] == ["finished", "failed"]
    assert "exists and is not a directory" in state["seed=1"]["error"] and "run seed=1 failed" in done.stderr


def test_a_run_that_raises_on_its_worker_is_recorded_with_its_error(place):
    try:
        import brian2cuda  # noqa: F401

        pytest.skip("brian2cuda is installed: cuda_standalone runs here")
    except ImportError:
        pass
    out = place / "sweep"
    done = spikelearn(
        place, "sweep", *MODEL, "--device", "cuda_standalone", "--seeds", "0", "--workers", "1", "--out", str(out)
    )
    assert done.returncode == 1
    [run] = json.loads((out / "sweep.json").read_text())["runs"]
    assert run["status"] == "failed" and "needs brian2cuda" in run["error"] and runs(out) == {}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sweep", "nope", "--seeds", "0"], "unknown model 'nope'"),
        (["sweep", "oja_pca", "--seeds", "x"], "--seeds takes seeds and ranges like 0-9"),
        (["sweep", "oja_pca", "--seeds", "3-1"], "--seeds must name distinct seeds >= 0"),
        (["sweep", "oja_pca", "--seeds", "0,0"], "--seeds must name distinct seeds >= 0"),
        (["sweep", "oja_pca", "--seeds", "0", "--set", "neurons=1,2"], "oja_pca has no option 'neurons'"),
        (
            ["sweep", "burstprop_xor", "--seeds", "0", "--set", "neurons=100,5"],
            "neurons must be an integer >= 10, got 5",
        ),
        (
            ["sweep", "burstprop_xor", "--seeds", "0", "--set", "homeostasis=true,maybe"],
            "option homeostasis takes true or false, got 'maybe'",
        ),
        (["sweep", "oja_pca", "--seeds", "0", "--scale", "20"], "scale must be a number > 0 and <= 10"),
        (["sweep", "oja_pca", "--seeds", "0", "--device", "gpu"], "device must be one of"),
        (["sweep", "oja_pca", "--seeds", "0", "--workers", "0"], "--workers must be an integer >= 1"),
        (["sweep", "burstprop_xor", "--seeds", "0", "--set", "neurons=100,100"], "name some run twice"),
        (["sweep", "song2000", "--seeds", "0", "--scale", "1e-5"], "scale must be a number >= 0.000333"),
    ],
)
def test_bad_sweep_input_exits_2_before_any_run(argv, message, tmp_path, capsys):
    started = time.monotonic()
    assert main(argv + ["--out", str(tmp_path / "sweep")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("spikelearn: error:") and message in err and "\n" not in err, err
    assert time.monotonic() - started < 5 and not (tmp_path / "sweep").exists()


def test_an_unreachable_scheduler_is_reported_within_10_s(tmp_path, capsys):
    started = time.monotonic()
    assert main(["sweep", "oja_pca", "--seeds", "0", "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path)]) == 2
    assert time.monotonic() - started < 20  # at most 10 s to reach it, plus starting the client
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 10 s" in capsys.readouterr().err


def test_seeds_and_keys():
    assert parse_seeds("0-3") == [0, 1, 2, 3] and parse_seeds("5, 1,9-10") == [5, 1, 9, 10]
    assert (
        run_key({"neurons": 100, "homeostasis": False, "example_s": 4.0}, 3)
        == "example_s=4.0,homeostasis=false,neurons=100,seed=3"
    )
