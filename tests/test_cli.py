import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import models
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
    assert set(results["timing"]) == {"build_s", "sim_s"}
    assert all(set(c) == {"claim", "value", "target", "passed"} for c in results["claims"])
    assert results["claims"] and all(c["passed"] for c in results["claims"])
    assert (out / "stdp_window.png").stat().st_size > 10_000
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left
    assert "PASS" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["run", "nope"], "unknown model 'nope'; known models: stdp_window, song2000, stdp_bridge"),
    (["run", "song2000", "--scale", "0"], "scale must be a number > 0"),
    (["run", "song2000", "--scale", "-2"], "scale must be a number > 0"),
    (["run", "song2000", "--seed", "-1"], "seed must be an integer >= 0"),
    (["run", "song2000", "--scale", "1e-6"], "song2000 needs scale >="),
    (["run", "song2000", "--device", "gpu"], "device must be one of 'runtime', 'cpp_standalone', 'cuda_standalone'"),
    (["run", "credit_assignment_digits", "--device", "runtime"], "device must be one of 'numpy'"),
    (["run", "burstprop_xor", "--set", "nope=1"], "burstprop_xor has no option 'nope'; its options: homeostasis, neurons"),
    (["run", "song2000", "--set", "neurons=100"], "song2000 has no option 'neurons'; its options: none"),
    (["run", "burstprop_xor", "--set", "homeostasis"], "--set takes KEY=VALUE, got 'homeostasis'"),
    (["run", "burstprop_xor", "--set", "homeostasis=off"], "--set value 'off' is not true / false or a number"),
    (["run", "burstprop_xor", "--set", "homeostasis=1"], "homeostasis must be True or False, got 1"),
    (["run", "burstprop_xor", "--set", "neurons=5"], "neurons must be an integer >= 10, got 5"),
])
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
