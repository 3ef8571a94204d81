import numpy as np
import pytest
from brian2 import ms

from spikelearn.models import stdp_window
from spikelearn.rules import stdp


def test_pairing_patterns_have_the_requested_delays():
    (pre_i, pre_t), (post_i, post_t) = stdp_window.pairing_patterns(np.array([-20, 10]) * ms, n_pairings=3)
    assert list(pre_i) == list(post_i) == [0, 1] * 3
    assert np.allclose((post_t - pre_t) / ms, [-20, 10] * 3)
    assert np.all(np.diff(pre_t[::2] / ms) == 1000)  # 1 Hz pairing


def test_measured_window_matches_the_rule_and_recovers_the_time_constants():
    result = stdp_window.run(scale=0.1, device="runtime")  # 6 pairings
    m = result.metrics
    assert m["n_pairings"] == 6
    assert m["max_abs_error_over_A_plus"] < 0.02
    assert m["fit_tau_plus_ms"] == pytest.approx(16.8, rel=0.05)
    assert m["fit_tau_minus_ms"] == pytest.approx(33.7, rel=0.05)
    assert result.passed
    # LTP for pre-before-post, LTD for post-before-pre, as in Bi & Poo (1998)
    d, dw = np.asarray(m["delta_t_ms"]), np.asarray(m["dw_per_pairing"])
    assert np.all(dw[d > 0] > 0) and np.all(dw[d < 0] < 0)


def test_the_figure_is_labelled_with_the_pairings_run():
    """`spikelearn run stdp_window --scale 0.2` runs 12 pairings: its axis says 12 and shows the change after 12."""
    n = stdp_window.pairings(0.2)
    assert n == 12 and stdp_window.pairings(1.0) == 60 and stdp_window.pairings(0.001) == 1
    d = np.asarray(stdp_window.DELTA_T / ms)
    dw = stdp.window(stdp_window.RULE, stdp_window.DELTA_T)
    ax = stdp_window.window_axes(d, dw, n)
    assert ax.get_ylabel() == "weight change after 12 pairings (%)"
    measured = next(line for line in ax.get_lines() if line.get_label() == "simulated synapse")
    assert np.allclose(measured.get_ydata(), dw * 12 * 100)
    assert stdp_window.window_axes(d, dw, 1).get_ylabel() == "weight change after 1 pairing (%)"


def test_fit_detects_a_wrong_time_constant():
    """The fit is a real measurement: points from a window with tau+ = 25 ms give 25 ms, failing a 16.8 ms claim."""
    d = np.asarray(stdp_window.DELTA_T / ms)
    other = stdp.bi_poo_fit(tau_plus=25 * ms)
    a_plus, tau_plus, a_minus, tau_minus = stdp_window.fit_window(d, stdp.window(other, stdp_window.DELTA_T))
    assert tau_plus == pytest.approx(25, rel=1e-4) and tau_minus == pytest.approx(33.7, rel=1e-4)


@pytest.mark.slow
def test_full_protocol_in_standalone(tmp_path):
    result = stdp_window.run(scale=1.0, device="cpp_standalone", out=tmp_path)
    assert result.metrics["n_pairings"] == 60 and result.passed
    assert result.metrics["relative_change_60_pairings_at_5ms"] == pytest.approx(0.777 * np.exp(-5 / 16.8), rel=1e-6)
