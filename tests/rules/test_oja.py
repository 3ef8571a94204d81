import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, ms, second

from spikelearn.inputs import poisson_group
from spikelearn.rules import hebbian, oja


def test_spiking_oja_drift_is_the_rate_form_for_a_clamped_postsynaptic_trace():
    """Post trace held at y_b + 20 Hz, inputs at mu + 10 Hz: dw/dt = eta y (x - y w) with y = 20 Hz, x = 10 Hz."""
    rule = oja.Oja(eta=1e-5 * second, tau_x=20 * ms)
    inputs = poisson_group(300, rule.mu + 10 * Hz)
    post = NeuronGroup(1, "u : Hz\ny_trace = y_b + 20 * Hz : Hz", namespace=rule.namespace)
    synapses = oja.synapse_model(rule).synapses(inputs, post, method="euler")
    synapses.connect()
    synapses.w = 0.2
    synapses.x_trace = rule.mu + 10 * Hz
    Network(inputs, post, synapses).run(2 * second)
    drift = (np.asarray(synapses.w[:]) - 0.2) / 2.0
    expected = hebbian.rate_update("oja", np.array([[0.2]]), np.array([[10.0]]), 1e-5, Y=np.array([[20.0]]))[0, 0]
    # x~ - mu fluctuates around 10 Hz with s.d. sqrt(40 Hz / (2 tau_x)) = 32 Hz; over 2 s and 300 synapses the
    # mean drift's s.e.m. is ~1e-5 * 20 * 32 * sqrt(2 tau_x / 2 s) / sqrt(300) / 1 = 3.7e-6 (expected 0.0012)
    assert drift.mean() == pytest.approx(expected, abs=4 * 3.7e-6)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(eta=-1e-5 * second), "Oja.eta must be > 0"),
        (dict(mu=5 * ms), "Oja.mu must be in units of"),
        (dict(tau_y=0 * ms), "Oja.tau_y must be > 0"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        oja.Oja(**kwargs)
