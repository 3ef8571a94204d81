"""The Python examples of the README and the docs run as written."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FEEDBACK_ALIGNMENT = ROOT / "docs" / "feedback_alignment.md"
BURSTS = ROOT / "docs" / "bursts.md"


def example(containing: str, page: Path = README) -> str:
    """The page's Python block that contains ``containing`` (indented blocks in lists included)."""
    blocks = [b for b in re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S) if containing in b]
    assert len(blocks) == 1, f"{page.name} has {len(blocks)} python examples with {containing!r}"
    lines = blocks[0].splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


def test_readme_python_example_runs(capsys):
    namespace = {}
    exec(compile(example("synapses = "), "README example", "exec"), namespace)
    assert 0 <= namespace["synapses"].w[:].min() and namespace["synapses"].w[:].max() <= 1.0
    assert "w = clip(w + A_plus" in capsys.readouterr().out


def test_readme_rate_example_runs():
    namespace = {}
    exec(compile(example("history"), "README rate example", "exec"), namespace)
    assert namespace["history"].test_accuracy[-1] > 0.9


@pytest.mark.slow  # compiles two standalone networks (~1 min)
def test_readme_spiking_fa_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(example("fa_digits", FEEDBACK_ALIGNMENT), "docs spiking FA example", "exec"), {})
    accuracy = float(capsys.readouterr().out.split()[-1])
    assert accuracy > 0.75 and (tmp_path / "fa_digits.npz").exists()


@pytest.mark.slow  # two standalone networks (~2 min)
def test_readme_frozen_xor_example_runs():
    namespace = {}
    exec(compile(example("frozen_response", BURSTS), "docs frozen-weight XOR example", "exec"), namespace)
    r, m = namespace["r"], namespace["m"]
    assert r["h1"].shape == (4, 1) and r["out"].shape == (4, 1, 2)
    assert m.xor_margin(r["out"]).shape == (1, 2)
    assert m.xor_margin(namespace["s"]["out"])[0, 0] > 1.0  # docs/bursts.md: "~2.9 Hz: XOR"
