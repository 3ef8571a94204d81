import numpy as np
import pytest
from brian2 import Hz, Network, ms, second

from spikelearn.bursts import relay
from spikelearn.inputs import spike_pattern
from spikelearn.rules import burst


def _pairing(post_times_ms, p_bar0=0.2):
    """One synapse: a presynaptic event at 0 ms, postsynaptic spikes at ``post_times_ms``; returns dW."""
    rule = burst.BurstRule(eta=1.0, tau_pre=50 * ms, tau_avg=10 * second)
    pre_src = spike_pattern(1, [0], [0] * ms)
    post_src = spike_pattern(1, np.zeros(len(post_times_ms), int), np.array(post_times_ms) * ms)
    pre, pre_drive = relay(pre_src, 1, kind="isi")
    post, post_drive = relay(post_src, 1, burst.POST_EQUATIONS, burst.POST_RESET, namespace=rule.namespace, kind="isi")
    post.E_bar, post.B_bar = 50.0, 50.0 * p_bar0  # 5 Hz averaged over 10 s, P_bar = p_bar0
    synapses = burst.synapse_model(rule).synapses(pre, post)
    synapses.connect()
    synapses.plastic = 1
    Network(pre_src, post_src, pre, pre_drive, post, post_drive, synapses).run(200 * ms)
    return float(synapses.w[0])


def test_an_isolated_post_event_depresses_by_p_bar_times_the_pre_trace():
    assert _pairing([10]) == pytest.approx(-0.2 * np.exp(-10 / 50), rel=1e-3)


def test_a_post_burst_potentiates_by_the_pre_trace_at_its_second_spike():
    # event at 10 ms (LTD with P_bar 0.2), burst marker at 15 ms (LTP); the third spike does nothing
    expected = -0.2 * np.exp(-10 / 50) + np.exp(-15 / 50)
    assert _pairing([10, 15, 20]) == pytest.approx(expected, rel=2e-3)


def test_rate_form_zero_when_burst_fraction_equals_p_bar():
    rule = burst.BurstRule()
    assert burst.expected_drift(rule, 10 * Hz, 8 * Hz, 0.3 * 8 * Hz, 0.3, 8 * Hz, 100 * second) == pytest.approx(
        0, abs=1e-12
    )
    # P_bar relaxes from 0.3 towards B/E = 0.5: a positive drift, smaller than with P_bar frozen at 0.3
    up = burst.expected_drift(rule, 10 * Hz, 8 * Hz, 4 * Hz, 0.3, 8 * Hz, 100 * second)
    frozen = 0.1 * 0.05 * 10 * (4 - 0.3 * 8)
    assert 0 < up < frozen
    t, p_bar = burst.p_bar_path(rule, 8 * Hz, 4 * Hz, 0.3, 8 * Hz, 100 * second)
    assert p_bar[0] == pytest.approx(0.3) and p_bar[-1] == pytest.approx(0.5 - 0.2 * np.exp(-100 / 15))


def test_ensemble_update():
    e, e_pre = np.array([[1.0, 0.5]]), np.array([[2.0, 0.0, 1.0]])
    dW = burst.rate_update(burst.BurstRule(eta=0.1), e, p_teacher=[[0.6, 0.2]], p=[[0.5, 0.5]], e_pre=e_pre)
    assert dW.shape == (2, 3)
    assert np.allclose(dW, 0.1 * np.array([[0.1], [-0.15]]) @ e_pre)
    with pytest.raises(ValueError, match="share one shape"):
        burst.rate_update(burst.BurstRule(eta=0.1), e, [[0.6]], [[0.5, 0.5]], e_pre)
    with pytest.raises(ValueError, match="params must be BurstRule"):
        burst.rate_update(0.1, e, [[0.6, 0.2]], [[0.5, 0.5]], e_pre)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(tau_avg=-1 * second), "BurstRule.tau_avg must be > 0"),
        (dict(eta=0.0), "BurstRule.eta must be > 0"),
        (dict(w_min=1.0, w_max=0.0), "need w_min < w_max"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        burst.BurstRule(**kwargs)


def test_homeostatic_terms():
    """Post mean event rate 1 Hz < e_min = 2 Hz: a presynaptic event potentiates by eta (e_min - E_bar);
    12 Hz > e_max = 10 Hz: a post event's factor gains -(12 - 10) / 12."""
    rule = burst.BurstRule(
        eta=0.1, tau_pre=50 * ms, tau_avg=10 * second, w_min=-1, w_max=1, e_min=2 * Hz, e_max=10 * Hz
    )
    changes = []
    for rate, pre_times, post_times in ((1.0, [0], []), (12.0, [0], [10])):
        pre_src = spike_pattern(1, [0] * len(pre_times), pre_times * ms)
        post_src = (
            spike_pattern(1, [0] * len(post_times), post_times * ms)
            if post_times
            else spike_pattern(1, [0], [190] * ms)
        )
        pre, pre_drive = relay(pre_src, 1, kind="isi")
        post, post_drive = relay(
            post_src, 1, burst.POST_EQUATIONS, burst.POST_RESET, namespace=rule.namespace, kind="isi"
        )
        post.E_bar, post.B_bar = rate * 10, 0.0
        synapses = burst.synapse_model(rule).synapses(pre, post)
        synapses.connect()
        synapses.plastic = 1
        Network(pre_src, post_src, pre, pre_drive, post, post_drive, synapses).run(100 * ms)
        changes.append(float(synapses.w[0]))
    assert changes[0] == pytest.approx(0.1 * (2 - 1), rel=1e-3)
    trace = np.exp(-10 / 50)
    rate_then = 12 * np.exp(-10.1e-3 / 10)  # E_bar decays with tau_avg until the post spike at 10.1 ms
    assert changes[1] == pytest.approx(0.1 * (-(rate_then - 10) / rate_then) * trace, rel=1e-3)  # P_bar = 0
    with pytest.raises(ValueError, match="both e_min and e_max"):
        burst.BurstRule(e_min=2 * Hz)
