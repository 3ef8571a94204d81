import numpy as np
from brian2 import ms

from spikelearn.models import triplet_frequency as model


def test_protocol_patterns():
    (pre_i, pre_t), (post_i, post_t) = model.patterns([(20, -10), (0.1, 10)], n_pairings=3)
    assert np.allclose((post_t - pre_t) / ms, [-10] * 3 + [10] * 3)
    assert np.allclose(np.diff(pre_t[:3] / ms), 50)  # 20 Hz


def test_frequency_dependence_matches_the_reference_and_the_data(tmp_path):
    result = model.run(out=tmp_path)  # the full protocol: 60 pairings, ~10 s with compilation
    assert result.passed, [c for c in result.claims if not c.passed]
    table = result.metrics["relative_change"]["triplet"]
    assert table[-10][0] < 0 < table[-10][-1]  # LTD at 0.1 Hz turns into LTP at 50 Hz
    assert (tmp_path / "dw_vs_frequency.png").exists()
