import numpy as np
import pytest
from brian2 import Hz

from spikelearn.checks import InputError
from spikelearn.rules import spiking_fa


def test_rate_update_sums_the_drift_over_presentations():
    params = spiking_fa.SpikingFA()
    rates, U = np.array([[10.0, 0.0, 40.0], [20.0, 5.0, 0.0]]), np.array([[0.5, -1.0], [0.2, 0.0]])
    window = 0.08  # s of learning per presentation
    dW = spiking_fa.rate_update(params, rates * window, U)
    assert dW.shape == (2, 3)  # (n_post, n_pre)
    drift = sum(spiking_fa.expected_drift(params, r * Hz, u) for r, u in zip(rates, U)) * window
    assert np.allclose(dW, drift)
    assert dW[1, 0] == pytest.approx(params.eta * 1.0 * 10 * window)  # U < 0 (output below label): w grows
    with pytest.raises(InputError, match="one row per presentation"):
        spiking_fa.rate_update(params, rates, U[:1])
