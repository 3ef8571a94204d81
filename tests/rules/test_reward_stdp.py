import numpy as np
import pytest
from brian2 import Hz, Network, defaultclock, ms, second

from spikelearn.checks import InputError
from spikelearn.inputs import spike_pattern
from spikelearn.rules import reward_stdp, stdp

PARAMS = reward_stdp.RewardSTDP(tau_c=1 * second, tau_d=200 * ms)  # Izhikevich (2007): A+ = 1, A- = 1.5, w in [0, 4]


def reference(params, pre_ms, post_ms, reward_ms, R, w0, t_end_ms):
    """Izhikevich (2007) eqs. 1-2 event by event in plain Python: between events c and d decay exponentially and
    w integrates their product exactly; at a pre spike c gets -A- y, at a post spike +A+ x (pre first within a step),
    at a reward d gets R; w stays in [0, w_max]. Times in ms, d in 1/s; returns w, c, d at t_end."""
    win = params.window
    tau_c, tau_d = params.tau_c / second, params.tau_d / second
    events = sorted([(t, 0) for t in pre_ms] + [(t, 1) for t in post_ms] + [(t, 2) for t in reward_ms])
    x = y = c = d = now = 0.0
    w = w0
    for t, kind in [*events, (t_end_ms, 3)]:
        gap = (t - now) / 1000  # seconds
        rate = 1 / tau_c + 1 / tau_d  # c(s) d(s) = c d exp(-s rate)
        w = min(max(w + c * d * (1 - np.exp(-rate * gap)) / rate, 0.0), win.w_max)
        c, d = c * np.exp(-gap / tau_c), d * np.exp(-gap / tau_d)
        x, y = x * np.exp(-gap / (win.tau_plus / second)), y * np.exp(-gap / (win.tau_minus / second))
        now = t
        if kind == 0:
            x += 1
            c -= win.A_minus * y
        elif kind == 1:
            y += 1
            c += win.A_plus * x
        elif kind == 2:
            d += R / Hz
    return w, c, d


def random_trains(rng, n, duration_ms, rate_hz):
    steps = duration_ms * 10
    return [np.unique(rng.integers(1, steps, size=rng.poisson(rate_hz * duration_ms / 1000))) for _ in range(n)]


def pattern(steps):
    indices = np.concatenate([[k] * len(s) for k, s in enumerate(steps)]).astype(int)
    return spike_pattern(len(steps), indices, np.concatenate(steps) / 10 * ms)


def brian_state(synapses, t):
    w = reward_stdp.weight_at(PARAMS, synapses.w[:], synapses.c[:], synapses.d[:], synapses.t_last[:], t)
    elapsed = np.asarray((t - synapses.t_last[:]) / second)
    return w, synapses.c[:] * np.exp(-elapsed / 1.0), synapses.d[:] / Hz * np.exp(-elapsed / 0.2)


def test_brian_synapse_equals_event_by_event_reference(rng):
    """Random pre/post spikes on 6 synapses and dopamine pulses to all of them, against the plain-Python equations."""
    n, duration_ms, R = 6, 2000, 4.0 * Hz
    pre, post = random_trains(rng, n, duration_ms, 15), random_trains(rng, n, duration_ms, 15)
    rewards = np.unique(rng.integers(1, duration_ms * 10, size=8))
    pre_group, post_group = pattern(pre), pattern(post)
    synapses = reward_stdp.synapse_model(PARAMS).synapses(pre_group, post_group)
    synapses.connect(j="i")
    w0 = rng.uniform(0, 4, n)
    synapses.w = w0
    dopamine = spike_pattern(1, np.zeros(len(rewards), int), rewards / 10 * ms)
    pulses = reward_stdp.dopamine_pathway(PARAMS, dopamine, synapses, R)
    pulses.connect()
    Network(pre_group, post_group, synapses, dopamine, pulses).run(duration_ms * ms + 1 * ms)
    measured = brian_state(synapses, (duration_ms + 1) * ms)
    for k in range(n):
        expected = reference(PARAMS, pre[k] / 10, post[k] / 10, rewards / 10, R, w0[k], duration_ms + 1)
        assert np.allclose([m[k] for m in measured], expected, rtol=1e-9, atol=1e-12), (k, expected)
    assert np.any(np.isin(measured[0], [0.0, 4.0]))  # the bounds were reached
    assert np.all(np.abs(measured[0] - w0) > 1e-3)  # every weight moved


