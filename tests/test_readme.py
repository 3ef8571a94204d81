"""The README's Python example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no python example"
    namespace = {}
    exec(compile(blocks[0], "README example", "exec"), namespace)
    assert 0 <= namespace["synapses"].w[:].min() and namespace["synapses"].w[:].max() <= 1.0
    assert "w = clip(w + A_plus" in capsys.readouterr().out
