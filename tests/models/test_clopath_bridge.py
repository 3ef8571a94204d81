import pytest

from spikelearn.models import clopath_bridge as model


def test_bcm_curve_from_voltage_rule_at_reduced_duration(tmp_path):
    result = model.run(scale=0.2, out=tmp_path)  # 20 s of Poisson trains
    m = result.metrics
    assert m["theta_hz"] == pytest.approx(11.17, abs=0.01)
    drifts = [c["spiking"] for c in m["conditions"]]
    assert drifts[0] < 0 and drifts[-1] > 0  # LTD below theta, LTP above: BCM
    # the superposition form overestimates the LTP at 30 Hz, the renewal form does not
    assert m["conditions_superposition"][-1]["relative_gap"] < -0.2 < m["conditions"][-1]["relative_gap"]
    assert result.passed, [c for c in result.claims if not c.passed]
    assert (tmp_path / "bcm_curve.png").exists()


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
