import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, ms

from spikelearn import stp
from spikelearn.inputs import spike_pattern


@pytest.mark.parametrize("params", [stp.DEPRESSING, stp.FACILITATING], ids=["depressing", "facilitating"])
@pytest.mark.parametrize("rate", [5, 20, 50])
def test_periodic_train_reaches_the_analytic_steady_state(params, rate):
    n_spikes = 60
    times = np.arange(n_spikes) * 1000.0 / rate + 1
    pre = spike_pattern(1, np.zeros(n_spikes, int), times * ms)
    post = NeuronGroup(1, "total : 1\nlast : 1")
    synapses = stp.synapse_model(params, "last_post = release\ntotal_post += release").synapses(pre, post)
    synapses.connect()
    stp.initialise(synapses, params)
    Network(pre, post, synapses).run((times[-1] + 1) * ms)
    assert post.last[0] / params.U == pytest.approx(stp.steady_state_release(params, rate * Hz), rel=1e-3)


def test_depressing_passes_events_facilitating_passes_bursts():
    """A 3-spike burst (5 ms apart) after a long pause: release of the 3rd spike relative to the 1st."""
    ratio = {}
    for name, params in (("dep", stp.DEPRESSING), ("fac", stp.FACILITATING)):
        pre = spike_pattern(1, [0, 0, 0], [1, 6, 11] * ms)
        post = NeuronGroup(1, "releases : 1")
        synapses = stp.synapse_model(params, "releases_post = release").synapses(pre, post)
        synapses.connect()
        stp.initialise(synapses, params)
        first = params.U
        Network(pre, post, synapses).run(12 * ms)
        ratio[name] = post.releases[0] / first
    assert ratio["dep"] < 0.3 and ratio["fac"] > 5  # 0.25 and ~9


def test_bad_parameters():
    with pytest.raises(ValueError, match="U and f must be <= 1"):
        stp.TsodyksMarkram(U=1.5)
    with pytest.raises(ValueError, match="TsodyksMarkram.tau_D must be > 0"):
        stp.TsodyksMarkram(tau_D=-1 * ms)
    assert stp.steady_state_release(stp.DEPRESSING, 1e-3 * Hz) == pytest.approx(1, abs=1e-6)
