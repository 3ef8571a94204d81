import numpy as np
import pytest
from brian2 import Hz, Network, ms, second
from scipy.integrate import quad

from spikelearn.inputs import spike_pattern
from spikelearn.rules import stdp

VARIANTS = [(v, p) for v in stdp.VARIANTS for p in stdp.PAIRINGS]


def reference_weight(params: stdp.PairSTDP, pre_ms, post_ms, w0):
    """The rule computed event by event in plain Python (pre before post within one time step, as Brian2)."""
    events = sorted([(t, 0) for t in pre_ms] + [(t, 1) for t in post_ms])
    tau_plus, tau_minus = params.tau_plus / ms, params.tau_minus / ms
    x = y = last = 0.0
    w = w0
    for t, is_post in events:
        x *= np.exp(-(t - last) / tau_plus)
        y *= np.exp(-(t - last) / tau_minus)
        last = t
        f_plus, f_minus = params.factors(w)
        if is_post:
            y = y + 1 if params.pairing == "all-to-all" else 1.0
            w = np.clip(w + params.A_plus * f_plus * x, 0, params.w_max)
        else:
            x = x + 1 if params.pairing == "all-to-all" else 1.0
            w = np.clip(w - params.A_minus * f_minus * y, 0, params.w_max)
    return float(w)


@pytest.mark.parametrize("variant, pairing", VARIANTS)
def test_brian_synapse_equals_event_by_event_reference(variant, pairing, rng):
    """The Brian2 equations and a plain-Python reading of the rule agree on the same random spikes."""
    params = stdp.PairSTDP(A_plus=0.08, A_minus=0.09, w_max=1.0, variant=variant, pairing=pairing)
    n, duration_ms = 12, 2000
    trains = [
        [np.unique(rng.integers(0, duration_ms * 10, size=rng.poisson(40))) / 10 for _ in range(n)] for _ in range(2)
    ]
    pattern = [
        spike_pattern(
            n, np.concatenate([[k] * len(t) for k, t in enumerate(side)]).astype(int), np.concatenate(side) * ms
        )
        for side in trains
    ]
    synapses = stdp.synapse_model(params).synapses(*pattern)
    synapses.connect(j="i")
    w0 = rng.uniform(0, 1, n)
    synapses.w = w0
    Network(*pattern, synapses).run(duration_ms * ms + 1 * ms)
    expected = [reference_weight(params, trains[0][k], trains[1][k], w0[k]) for k in range(n)]
    assert np.allclose(synapses.w[:], expected, atol=1e-9)
    assert np.any(np.isin(np.asarray(expected), [0.0, 1.0])) or variant == "multiplicative"  # bounds exercised


def test_window_closed_form():
    params = stdp.PairSTDP(tau_plus=17 * ms, tau_minus=34 * ms, A_plus=0.01, A_minus=0.004)
    assert stdp.window(params, 17 * ms) == pytest.approx(0.01 / np.e)
    assert stdp.window(params, -34 * ms) == pytest.approx(-0.004 / np.e)
    integral = sum(quad(lambda d: stdp.window(params, d * ms), a, b)[0] for a, b in [(-2000, 0), (0, 2000)])
    assert integral == pytest.approx(0.01 * 17 - 0.004 * 34, rel=1e-6)  # A+ tau+ - A- tau- (in ms)
    multiplicative = stdp.PairSTDP(variant="multiplicative", w_max=2.0)
    assert stdp.window(multiplicative, 1e-9 * ms, w=0.5) == pytest.approx(multiplicative.A_plus * 0.75)


def test_expected_drift_closed_forms():
    params = stdp.PairSTDP(A_plus=0.01, A_minus=0.012)
    window_integral = 0.01 * 0.020 - 0.012 * 0.020  # seconds
    assert stdp.expected_drift(params, 10 * Hz, 30 * Hz) == pytest.approx(300 * window_integral)
    # a post train that copies pre spikes with probability c at +5 ms adds c r_pre W(5 ms)
    extra = stdp.expected_drift(params, 10 * Hz, 30 * Hz, c=0.2, lag=5 * ms) - 300 * window_integral
    assert extra == pytest.approx(0.2 * 10 * 0.01 * np.exp(-0.25))
    # nearest-spike pairing approaches all-to-all at low rates and saturates at high rates
    nearest = stdp.PairSTDP(A_plus=0.01, A_minus=0.012, pairing="nearest")
    low = stdp.expected_drift(nearest, 0.01 * Hz, 0.01 * Hz) / stdp.expected_drift(params, 0.01 * Hz, 0.01 * Hz)
    assert low == pytest.approx(1, rel=1e-3)
    assert stdp.expected_drift(nearest, 10 * Hz, 1000 * Hz) == pytest.approx(
        10 * 1000 * (0.01 * 0.02 / (1 + 10 * 0.02) - 0.012 * 0.02 / (1 + 1000 * 0.02))
    )


