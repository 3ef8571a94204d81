from spikelearn.models import oja_pca as model


def test_spiking_and_rate_oja_find_the_first_principal_component(tmp_path):
    result = model.run(seed=1, out=tmp_path)  # full scale: 1200 draws of 1 s, ~8 s wall
    m = result.metrics
    assert m["cos_pc1_vs_u1"] > 0.99  # the draws' PC1 is the designed direction
    assert m["cos_pc1"]["rate"] > 0.95 and m["cos_pc1"]["spiking"] > 0.95
    assert m["cos_rate_spiking"] > 0.95
    assert abs(m["norm"]["rate"] - 1) < 0.05  # Oja normalises |w| to 1
    assert 0.5 < m["norm"]["spiking"] < 1  # shot noise in the decay term: below 1
    assert result.passed


def test_too_short_a_run_fails_the_claim():
    result = model.run(scale=0.01, device="runtime")  # 12 draws: not enough to align
    assert not result.passed
