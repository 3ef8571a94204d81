import numpy as np
import pytest
from brian2 import Hz, ms, second

from spikelearn.bridge import Arm, compare, pair_drift
from spikelearn.circuits.pairs import PairCondition
from spikelearn.rules import stdp


def test_compare_reports_paired_gap_and_its_standard_error(rng):
    rate = rng.uniform(1, 2, 400)
    spiking = rate * 1.2 + rng.normal(0, 0.1, 400)  # 20 % above the prediction
    gap = compare(spiking, rate)
    assert gap.relative_gap == pytest.approx(0.2, abs=0.02)
    assert gap.gap_sem == pytest.approx(0.1 / np.sqrt(400), rel=0.2) or gap.gap_sem < 0.02
    assert not gap.agrees(rel_tol=0.1, n_sem=3)
    assert gap.agrees(rel_tol=0.25, n_sem=3)


def test_compare_rejects_too_few_samples():
    with pytest.raises(ValueError, match="at least 2 synapses"):
        compare([1.0], 1.0)


def test_spiking_drift_follows_the_rate_prediction():
    """Reduced stdp_bridge: additive all-to-all rule, independent and correlated trains, 20 s."""
    params = stdp.PairSTDP(A_plus=1e-5, A_minus=1.2e-5, w_max=1.0)
    conditions = (
        PairCondition(20 * Hz, 20 * Hz),
        PairCondition(30 * Hz, 10 * Hz),
        PairCondition(20 * Hz, 20 * Hz, c=0.3, lag=5 * ms),
    )

    def predict(r_pre, r_post, cond, dt):
        return stdp.expected_drift(params, r_pre * Hz, r_post * Hz, c=cond.c, lag=cond.lag, dt=dt)

    arms = {"additive": Arm(stdp.synapse_model(params), conditions, predict)}
    gaps, timing = pair_drift(arms, n_per_condition=100, duration=20 * second, w0=0.5, device="runtime")
    independent, skewed, correlated = gaps["additive"]
    assert independent.rate < 0 and correlated.rate > 0  # LTD-dominated rule; correlation flips the sign
    for gap in gaps["additive"]:
        assert gap.agrees(rel_tol=0.1, n_sem=3), gap
    assert correlated.relative_gap_sem < 0.1  # the protocol resolves the correlated drift to better than 10 %
    assert timing["sim_s"] > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(rate_pre=-1 * Hz, rate_post=5 * Hz), "PairCondition.rate_pre must be > 0"),
        (dict(rate_pre=5 * Hz, rate_post=5 * Hz, c=0.5, lag=0.01 * ms), "at least one time step"),
        (dict(rate_pre=20 * Hz, rate_post=5 * Hz, c=0.5), r"c \* \(earlier rate\) <= later rate"),
    ],
)
def test_bad_pair_conditions(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PairCondition(**kwargs)