def test_rate_update_is_the_drift_over_time():
    params = stdp.PairSTDP(variant="multiplicative")
    w = np.array([[0.2, 0.8, 0.5]])
    dw = stdp.rate_update(params, np.array([5, 10, 20]) * Hz, np.array([10]) * Hz, w, 2 * second)
    expected = [2 * stdp.expected_drift(params, r * Hz, 10 * Hz, w=wi) for r, wi in zip([5, 10, 20], w[0])]
    assert dw.shape == (1, 3) and np.allclose(dw[0], expected)
    with pytest.raises(ValueError, match=r"w must have shape \(n_post, n_pre\) = \(1, 3\)"):
        stdp.rate_update(params, np.array([5, 10, 20]) * Hz, np.array([10]) * Hz, w.T, 2 * second)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(tau_plus=-20 * ms), "PairSTDP.tau_plus must be > 0"),
        (dict(tau_minus=20 * Hz), "PairSTDP.tau_minus must be in units of"),
        (dict(w_max=0.0), "PairSTDP.w_max must be > 0"),
        (dict(A_plus=-0.1), "PairSTDP.A_plus must be >= 0"),
        (dict(variant="hebbian"), "PairSTDP.variant must be one of 'additive', 'multiplicative'"),
        (dict(pairing="triplet"), "PairSTDP.pairing must be one of"),
    ],
)
def test_bad_parameters_name_the_field(kwargs, match):
    with pytest.raises(ValueError, match=match):
        stdp.PairSTDP(**kwargs)


def test_correlation_term_needs_all_to_all_and_a_lag():
    with pytest.raises(ValueError, match="all-to-all pairing only"):
        stdp.expected_drift(stdp.PairSTDP(pairing="nearest"), 5 * Hz, 5 * Hz, c=0.1, lag=5 * ms)
    with pytest.raises(ValueError, match="needs the lag"):
        stdp.expected_drift(stdp.PairSTDP(), 5 * Hz, 5 * Hz, c=0.1)
    with pytest.raises(ValueError, match="needs the weight"):
        stdp.window(stdp.PairSTDP(variant="multiplicative"), 5 * ms)


@pytest.mark.parametrize("pairing", stdp.PAIRINGS)
def test_grid_drift_tends_to_the_continuous_drift(pairing):
    params = stdp.PairSTDP(A_plus=0.01, A_minus=0.0105, pairing=pairing)
    continuous = stdp.expected_drift(params, 20 * Hz, 30 * Hz)
    fine = stdp.expected_drift(params, 20 * Hz, 30 * Hz, dt=1e-5 * ms)
    assert fine == pytest.approx(continuous, rel=1e-4)
    # on a 0.1 ms grid same-step pairs potentiate; first order in dt, the drift rises by
    if pairing == "all-to-all":  # (A+ + A-) / 2 * dt * r_pre r_post
        first_order = (0.01 + 0.0105) / 2
    else:  # with tau_c = tau / (1 + r tau): A+ tau_c+^2 (r_pre / tau + 1 / 2 tau^2) + A- tau_c-^2 / 2 tau^2
        tau_c_plus, tau_c_minus = 0.02 / 1.4, 0.02 / 1.6
        first_order = 0.01 * tau_c_plus**2 * (20 / 0.02 + 1 / (2 * 0.02**2)) + 0.0105 * tau_c_minus**2 / (2 * 0.02**2)
    coarse = stdp.expected_drift(params, 20 * Hz, 30 * Hz, dt=0.1 * ms)
    assert coarse - continuous == pytest.approx(first_order * 1e-4 * 600, rel=0.05)


def test_correlation_term_uses_the_rate_of_the_copied_train():
    params = stdp.PairSTDP()
    independent = stdp.expected_drift(params, 10 * Hz, 30 * Hz)
    post_copies = stdp.expected_drift(params, 10 * Hz, 30 * Hz, c=0.2, lag=5 * ms) - independent
    pre_copies = stdp.expected_drift(params, 10 * Hz, 30 * Hz, c=0.2, lag=-5 * ms) - independent
    assert post_copies == pytest.approx(0.2 * 10 * stdp.window(params, 5 * ms))
    assert pre_copies == pytest.approx(0.2 * 30 * stdp.window(params, -5 * ms))
