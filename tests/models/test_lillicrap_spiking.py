import pytest

from spikelearn.models import lillicrap_spiking as model


@pytest.mark.slow  # ~6 min; the relayed FA feedback is tested on a tiny network in tests/test_fa_network.py
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
