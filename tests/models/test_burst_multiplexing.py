import pytest

from spikelearn.models import burst_multiplexing as model


def test_multiplexing_at_reduced_scale(tmp_path):
    result = model.run(scale=0.5, out=tmp_path)  # 1000 neurons, 4 s after the burn-in
    c = result.metrics["correlations"]
    # full scale (2000 neurons, 8 s, seeds 0-3): 0.93 / 0.92-0.93 on the own signal, 0.24-0.28 across
    assert c["A from depressing read-out"]["A"] > 0.85 and c["D from facilitating / depressing"]["D"] > 0.85
    assert c["D from burst probability"]["D"] > 0.9 and c["A from event rate"]["A"] > 0.8
    assert abs(c["A from depressing read-out"]["D"]) < 0.35 and abs(c["D from facilitating / depressing"]["A"]) < 0.35
    assert (tmp_path / "burst_multiplexing.png").exists()


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
