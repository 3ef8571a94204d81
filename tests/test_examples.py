"""Each lab runs top to bottom at a small scale."""

import runpy
from pathlib import Path

import pytest

LABS = sorted((Path(__file__).resolve().parents[1] / "examples").glob("lab_*.py"))


# the other labs build several standalone networks (30-45 s each at this scale): they run under -m slow, and the
# models they use are tested in the default tier
FAST = {"lab_pair_stdp", "lab_reward_stdp"}


@pytest.mark.parametrize(
    "lab", [pytest.param(p, id=p.stem, marks=() if p.stem in FAST else pytest.mark.slow) for p in LABS]
)
def test_lab_runs(lab, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAB_SCALE", "0.1")
    monkeypatch.setenv("LAB_OUT", str(tmp_path))
    runpy.run_path(str(lab), run_name="__main__")
    assert "saved" in capsys.readouterr().out
    assert list(tmp_path.glob("*.png"))


def test_there_are_labs():
    assert LABS
