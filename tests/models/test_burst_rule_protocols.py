import numpy as np
import pytest

from spikelearn.models import burst_rule_protocols as model


def test_protocols_at_reduced_scale():
    result = model.run(scale=0.2)  # stochastic protocols: 20 s, 40 synapses per condition
    m = result.metrics
    claims = {c.claim: c for c in result.claims}
    # the periodic protocol does not depend on scale: it matches the authors' script
    for claim in list(claims)[:3]:
        assert claims[claim].passed, claim
    dw = np.array(m["periodic_dw"])
    assert np.all(dw[model.FREQUENCIES < 62.5] < 0) and np.all(dw[model.FREQUENCIES > 62.5] > 0)
    by_key = {(c["protocol"], c["param"], c["x"]): c["spiking"] for c in m["conditions"]}
    # Poisson: LTD at low rates, LTP at high rates for P_bar(0) = 0.3 (crossing 24 Hz)
    assert by_key["poisson", 0.3, 10.0] < 0 < by_key["poisson", 0.3, 40.0]
    # burst-Poisson: the sign follows p - P_bar(0)
    assert by_key["burst", 10, 0.0] < 0 < by_key["burst", 10, 0.45]
    assert claims[result.claims[-1].claim].passed  # the spiking changes follow the rate form


def test_poisson_threshold_formula():
    # q(r) = 1 - exp(-lambda 14 ms) = P_bar(0), lambda = r / (1 - r 2 ms): 24.2 Hz and 45.0 Hz
    assert model.poisson_threshold(0.3) == pytest.approx(24.24, abs=0.01)
    assert model.poisson_threshold(0.5) == pytest.approx(45.05, abs=0.01)


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
