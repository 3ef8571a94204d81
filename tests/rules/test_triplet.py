import numpy as np
import pytest
from brian2 import Hz, Network, ms, second
from triplet_reference import triplet_weight_for

from spikelearn.checks import InputError
from spikelearn.inputs import spike_pattern
from spikelearn.rules import stdp, triplet


@pytest.mark.parametrize("pairing", triplet.PAIRINGS)
def test_triplet_without_triplet_terms_is_the_pair_rule_spike_for_spike(pairing, rng):
    pair = stdp.PairSTDP(tau_plus=16.8 * ms, tau_minus=33.7 * ms, A_plus=0.05, A_minus=0.06, w_max=1.0, pairing=pairing)
    trip = triplet.TripletSTDP(A2_plus=0.05, A3_plus=0.0, A2_minus=0.06, A3_minus=0.0, w_max=1.0, pairing=pairing)
    n, duration_ms = 10, 2000
    trains = [
        [np.unique(rng.integers(0, duration_ms * 10, size=rng.poisson(40))) / 10 for _ in range(n)] for _ in range(2)
    ]
    groups = [
        spike_pattern(
            n, np.concatenate([[k] * len(t) for k, t in enumerate(side)]).astype(int), np.concatenate(side) * ms
        )
        for side in trains
    ]
    w0 = rng.uniform(0, 1, n)
    synapses = [rule.synapses(*groups) for rule in (stdp.synapse_model(pair), triplet.synapse_model(trip))]
    for s in synapses:
        s.connect(j="i")
        s.w = w0
    Network(*groups, *synapses).run(duration_ms * ms + 1 * ms)
    assert np.allclose(synapses[0].w[:], synapses[1].w[:], atol=1e-12)
    assert not np.allclose(synapses[0].w[:], w0)


@pytest.mark.parametrize("pairing", triplet.PAIRINGS)
def test_brian_synapse_equals_the_event_by_event_reference_spike_for_spike(pairing, rng):
    """All four terms of the rule (pair and triplet, potentiation and depression) on random spike trains: the Brian2
    synapse and the plain-Python reading of Pfister & Gerstner (2006), eqs. 1-4 (triplet_reference.py), agree."""
    params = triplet.TripletSTDP(
        tau_x=101 * ms, tau_y=125 * ms, A2_plus=0.05, A3_plus=0.04, A2_minus=0.06, A3_minus=0.03, w_max=100.0,
        pairing=pairing,
    )  # fmt: skip
    n, duration_ms = 10, 2000
    trains = [
        [np.unique(rng.integers(0, duration_ms * 10, size=rng.poisson(40))) / 10 for _ in range(n)] for _ in range(2)
    ]
    trains[1] = [np.union1d(post, pre[:3]) for pre, post in zip(*trains)]  # some pre and post spikes coincide
    groups = [
        spike_pattern(
            n, np.concatenate([[k] * len(t) for k, t in enumerate(side)]).astype(int), np.concatenate(side) * ms
        )
        for side in trains
    ]
    w0 = rng.uniform(2, 3, n)
    synapses = triplet.synapse_model(params).synapses(*groups)
    synapses.connect(j="i")
    synapses.w = w0
    Network(*groups, synapses).run(duration_ms * ms + 1 * ms)
    expected = np.array([triplet_weight_for(params, trains[0][k], trains[1][k], w0[k]) for k in range(n)])
    assert np.all((expected > 0) & (expected < params.w_max))  # no bound reached: the paper's unbounded rule
    assert np.abs(expected - w0).min() > 1e-3  # every synapse changed
    assert np.allclose(synapses.w[:], expected, rtol=1e-9, atol=0)


def test_event_by_event_reference_reproduces_the_stored_frequency_reference():
    """The golden values of models/triplet_frequency.py (REFERENCE, 3 decimals): 60 pairings of its protocol at
    dt = +10 / -10 ms and CLAIM_FREQUENCIES, the minimal all-to-all visual-cortex set, recomputed event by event."""
    from spikelearn.models import triplet_frequency as model

    for d in model.DELTA_T:
        conditions = [(f, d) for f in model.CLAIM_FREQUENCIES]
        (pre_i, pre_t), (post_i, post_t) = model.patterns(conditions, model.N_PAIRINGS)
        pre_ms, post_ms = np.asarray(pre_t / ms), np.asarray(post_t / ms)
        change = [
            triplet_weight_for(model.TRIPLET, pre_ms[pre_i == k], post_ms[post_i == k], model.W0) / model.W0 - 1
            for k in range(len(conditions))
        ]
        assert np.allclose(change, model.REFERENCE[d], rtol=0, atol=5e-4), (d, change)