def test_pairing_detector_rewards_each_paired_post_spike(rng):
    """Rewards triggered by each synapse's own pairings (0 <= t_post - t_pre < 10 ms) at 300 ms, against the
    reference given the reward times computed from the spikes."""
    n, duration_ms = 6, 2000
    reward = reward_stdp.PairingReward(R=3.0 * Hz, delay=300 * ms, T_pair=10 * ms)
    pre, post = random_trains(rng, n, duration_ms, 20), random_trains(rng, n, duration_ms, 20)
    pre_group, post_group = pattern(pre), pattern(post)
    synapses = reward_stdp.synapse_model(PARAMS).synapses(pre_group, post_group)
    synapses.connect(j="i")
    synapses.w = 2.0
    objects = reward_stdp.pairing_reward(PARAMS, reward, pre_group, post_group, synapses, broadcast=False, name="r")
    Network(pre_group, post_group, synapses, *objects).run(duration_ms * ms)
    measured = brian_state(synapses, duration_ms * ms)
    n_rewards = 0
    for k in range(n):
        lags = post[k][:, None] - pre[k][None, :]  # in steps of 0.1 ms
        paired = post[k][np.any((lags >= 0) & (lags < 100), axis=1)]
        rewards = (paired + 3000)[paired + 3000 < duration_ms * 10]
        n_rewards += len(rewards)
        expected = reference(PARAMS, pre[k] / 10, post[k] / 10, rewards / 10, 3.0 * Hz, 2.0, duration_ms)
        assert np.allclose([m[k] for m in measured], expected, rtol=1e-9, atol=1e-12), (k, expected)
    assert n_rewards >= 5


def test_one_pairing_and_one_reward_closed_form():
    """A pair at +5 ms and one pulse R after D: the weight change is A+ e^(-5/20) e^(-D/tau_c) R tau_cd (1 - ...)."""
    pre, post = spike_pattern(1, [0], [10] * ms), spike_pattern(1, [0], [15] * ms)
    synapses = reward_stdp.synapse_model(PARAMS).synapses(pre, post)
    synapses.connect()
    synapses.w = 1.0
    dopamine = spike_pattern(1, [0], [1015] * ms)
    pulses = reward_stdp.dopamine_pathway(PARAMS, dopamine, synapses, 0.5 * Hz)
    pulses.connect()
    Network(pre, post, synapses, dopamine, pulses).run(3 * second)
    w = reward_stdp.weight_at(PARAMS, synapses.w[:], synapses.c[:], synapses.d[:], synapses.t_last[:], 3 * second)
    tau_cd = 1 / (1 / 1.0 + 1 / 0.2)
    expected = 1.0 * np.exp(-5 / 20) * np.exp(-1.0) * 0.5 * tau_cd * (1 - np.exp(-1.985 / tau_cd))
    assert w[0] - 1.0 == pytest.approx(expected, rel=1e-9)


def test_zero_reward_gives_zero_drift():
    assert reward_stdp.expected_drift(PARAMS, 5 * Hz, 8 * Hz, reward_stdp.PairingReward(R=0 * Hz)) == 0.0
    dw = reward_stdp.rate_update(
        PARAMS, [2, 3, 4] * Hz, [5, 6] * Hz, np.zeros((2, 3)), 10 * second, reward_stdp.PairingReward(R=0 * Hz), (0, 1)
    )
    assert np.all(dw == 0)


def test_reward_triggered_part_falls_as_exp_minus_delay_over_tau_c():
    uncorrelated = reward_stdp.expected_drift(PARAMS, 3 * Hz, 5 * Hz, reward_stdp.PairingReward(delay=1 * second))
    c_bar_d_bar = 1.0 * stdp.expected_drift(PARAMS.window, 3 * Hz, 5 * Hz) * 0.5 * 0.2 * 5 * -np.expm1(-0.03)
    parts = [
        reward_stdp.expected_drift(PARAMS, 3 * Hz, 5 * Hz, reward_stdp.PairingReward(delay=D * second)) - c_bar_d_bar
        for D in (1.0, 2.0, 3.0)
    ]
    assert parts[1] / parts[0] == pytest.approx(np.exp(-1.0), rel=1e-9)
    assert parts[2] / parts[0] == pytest.approx(np.exp(-2.0), rel=1e-9)
    assert parts[0] > 0 > uncorrelated - parts[0]  # reward-triggered potentiation, depression-dominated window


