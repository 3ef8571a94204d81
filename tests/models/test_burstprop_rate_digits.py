import pytest

from spikelearn.models import burstprop_rate_digits as model


def test_reduced_scale(tmp_path):
    result = model.run(scale=0.34, out=tmp_path)  # 20 epochs; the spiking bridge over 34 s
    m = result.metrics
    assert m["mean_test_accuracy"]["burstprop"] > 0.8
    assert m["mean_test_accuracy"]["BP"] > 0.9
    assert m["bridge"]["sign_agreement"] > 0.9 and m["bridge"]["correlation"] > 0.8
    # the spiking change is the rate form's, less the drift of P_bar towards p^t over the run (tau_avg 1000 s)
    assert 0.8 < m["bridge"]["slope_vs_rate_form"] < 1.05


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