def test_bcm_form_of_the_minimal_model():
    params = triplet.TripletSTDP()
    theta = params.bcm_threshold()
    assert float(theta / Hz) == pytest.approx(19.2, abs=0.05)  # A2- tau- / (A3+ tau+ tau_y), minimal visual-cortex set
    assert triplet.expected_drift(params, 10 * Hz, theta) == pytest.approx(0, abs=1e-12)
    assert triplet.expected_drift(params, 10 * Hz, 10 * Hz) < 0 < triplet.expected_drift(params, 10 * Hz, 30 * Hz)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(tau_y=-1 * ms), "TripletSTDP.tau_y must be > 0"),
        (dict(A3_plus=-1e-3), "TripletSTDP.A3_plus must be >= 0"),
        (dict(pairing="triplet"), "TripletSTDP.pairing must be one of"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        triplet.TripletSTDP(**kwargs)


def test_grid_drift_tends_to_the_continuous_drift():
    params = triplet.TripletSTDP(A2_plus=1e-3, A3_minus=1e-3)
    continuous = triplet.expected_drift(params, 10 * Hz, 30 * Hz)
    assert triplet.expected_drift(params, 10 * Hz, 30 * Hz, dt=1e-5 * ms) == pytest.approx(continuous, rel=1e-4)
    assert triplet.expected_drift(params, 10 * Hz, 30 * Hz, dt=0.1 * ms) != pytest.approx(continuous, rel=1e-4)


def test_paper_parameter_sets():
    minimal = triplet.TripletSTDP.from_paper()
    assert minimal == triplet.TripletSTDP(tau_x=101 * ms)  # the defaults are the minimal visual-cortex set
    for data, model, pairing in triplet.PFISTER_2006:
        params = triplet.TripletSTDP.from_paper(data, model, pairing, w_max=5.0)
        assert params.pairing == pairing and params.w_max == 5.0
        assert (params.A3_minus == 0) == (model == "minimal")
    with pytest.raises(ValueError, match="data must be one of"):
        triplet.TripletSTDP.from_paper("auditory")
    with pytest.raises(ValueError, match="model must be one of"):
        triplet.TripletSTDP.from_paper(model="maximal")


def test_sliding_threshold_scales_with_the_mean_rate_to_the_power_p():
    params = triplet.TripletSTDP(rho_0=10 * Hz, p=2.0)
    theta = triplet.TripletSTDP().bcm_threshold()
    assert float(params.bcm_threshold(10 * Hz) / theta) == pytest.approx(1)
    assert float(params.bcm_threshold(20 * Hz) / theta) == pytest.approx(4)
    drift = triplet.expected_drift(params, 10 * Hz, 4 * theta, nu_bar_p=(20 * Hz) ** 2)
    assert float(drift) == pytest.approx(0, abs=1e-12)
    with pytest.raises(ValueError, match="needs the mean postsynaptic rate"):
        params.bcm_threshold()
    with pytest.raises(ValueError, match="TripletSTDP.rho_0 must be > 0"):
        triplet.TripletSTDP(rho_0=-1 * Hz)


def test_mean_nu_bar_p_follows_the_relaxation():
    params = triplet.TripletSTDP(rho_0=10 * Hz, tau_h=1 * second)
    assert float(triplet.mean_nu_bar_p(params, 5 * Hz, 5 * Hz, 3 * second) / Hz**2) == pytest.approx(25)
    # nu_bar = 10 exp(-t / 1 s) from 10 Hz towards 0: <nu_bar^2> over 2 s = 100 (1 - e^-4) / 4
    expected = 100 * (1 - np.exp(-4)) / 4
    assert float(triplet.mean_nu_bar_p(params, 10 * Hz, 0 * Hz, 2 * second) / Hz**2) == pytest.approx(
        expected, rel=1e-4
    )


def test_sliding_synapse_depresses_more_after_a_high_rate_history():
    """Identical spike trains (pure pair depression); nu_bar twice as high: 4 times the depression (p = 2)."""
    params = triplet.TripletSTDP(rho_0=10 * Hz, A3_plus=0.0, A2_minus=0.01)
    pre = spike_pattern(2, np.array([0, 1, 0, 1]), np.array([10, 10, 30, 30]) * ms)
    post = spike_pattern(2, np.array([0, 1, 0, 1]), np.array([5, 5, 25, 25]) * ms)
    synapses = triplet.synapse_model(params).synapses(pre, post)
    synapses.connect(j="i")
    synapses.w = 0.5
    synapses.nu_bar = [10, 20] * Hz
    Network(pre, post, synapses).run(40 * ms)
    assert synapses.w[0] < 0.5 and synapses.w[1] < synapses.w[0]
    dw = 0.5 - np.asarray(synapses.w[:])
    assert dw[1] == pytest.approx(dw[0] * 4, rel=1e-3)  # nu_bar moves by 1 / tau_h = 3e-4 Hz per post spike


def test_nearest_spike_drift_of_the_diehl_cook_rule_matches_independent_poisson_trains():
    """Diehl & Cook's rule (nearest-spike, A2+ = A3- = 0) on independent Poisson pairs: the measured drift of each
    condition agrees with the closed form within 3 s.e.m. (or 10 %); the conditions differ tenfold in drift."""
    from spikelearn.bridge import Arm, pair_drift
    from spikelearn.circuits.pairs import PairCondition

    params = triplet.TripletSTDP(**{**triplet.DIEHL_COOK_2015, "w_max": 5.0})  # no clipping
    conditions = (PairCondition(60 * Hz, 2 * Hz), PairCondition(20 * Hz, 40 * Hz))
    arm = Arm(
        triplet.synapse_model(params),
        conditions,
        lambda r_pre, r_post, cond, dt: triplet.expected_drift(params, r_pre * Hz, r_post * Hz, dt=dt),
    )
    gaps, _ = pair_drift({"Diehl & Cook": arm}, n_per_condition=100, duration=10 * second, w0=1.0, device="runtime")
    weak, strong = gaps["Diehl & Cook"]
    assert 0 < 10 * weak.rate < strong.rate
    for gap in (weak, strong):
        assert gap.agrees(rel_tol=0.1, n_sem=3), gap


def test_nearest_trace_mean_on_a_fine_grid_is_the_continuous_one():
    params = triplet.TripletSTDP(**triplet.DIEHL_COOK_2015)
    continuous = triplet.expected_drift(params, 30 * Hz, 20 * Hz)
    assert triplet.expected_drift(params, 30 * Hz, 20 * Hz, dt=1e-5 * ms) == pytest.approx(continuous, rel=1e-4)
    # rho tau / (1 + rho tau) by hand for one term: depression only (post rate 20 Hz, tau 20 ms)
    depression_only = triplet.TripletSTDP(**{**triplet.DIEHL_COOK_2015, "A3_plus": 0.0})
    assert triplet.expected_drift(depression_only, 30 * Hz, 20 * Hz) == pytest.approx(-30 * 1e-4 * 0.4 / 1.4)


def test_per_neuron_traces_are_the_nearest_spike_rule_spike_for_spike(rng):
    """nearest_synapse_model with nearest_post_traces (Diehl & Cook's parameters, delays up to 10 ms, every post
    neuron's traces shared by its 6 synapses) ends at the same weights as the per-synapse nearest-spike rule."""
    from brian2 import NeuronGroup, TimedArray, defaultclock

    params = triplet.TripletSTDP(**{**triplet.DIEHL_COOK_2015, "A3_plus": 0.3, "A2_minus": 0.05})
    n_pre, n_post, steps = 6, 3, 30000
    rasters = [
        TimedArray((rng.random((steps, n)) < p).astype(float), dt=defaultclock.dt)
        for n, p in ((n_pre, 0.003), (n_post, 0.002))
    ]
    pre = NeuronGroup(n_pre, "", threshold="pre_raster(t, i) > 0.5", namespace={"pre_raster": rasters[0]})
    post = NeuronGroup(
        n_post, triplet.NEAREST_LINKED, threshold="post_raster(t, i) > 0.5", namespace={"post_raster": rasters[1]}
    )
    post_copy = NeuronGroup(n_post, "", threshold="post_raster(t, i) > 0.5", namespace={"post_raster": rasters[1]})
    traces = triplet.nearest_post_traces(params, post, defaultclock.dt)
    delays = rng.uniform(0, 10, n_pre * n_post) * ms
    w0 = rng.uniform(0.2, 0.8, n_pre * n_post)
    rules = [
        triplet.synapse_model(params).synapses(pre, post_copy),
        triplet.nearest_synapse_model(params).synapses(pre, post),
    ]
    for s in rules:
        s.connect()
        s.w = w0
        s.delay = delays
    rules[1].t_arrival = -1e4 * second
    Network(pre, post, post_copy, *traces, *rules).run(steps * defaultclock.dt)
    assert np.allclose(rules[0].w[:], rules[1].w[:], atol=1e-9)
    assert np.abs(rules[0].w[:] - w0).max() > 0.1


def test_per_neuron_traces_need_nearest_pairing_without_triplet_depression():
    with pytest.raises(InputError, match="nearest-spike pairing"):
        triplet.nearest_synapse_model(triplet.TripletSTDP())


def test_rate_update_is_the_drift_over_time_on_an_n_post_by_n_pre_matrix():
    params = triplet.TripletSTDP.from_paper("visual-cortex", "minimal", "all-to-all")
    pre, post = np.array([5.0, 10.0, 20.0]) * Hz, np.array([10.0, 40.0]) * Hz
    dw = triplet.rate_update(params, pre, post, np.zeros((2, 3)), 2 * second)
    assert dw.shape == (2, 3)
    assert dw[1, 2] == pytest.approx(2 * triplet.expected_drift(params, 20 * Hz, 40 * Hz))
    assert dw[0, 0] < 0 < dw[1, 0]  # BCM-like: depression at low, potentiation at high postsynaptic rate
    with pytest.raises(ValueError, match=r"w must have shape \(n_post, n_pre\) = \(2, 3\)"):
        triplet.rate_update(params, pre, post, np.zeros((3, 2)), 2 * second)