def test_low_rates_leave_the_pair_term():
    """At low rates only the triggering pair counts: a b R tau_cd e^(-D/tau_c) integral_0^T W."""
    reward = reward_stdp.PairingReward(R=0.5 * Hz, delay=2 * second, T_pair=10 * ms)
    drift = reward_stdp.expected_drift(PARAMS, 0.01 * Hz, 0.01 * Hz, reward)
    tau_cd = 1 / 6
    expected = 1e-4 * 0.5 * tau_cd * np.exp(-2.0) * 1.0 * 0.02 * (1 - np.exp(-0.5))
    assert drift == pytest.approx(expected, rel=1e-3)


def test_rate_update_for_one_rewarded_synapse():
    reward = reward_stdp.PairingReward(R=0.5 * Hz, delay=1 * second)
    pre, post = [2, 3, 4] * Hz, [5, 6] * Hz
    dw = reward_stdp.rate_update(PARAMS, pre, post, np.zeros((2, 3)), 2 * second, reward, rewarded=(0, 1))
    assert dw[0, 1] == pytest.approx(2 * reward_stdp.expected_drift(PARAMS, 3 * Hz, 5 * Hz, reward))
    d_bar = 0.5 * 0.2 * 5 * -np.expm1(-3 * 0.01)
    for k in range(3):  # another neuron's synapses see the pulses uncorrelated with their eligibility
        assert dw[1, k] == pytest.approx(2 * 1.0 * stdp.expected_drift(PARAMS.window, pre[k], 6 * Hz) * d_bar)
    assert dw[0, 1] > 0 and np.all(np.delete(dw.ravel(), 1) < 0)  # only the rewarded synapse grows
    with pytest.raises(InputError, match="rewarded must index w of shape"):
        reward_stdp.rate_update(PARAMS, pre, post, np.zeros((2, 3)), 2 * second, reward, rewarded=(2, 0))


@pytest.mark.parametrize(
    "build, match",
    [
        (lambda: reward_stdp.RewardSTDP(tau_c=-1 * second), "RewardSTDP.tau_c must be > 0"),
        (lambda: reward_stdp.RewardSTDP(tau_d=5 * Hz), "RewardSTDP.tau_d must be in units of"),
        (lambda: reward_stdp.RewardSTDP(tau_c=10 * ms), r"RewardSTDP.tau_c \(10. ms\) must be longer"),
        (
            lambda: reward_stdp.RewardSTDP(window=stdp.PairSTDP(variant="multiplicative")),
            "RewardSTDP.window must be additive with all-to-all pairing",
        ),
        (lambda: reward_stdp.RewardSTDP(window=0.5), "RewardSTDP.window must be a PairSTDP, got float"),
        (lambda: reward_stdp.PairingReward(R=-1 * Hz), "PairingReward.R must be >= 0"),
        (lambda: reward_stdp.PairingReward(delay=0 * ms), "PairingReward.delay must be > 0"),
        (lambda: reward_stdp.PairingReward(T_pair=1 * Hz), "PairingReward.T_pair must be in units of"),
        (lambda: reward_stdp.synapse_model(stdp.PairSTDP()), "params must be RewardSTDP, got PairSTDP"),
        (lambda: reward_stdp.expected_drift(PARAMS, 5 * Hz, 5 * Hz, 0.5), "reward must be PairingReward"),
        (lambda: reward_stdp.expected_drift(PARAMS, 5 * ms, 5 * Hz, reward_stdp.PairingReward()), "rate_pre must"),
    ],
)
def test_bad_parameters_give_one_clear_line(build, match):
    with pytest.raises(InputError, match=match) as error:
        build()
    assert "\n" not in str(error.value)


def test_bad_reward_delays_are_refused():
    pre, post = spike_pattern(1, [0], [1] * ms), spike_pattern(1, [0], [2] * ms)
    synapses = reward_stdp.synapse_model(PARAMS).synapses(pre, post)
    synapses.connect()
    short = reward_stdp.PairingReward(delay=defaultclock.dt / 2)
    with pytest.raises(InputError, match="PairingReward.delay must be at least one time step"):
        reward_stdp.pairing_reward(PARAMS, short, pre, post, synapses, broadcast=True, name="short")
    with pytest.raises(InputError, match=r"delays must be one per pair \(1\) and the reward not broadcast"):
        reward_stdp.pairing_reward(
            PARAMS, reward_stdp.PairingReward(), pre, post, synapses, True, "many", delays=[1, 2] * second
        )
