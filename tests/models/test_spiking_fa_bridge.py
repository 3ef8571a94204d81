import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.models import spiking_fa_bridge as model


def test_spiking_update_follows_the_rate_fa_update():
    result = model.run(scale=0.25)  # 50 images; full scale (200): r = 0.98 / 0.99, signs 0.95 / 0.96
    for layer, stats in result.metrics["layers"].items():
        assert stats["correlation"] > 0.8, layer
        assert stats["sign_agreement"] > 0.85, layer
        assert 0.5 < stats["slope"] < 1.1, layer  # U decays inside the window: the rate form overestimates a bit
    assert result.passed


@pytest.mark.slow  # 20 s of compilation; the default tier checks the FA comparison above
def test_with_transposed_forward_weights_the_spiking_update_follows_backprop():
    """B = W_out^T: the rate form of the hidden update is BP's (B^T e = W_out e); the spiking hidden-layer
    change must follow it."""
    data = datasets.load("digits")
    (W_in, W_out), _ = model.initial_weights(model.SIZES, np.random.default_rng(3))
    spiking, bp, active, _ = model.compare_updates(
        data.x_train[:50], data.y_train[:50], W_in, W_out, W_out.T, seed=3, device="cpp_standalone"
    )
    layer = "input -> hidden"
    s, r = spiking[layer][:, active[layer]].ravel(), bp[layer][:, active[layer]].ravel()
    assert np.corrcoef(s, r)[0, 1] > 0.8
