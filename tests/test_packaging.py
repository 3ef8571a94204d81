"""What ``pip install .`` puts into site-packages: the library with its models as ``spikelearn.models``, and nothing
named ``models`` beside it."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_only_spikelearn_with_its_models(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("spikelearn-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"spikelearn", wheel.name.split("-py")[0] + ".dist-info"}
    models = {Path(name).name for name in names if name.startswith("spikelearn/models/")}
    assert models == {path.name for path in (ROOT / "models").glob("*.py")}
