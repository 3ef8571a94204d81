import json
import os
from pathlib import Path

import numpy as np
import pytest
from brian2 import ms

from spikelearn.checks import InputError
from spikelearn.results import STAGING, Result, Staged, atomic_write, check, jsonable, output_directory


def test_jsonable_converts_quantities_and_numpy():
    out = jsonable({"tau": 20 * ms, "a": np.arange(3), "x": np.float32(0.5), "n": np.int64(3), "nan": float("nan")})
    assert out == {"tau": "20. ms", "a": [0, 1, 2], "x": 0.5, "n": 3, "nan": None}
    json.dumps(out)


def test_result_saves_complete_json(tmp_path):
    result = Result(
        "demo",
        {"tau": 5 * ms},
        {"m": np.array([1.0])},
        [check("m is one", 1.0, "== 1", True)],
        {"build_s": 1.0, "sim_s": 2.0},
    )
    path = result.save(tmp_path)
    data = json.loads(path.read_text())
    assert data["claims"] == [{"claim": "m is one", "value": 1.0, "target": "== 1", "passed": True}]
    assert data["versions"]["brian2"] and data["params"]["tau"] == "5. ms"
    assert "PASS  m is one" in result.summary()


def test_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "results.json"
    target.write_text("previous")

    class Unwritable:
        def __str__(self):
            raise RuntimeError("interrupted")

    with pytest.raises(TypeError):
        atomic_write(target, Unwritable())  # the write fails half-way
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary file left behind


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def test_files_get_the_mode_the_umask_gives(tmp_path, umask):
    from spikelearn.circuits.fa_network import save_weights
    from spikelearn.plotting import axes, save_figure

    target = tmp_path / "results.json"
    target.write_text("{}")
    os.chmod(target, 0o600)  # a rerun replaces the file with the umask's mode, not the old one's
    written = [
        atomic_write(target, "{}\n"),
        save_figure(axes(), tmp_path, "figure"),
        save_weights(tmp_path / "w.npz", [np.ones((2, 3)), np.ones((3, 2))], [np.ones((2, 3))]),
    ]
    assert [oct(p.stat().st_mode & 0o777) for p in written] == [oct(0o666 & ~umask)] * 3


def test_staged_files_appear_only_when_the_run_finishes(tmp_path, monkeypatch):
    renamed, replace = [], os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(Path(b).name), replace(a, b)))  # records, renames
    (tmp_path / "results.json").write_text("previous")
    with pytest.raises(RuntimeError):
        with Staged(tmp_path) as stage:
            (stage.folder / "results.json").write_text("cut short")
            raise RuntimeError("the run failed")
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"] and not stage.committed
    assert (tmp_path / "results.json").read_text() == "previous"
    with Staged(tmp_path) as stage:
        for name in ("results.json", "a.png", "z.png"):
            (stage.folder / name).write_text("new")
    assert stage.committed and sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "results.json", "z.png"]
    assert renamed[-1] == "results.json" and sorted(renamed) == ["a.png", "results.json", "z.png"]  # last


def test_output_directory_is_created_and_clears_stale_staging(tmp_path):
    stale = tmp_path / "out" / f"{STAGING}999999999-abc"  # a pid that cannot exist: its run was killed
    live = tmp_path / "out" / f"{STAGING}{os.getpid()}-abc"
    stale.mkdir(parents=True)
    live.mkdir()
    assert output_directory(str(tmp_path / "out")) == tmp_path / "out"
    assert not stale.exists() and live.exists()
    with pytest.raises(InputError, match="empty path"):
        output_directory("")
