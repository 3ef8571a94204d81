import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, SpikeMonitor, StateMonitor, TimedArray, ms, second

from spikelearn.inputs import correlate, poisson_group, poisson_inputs, spike_pattern


def test_interval_poisson_sources_have_poisson_statistics():
    n, rate, duration = 500, 20 * Hz, 4 * second
    group = poisson_group(n, rate)
    spikes = SpikeMonitor(group)
    Network(group, spikes).run(duration)
    counts = np.asarray(spikes.count[:])
    expected = float(rate * duration)
    # the mean count is within 4 standard errors; counts are Poisson: Fano factor ~ 1
    assert abs(counts.mean() - expected) < 4 * np.sqrt(expected / n)
    assert counts.var(ddof=1) / counts.mean() == pytest.approx(1, abs=0.2)
    isi = np.concatenate([np.diff(t / second) for t in spikes.spike_trains().values()])
    assert isi.std() / isi.mean() == pytest.approx(1, abs=0.05)


def test_per_source_rates_and_timed_rates():
    rates = np.array([0, 5, 50]) * Hz
    group = poisson_group(3, rates)
    signal = TimedArray(np.array([0, 100]) * Hz, dt=1 * second)  # 0 Hz for a second, then 100 Hz
    timed = poisson_group(200, signal)
    spikes, timed_spikes = SpikeMonitor(group), SpikeMonitor(timed)
    Network(group, timed, spikes, timed_spikes).run(2 * second)
    assert spikes.count[0] == 0 and 70 < spikes.count[2] < 130  # 100 +- 3 sd of a Poisson count
    t = timed_spikes.t / second
    assert np.all(t >= 1) and abs(len(t) / 200 - 100) < 4 * np.sqrt(100 / 200)


def test_correlated_sources_share_a_fraction_c_squared_of_spikes():
    n, rate, c, duration = 50, 20 * Hz, 0.4, 20 * second
    group = poisson_group(n, rate)
    extra = correlate(group, rate, c)
    spikes = SpikeMonitor(group)
    Network(group, extra, spikes).run(duration)
    assert np.mean(spikes.count[:]) == pytest.approx(float(rate * duration), rel=0.05)
    steps = int(duration / (0.1 * ms))
    counts = np.zeros((n, steps), dtype=np.int8)
    counts[spikes.i[:], np.round(spikes.t[:] / (0.1 * ms)).astype(int)] = 1
    corr = np.corrcoef(counts)[np.triu_indices(n, 1)].mean()
    assert corr == pytest.approx(c**2, rel=0.15)  # mixture model: correlation coefficient c^2 in small bins


def test_spike_pattern_fires_at_the_given_times():
    group = spike_pattern(2, [0, 1, 0], [1, 2, 3] * ms)
    spikes = SpikeMonitor(group)
    Network(group, spikes).run(5 * ms)
    assert list(spikes.i[:]) == [0, 1, 0]
    assert np.allclose(spikes.t / ms, [1, 2, 3])


def counters(n=1):
    return NeuronGroup(n, "a : 1\nb : 1\nc : 1", name="counters")


def test_poisson_inputs_deliver_each_source_at_its_rate_never_two_in_one_step():
    n, duration = 400, 1 * second
    group = counters(n)
    noise = poisson_inputs(group, {"a": (500 * Hz, 1.0), "b": (300 * Hz, 2.0), "c": (0 * Hz, 5.0)})
    trace = StateMonitor(group, ("a", "b"), record=range(20))
    Network(group, noise, trace).run(duration)
    for var, rate, w in (("a", 500, 1.0), ("b", 300, 2.0)):
        counts = getattr(group, var)[:] / w  # inputs per neuron: binomial(steps, rate dt), mean 500 / 300
        assert abs(counts.mean() - rate) < 4 * np.sqrt(rate / n)
        assert counts.var(ddof=1) / counts.mean() == pytest.approx(1 - rate * 1e-4, abs=0.2)
    assert np.all(group.c[:] == 0)
    steps_a, steps_b = np.diff(trace.a, axis=1) > 0, np.diff(trace.b, axis=1) > 0
    assert steps_a.sum() > 5000 and steps_b.sum() > 3000 and not np.any(steps_a & steps_b)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: poisson_group(3, [1, 2] * Hz), r"rates must be a scalar or have shape \(3,\)"),
        (lambda: poisson_group(3, -1 * Hz), "rates must be >= 0"),
        (lambda: poisson_group(3, 5 * ms), "rates must be in units of"),
        (lambda: poisson_group(0, 5 * Hz), "number of sources"),
        (lambda: spike_pattern(2, [0, 2], [1, 2] * ms), r"indices must be integers in \[0, 2\)"),
        (lambda: spike_pattern(2, [0, 0], [1, 1.04] * ms), "more than once within one time step"),
        (lambda: spike_pattern(2, [0], [-1] * ms), "times must be >= 0"),
        (lambda: spike_pattern(2, [0, 1], [1] * ms), "equal length"),
        (lambda: correlate(poisson_group(3, 5 * Hz), 5 * Hz, 1.0), "must be < 1"),
        (lambda: poisson_inputs(counters(), {"d": (5 * Hz, 1.0)}), "counters has no variable 'd'"),
        (lambda: poisson_inputs(counters(), {"a": (-5 * Hz, 1.0)}), "rate of a must be >= 0"),
        (lambda: poisson_inputs(counters(), {"a": (6 * Hz * 1e3, 1.0), "b": (6e3 * Hz, 1.0)}), "sum to 12000 Hz"),
        (lambda: poisson_inputs(counters(), {}), "at least one variable"),
        (lambda: poisson_inputs(counters(), {"a": 5 * Hz}), r"onto a must be a pair \(rate, weight\)"),
    ],
)
def test_bad_inputs_give_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
