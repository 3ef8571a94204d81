import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, ms, second

from spikelearn.inputs import poisson_group
from spikelearn.rules import bcm


def test_rate_form_signs_and_fixed_point():
    rule = bcm.BCM()
    x = np.array([10.0, 0.0]) * Hz
    assert (
        bcm.rate_update(rule, x, 5 * Hz, 10 * Hz, 1 * second)[0]
        < 0
        < bcm.rate_update(rule, x, 15 * Hz, 10 * Hz, 1 * second)[0]
    )
    assert bcm.rate_update(rule, x, 15 * Hz, 10 * Hz, 1 * second)[1] == 0  # no presynaptic activity, no change
    y = 12 * Hz
    assert float(bcm.theta_drift(rule, y, y**2 / rule.y0) / (Hz / second)) == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(y0=0 * Hz), "BCM.y0 must be > 0"),
        (dict(y0=-5 * Hz), "BCM.y0 must be > 0"),
        (dict(tau_theta=-1 * second), "BCM.tau_theta must be > 0"),
        (dict(eta=1e-6), "BCM.eta must be in units of"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bcm.BCM(**kwargs)


def test_trace_power_of_a_constant_rate_is_rate_squared_plus_shot_noise():
    power = bcm.trace_power([20, 20, 20] * Hz, 500 * ms, 50 * ms)
    assert float(power / Hz**2) == pytest.approx(400 + 20 / 0.1)
    # switching between 0 and 40 Hz: the lagging trace has less power than the rates' own mean square
    switching = float(bcm.trace_power([0, 40] * 20 * Hz, 500 * ms, 50 * ms) / Hz**2)
    assert switching < 800 + 20 / 0.1


def test_spiking_synapse_follows_the_rate_form_for_a_clamped_postsynaptic_trace():
    """Postsynaptic trace and threshold held fixed: the mean weight drift is eta x y (y - theta)."""
    rule = bcm.BCM(eta=1e-6 * second**2)
    inputs = poisson_group(200, 20 * Hz)
    post = NeuronGroup(
        1,
        bcm.POST_EQUATIONS.replace("dy_trace/dt = -y_trace / tau_y", "y_trace = 30 * Hz").replace(
            "dtheta/dt = (y_trace**2 / y0 - theta) / tau_theta", "theta = 10 * Hz"
        ),
        namespace=rule.namespace,
    )
    synapses = bcm.synapse_model(rule).synapses(inputs, post, method="euler")
    synapses.connect()
    synapses.w = 0.5
    Network(inputs, post, synapses).run(2 * second)
    drift = (np.asarray(synapses.w[:]) - 0.5) / 2.0
    expected = 1e-6 * 20 * 30 * (30 - 10)
    # the trace x~ averages to 20 Hz (less the initial rise, tau_x / 2 s = 1 %); s.e.m. over 200 synapses ~1 %
    assert drift.mean() == pytest.approx(expected * (1 - 0.01), rel=0.03)


def test_spiking_drift_with_a_poisson_postsynaptic_neuron_is_the_expected_drift():
    """100 Poisson neurons at 30 Hz, each with one input at 20 Hz, theta held at 25 Hz: the mean drift is
    eta x (y^2 + y / (2 tau_y) - y theta) = 1.3e-3 / s; the rate form (y^2 only) gives 3e-3 / s."""
    rule = bcm.BCM(eta=1e-6 * second**2)
    n, x, y, theta = 100, 20 * Hz, 30 * Hz, 25 * Hz
    inputs = poisson_group(n, x)
    equations = bcm.POST_EQUATIONS.replace("dtheta/dt = (y_trace**2 / y0 - theta) / tau_theta", "theta = 25 * Hz")
    post = NeuronGroup(n, equations, threshold="rand() < 30 * Hz * dt", reset=bcm.POST_RESET, namespace=rule.namespace)
    post.y_trace = y
    synapses = bcm.synapse_model(rule).synapses(inputs, post, method="euler")
    synapses.connect(j="i")
    synapses.w, synapses.x_trace = 0.5, x
    duration = 10 * second
    Network(inputs, post, synapses).run(duration)
    drift = (np.asarray(synapses.w[:]) - 0.5) / float(duration / second)
    sem = drift.std(ddof=1) / np.sqrt(n)
    expected = bcm.expected_drift(rule, x, y, theta)
    assert abs(drift.mean() - expected) < 4 * sem
    assert abs(drift.mean() - bcm.rate_update(rule, x, y, theta, 1 * second)) > 10 * sem
