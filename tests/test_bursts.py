import numpy as np
import pytest
from brian2 import Hz, Network, SpikeMonitor, ms, second

from spikelearn.bursts import burst_poisson_group, events_and_bursts, relay
from spikelearn.inputs import spike_pattern

# neuron 0: isolated spikes; 1: a 3-spike burst, then a 2-spike burst; 2: spikes 20 ms apart
TIMES = [[50, 150, 300], [100, 105, 110, 200, 210], [100, 120, 140]]
EXPECTED = {  # (is_event, is_burst) per spike
    "isi": [([1, 1, 1], [0, 0, 0]), ([1, 0, 0, 1, 0], [0, 1, 0, 0, 1]), ([1, 1, 1], [0, 0, 0])],
    # the online trace sums 20 and 40 ms old spikes: e^-1.25 + e^-2.5 = 0.369 >= e^-1, the third spike is a burst
    "trace": [([1, 1, 1], [0, 0, 0]), ([1, 0, 0, 1, 0], [0, 1, 0, 0, 1]), ([1, 1, 0], [0, 0, 1])],
}


@pytest.mark.parametrize("kind", ["isi", "trace"])
def test_detector_on_hand_made_trains(kind):
    indices = np.concatenate([[k] * len(t) for k, t in enumerate(TIMES)])
    source = spike_pattern(3, indices, np.concatenate(TIMES) * ms)
    group, drive = relay(source, 3, kind=kind)
    monitor = SpikeMonitor(group, variables=["is_event", "is_burst"])
    Network(source, group, drive, monitor).run(400 * ms)
    for k, (events, bursts) in enumerate(EXPECTED[kind]):
        mine = monitor.i[:] == k
        assert np.allclose(monitor.t[mine] / ms, np.array(TIMES[k]) + 0.1)  # the relay fires one step later
        assert list(monitor.is_event[mine]) == events and list(monitor.is_burst[mine]) == bursts


def test_offline_detector_matches_the_isi_criterion():
    for k, (events, bursts) in enumerate(EXPECTED["isi"]):
        t = np.array(TIMES[k]) / 1000
        e, b = events_and_bursts(t)
        assert np.allclose(e, t[np.array(events, bool)]) and np.allclose(b, t[np.array(bursts, bool)])


def test_burst_poisson_sources_have_the_requested_statistics():
    group = burst_poisson_group(400, 10 * Hz, np.repeat([0.0, 0.3], 200), 20 * ms, kind="isi")
    monitor = SpikeMonitor(group, variables=["is_event", "is_burst"])
    Network(group, monitor).run(20 * second)
    i, events, bursts = monitor.i[:], monitor.is_event[:], monitor.is_burst[:]
    for block, p in ((slice(0, 200), 0.0), (slice(200, 400), 0.3)):
        mine = (i >= block.start) & (i < block.stop)
        n_events, n_bursts = events[mine].sum(), bursts[mine].sum()
        # 40000 expected events: s.d. of the rate ~0.5 %; the burst fraction's s.e. ~0.3 %
        assert n_events / (200 * 20) == pytest.approx(10, rel=0.03)
        assert n_bursts / n_events == pytest.approx(p, abs=0.015)
    assert np.diff(monitor.t[i == 0] / ms).min() >= 20 - 0.1  # the event dead time


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(event_rate=-1 * Hz), "event_rate must be > 0"),
        (dict(p_burst=1.5), "p_burst must be <= 1"),
        (dict(event_rate=60 * Hz, dead_time=20 * ms), "event_rate \\* dead_time must be < 1"),
    ],
)
def test_bad_burst_poisson_arguments(kwargs, match):
    args = {"event_rate": 10 * Hz, "p_burst": 0.2, "dead_time": 20 * ms, **kwargs}
    with pytest.raises(ValueError, match=match):
        burst_poisson_group(5, **args)
    with pytest.raises(ValueError, match="detector must be one of"):
        burst_poisson_group(5, 10 * Hz, 0.2, 20 * ms, kind="window")
