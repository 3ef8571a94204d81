import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from spikelearn import models
from spikelearn.cli import main


def test_list_prints_every_model(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in models.MODELS:
        assert name in out


def test_console_script_is_installed():
    beside_python = Path(sys.executable).parent / "spikelearn"
    exe = str(beside_python) if beside_python.exists() else shutil.which("spikelearn")
    assert exe, "the spikelearn console script is not on PATH"
    done = subprocess.run([exe, "list"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "song2000" in done.stdout


def test_run_writes_results_and_figures(tmp_path, capsys):
    out = tmp_path / "window"
    assert main(["run", "stdp_window", "--scale", "0.05", "--device", "runtime", "--out", str(out), "--quiet"]) == 0
    results = json.loads((out / "results.json").read_text())
    assert set(results) >= {"model", "params", "metrics", "claims", "timing", "versions"}
    assert results["model"] == "stdp_window" and results["params"]["device"] == "runtime"
    assert set(results["timing"]) == {"build_s", "sim_s", "compiled"}
    assert all(set(c) == {"claim", "value", "target", "passed"} for c in results["claims"])
    assert results["claims"] and all(c["passed"] for c in results["claims"])
    assert (out / "stdp_window.png").stat().st_size > 10_000
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left
    assert "PASS" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "nope"], "unknown model 'nope'; known models: stdp_window, song2000, stdp_bridge"),
        (["run", "song2000", "--scale", "0"], "scale must be a number >= 0.000333 and <= 10"),
        (["run", "oja_pca", "--scale", "-2"], "scale must be a number > 0 and <= 10"),
        (["run", "song2000", "--seed", "-1"], "seed must be an integer >= 0"),
        (["run", "song2000", "--scale", "1e-6"], "scale must be a number >= 0.000333 and <= 10"),
        (["run", "oja_pca", "--seed", "4294967296"], "seed must be <= 4294967295 (32 bits)"),
        (
            ["run", "song2000", "--device", "gpu"],
            "device must be one of 'runtime', 'cpp_standalone', 'cuda_standalone'",
        ),
        (["run", "credit_assignment_digits", "--device", "runtime"], "device must be one of 'numpy'"),
        (
            ["run", "burstprop_xor", "--set", "nope=1"],
            "burstprop_xor has no option 'nope'; its options: homeostasis, neurons",
        ),
        (["run", "song2000", "--set", "neurons=100"], "song2000 has no option 'neurons'; its options: none"),
        (["run", "burstprop_xor", "--set", "homeostasis"], "--set takes KEY=VALUE, got 'homeostasis'"),
        (["run", "burstprop_xor", "--set", "homeostasis=off"], "option homeostasis takes true or false, got 'off'"),
        (["run", "burstprop_xor", "--set", "homeostasis=1"], "homeostasis must be True or False, got 1"),
        (["run", "burstprop_xor", "--set", "neurons=5"], "neurons must be an integer >= 10, got 5"),
        (["run", "oja_pca", "--scale", "1e9"], "scale must be a number > 0 and <= 10"),
        (["run", "credit_assignment_digits", "--scale", "11"], "scale must be a number > 0 and <= 10"),
        (["run", "oja_pca", "--scale", "inf"], "scale must be a number > 0 and <= 10"),
        (["run", "burstprop_xor", "--scale", "2"], "scale must be a number > 0 and <= 1 "),
        (
            ["run", "diehl_cook_2015", "--set", "dataset=cifar"],
            "dataset must be one of 'digits_28x28', 'fashion_mnist', 'mnist'; got 'cifar'",
        ),
        (
            ["run", "diehl_cook_2015", "--set", "dataset=mnist", "--set", "data=/nonexistent"],
            "mnist not found (looked in /nonexistent; missing train-images-idx3-ubyte",
        ),
        (["run", "diehl_cook_2015", "--set", "neurons=many"], "option neurons takes a number, got 'many'"),
        (["run", "spiking_fa_fashion", "--set", "dataset=digits"], "dataset must be one of 'fashion_mnist', 'mnist'"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, tmp_path, capsys):
    saved = tmp_path / "results.json"
    saved.write_text("{}")  # something the user saved: must survive
    assert main(argv + ["--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("spikelearn: error:") and message in err and "\n" not in err
    assert saved.read_text() == "{}"


def test_set_options_become_keyword_arguments_of_the_models_run():
    from spikelearn.cli import options

    model = models.get("burstprop_xor")
    assert options(model, ["homeostasis=false", "neurons=100"]) == {"homeostasis": False, "neurons": 100}
    assert options(model, ["homeostasis=True"]) == {"homeostasis": True} and options(model, []) == {}


def unusable_outs(tmp_path):
    (tmp_path / "a_file").write_text("saved")
    yield "", "--out must name a directory, got an empty path"
    yield "  ", "--out must name a directory, got an empty path"
    yield str(tmp_path / "a_file"), "exists and is not a directory"
    yield str(tmp_path / "a_file" / "sub"), "is not a writable directory (Not a directory)"
    yield "/proc/x", "is not a writable directory"
    if Path("/sys/kernel").is_dir() and os.geteuid() == 0:
        yield "/sys/kernel", "is not a writable directory"  # root may write almost anywhere, but not there


def test_an_unusable_out_is_refused_before_any_work(tmp_path, capsys):
    for out, message in unusable_outs(tmp_path):
        started = time.monotonic()
        assert main(["run", "song2000", "--out", out]) == 2  # a 5-minute run, were --out checked afterwards
        err = capsys.readouterr().err.strip()
        assert time.monotonic() - started < 5 and message in err and "\n" not in err, (out, err)
    assert (tmp_path / "a_file").read_text() == "saved" and [p.name for p in tmp_path.iterdir()] == ["a_file"]


def test_bad_input_found_by_the_run_itself_leaves_no_new_out_behind(tmp_path, capsys):
    if importlib.util.find_spec("brian2cuda"):
        pytest.skip("brian2cuda is installed: cuda_standalone is no bad input here")
    out = tmp_path / "new" / "out"
    assert main(["run", "oja_pca", "--device", "cuda_standalone", "--out", str(out)]) == 2  # found in the run
    assert "needs brian2cuda" in capsys.readouterr().err and not out.exists() and (tmp_path / "new").is_dir()


class Broken:
    """A model whose run has a bug: a ValueError that is not about the user's input."""

    DEFAULT_DEVICE, DEVICES = "numpy", ("numpy",)

    @staticmethod
    def run(scale, seed, device, out, progress):
        return np.zeros(2) + np.zeros(3)  # ValueError: operands could not be broadcast together


def test_a_bug_is_not_reported_as_bad_input(tmp_path, monkeypatch):
    monkeypatch.setattr(models, "get", lambda name: Broken)
    with pytest.raises(ValueError, match="broadcast"):  # a traceback and exit code 1, not a one-line exit 2
        main(["run", "broken", "--out", str(tmp_path)])
    assert list(tmp_path.iterdir()) == []  # the staging folder is gone


WARNS = """
import gc, sys
import brian2
from spikelearn import models
from spikelearn.cli import main
from spikelearn.results import Result

class Warns:  # a model during whose run Brian2 warns (an object deleted without having been simulated)
    DEFAULT_DEVICE, DEVICES = "runtime", ("runtime",)

    @staticmethod
    def run(scale, seed, device, out, progress):
        brian2.NeuronGroup(1, "v : 1")
        gc.collect()
        return Result("warns", {}, {}, [], {})

models.get = lambda name: Warns
sys.exit(main(sys.argv[1:]))
"""


def test_quiet_hides_brian2_warnings(tmp_path):
    for quiet in ([], ["--quiet"]):
        done = subprocess.run(
            [sys.executable, "-c", WARNS, "run", "warns", "--out", str(tmp_path), *quiet],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        assert ("WARNING" in done.stderr) != bool(quiet), done.stderr
