import json

import numpy as np
import pytest
from brian2 import ms

from spikelearn.results import Result, atomic_write, check, jsonable


def test_jsonable_converts_quantities_and_numpy():
    out = jsonable({"tau": 20 * ms, "a": np.arange(3), "x": np.float32(0.5), "n": np.int64(3), "nan": float("nan")})
    assert out == {"tau": "20. ms", "a": [0, 1, 2], "x": 0.5, "n": 3, "nan": None}
    json.dumps(out)


def test_result_saves_complete_json(tmp_path):
    result = Result("demo", {"tau": 5 * ms}, {"m": np.array([1.0])}, [check("m is one", 1.0, "== 1", True)],
                    {"build_s": 1.0, "sim_s": 2.0})
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
