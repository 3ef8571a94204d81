"""Each lab runs top to bottom at a small scale."""

import runpy
from pathlib import Path

import pytest

LABS = sorted((Path(__file__).resolve().parents[1] / "examples").glob("lab_*.py"))


@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_lab_runs(lab, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAB_SCALE", "0.1")
    monkeypatch.setenv("LAB_OUT", str(tmp_path))
    runpy.run_path(str(lab), run_name="__main__")
    assert "saved" in capsys.readouterr().out
    assert list(tmp_path.glob("*.png"))


def test_there_are_labs():
    assert LABS
