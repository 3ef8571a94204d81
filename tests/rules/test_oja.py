import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, ms, second

from spikelearn.inputs import poisson_group
from spikelearn.neurons import poisson_neuron_group
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
    # mean drift's s.e.m. is ~1e-5 * 20 * 32 * sqrt(2 tau_x / 2 s) / sqrt(300) = 5e-5 (expected 0.0012)
    assert abs(drift.mean() - expected) < 4 * drift.std(ddof=1) / np.sqrt(drift.size)


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


def test_spiking_oja_drift_for_held_input_rates_includes_the_shot_noise_terms():
    """100 neurons with 3 Poisson inputs each at mu + (10, -5, 20) Hz, W fixed (tiny eta): the mean drift is
    expected_drift (Poisson shot noise of both traces), not the rate form's eta y (x - y w)."""
    rule = oja.Oja(eta=1e-9 * second)
    n, w0, rates = 100, np.array([0.8, 0.3, 0.4]), rule.mu + np.array([10.0, -5.0, 20.0]) * Hz
    inputs = poisson_group(3 * n, np.tile(np.asarray(rates / Hz), n) * Hz)
    post = poisson_neuron_group(n, oja.NEURON_RATE, oja.NEURON_EQUATIONS, oja.NEURON_RESET, rule.namespace)
    synapses = oja.synapse_model(rule).synapses(inputs, post, method="euler")
    synapses.connect(j="i // 3")
    synapses.w = np.tile(w0, n)
    synapses.x_trace = np.tile(np.asarray(rates / Hz), n) * Hz
    post.y_trace = rule.y_b + w0 @ np.array([10.0, -5.0, 20.0]) * Hz
    duration = 10 * second
    Network(inputs, post, synapses).run(duration, namespace=rule.namespace)
    drift = (np.asarray(synapses.w[:]).reshape(n, 3) - w0) / float(duration / second)
    mean, sem = drift.mean(axis=0), drift.std(axis=0, ddof=1) / np.sqrt(n)
    expected = oja.expected_drift(rule, w0, rates)[0]
    rate_form = oja.rate_update(rule, w0, rates, 1 * second)[0]
    assert np.all(np.abs(mean - expected) < 4 * sem), (mean, expected, sem)
    assert np.any(np.abs(mean - rate_form) > 10 * sem)  # the correction is measurable
