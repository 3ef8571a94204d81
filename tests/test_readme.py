"""The README's Python example runs as written."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no python example"
    namespace = {}
    exec(compile(blocks[0], "README example", "exec"), namespace)
    assert 0 <= namespace["synapses"].w[:].min() and namespace["synapses"].w[:].max() <= 1.0
    assert "w = clip(w + A_plus" in capsys.readouterr().out


def test_readme_rate_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert len(blocks) >= 2, "README has no rate-side example"
    namespace = {}
    exec(compile(blocks[1], "README rate example", "exec"), namespace)
    assert namespace["history"].test_accuracy[-1] > 0.9


@pytest.mark.slow  # compiles two standalone networks (~1 min)
def test_readme_spiking_fa_example_runs(tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks[2], "README spiking FA example", "exec"), {})
    accuracy = float(capsys.readouterr().out.split()[-1])
    assert accuracy > 0.75 and (tmp_path / "fa_digits.npz").exists()
