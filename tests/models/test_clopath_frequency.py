import numpy as np
import pytest

from spikelearn.models import clopath_frequency as model


def test_reduced_protocol_keeps_the_frequency_dependence(tmp_path):
    """6 pairings (scale 0.1): LTD at dt = -10 ms turns into LTP with frequency, LTP at +10 ms grows with it and is
    absent at low frequency (no depolarisation left from a previous spike), and every kick made its spike."""
    result = model.run(scale=0.1, out=tmp_path)
    assert result.passed, [c for c in result.claims if not c.passed]
    table = result.metrics["relative_change"]
    assert table[-10][0] < 0 < table[-10][-1]
    assert abs(table[10][0]) < 1e-6 and np.all(np.diff(table[10][3:]) > 0)
    assert (tmp_path / "dw_vs_frequency.png").exists()


@pytest.mark.slow
def test_full_protocol_fits_the_data(tmp_path):
    """60 pairings, ~1 min: every point within 2 SEM of Sjostrom et al. (2001)."""
    result = model.run(out=tmp_path)
    assert result.passed, [c for c in result.claims if not c.passed]
    assert max(np.abs(z).max() for z in result.metrics["z_vs_data"].values()) <= 2
