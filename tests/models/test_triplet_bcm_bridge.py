import pytest

from spikelearn.models import triplet_bcm_bridge as model


def test_bcm_curve_from_spikes_at_reduced_duration():
    result = model.run(scale=0.25)  # 50 s of Poisson trains
    m = result.metrics
    assert m["theta_hz"] == pytest.approx(19.22, abs=0.01)
    assert m["theta_fit_hz"] == pytest.approx(m["theta_hz"], rel=0.05)
    drifts = [c["spiking"] for c in m["conditions"]]
    assert drifts[0] < 0 and drifts[-1] > 0  # LTD below theta, LTP above: BCM
    # sliding threshold: theta rises with the history rate as (m / rho_0)^2, in spikes as in the rate form
    fits = m["sliding"]
    spiking = [f["theta_fit_spiking_hz"] for f in fits]
    assert spiking == sorted(spiking)
    ratio = spiking[-1] / spiking[0]
    assert ratio == pytest.approx((fits[-1]["history_hz"] / fits[0]["history_hz"]) ** 2, rel=0.1)
    for f in fits:
        assert f["theta_fit_spiking_hz"] == pytest.approx(f["theta_fit_rate_hz"], rel=0.05)
    assert result.passed


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
