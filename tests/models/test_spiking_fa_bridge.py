from models import spiking_fa_bridge as model


def test_spiking_update_follows_the_rate_fa_update():
    result = model.run(scale=0.25)  # 50 images; full scale (200): r = 0.98 / 0.99, signs 0.95 / 0.96
    for layer, stats in result.metrics["layers"].items():
        assert stats["correlation"] > 0.8, layer
        assert stats["sign_agreement"] > 0.85, layer
        assert 0.5 < stats["slope"] < 1.1, layer  # U decays inside the window: the rate form overestimates a bit
    assert result.passed
