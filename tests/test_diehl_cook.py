"""The Diehl & Cook (2015) network's schedule inside the simulation: images in order, repeated at a higher intensity
while they draw fewer than 5 spikes (also across chunks), weights normalised, labels assigned and predicted."""

import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.checks import InputError
from spikelearn.circuits import diehl_cook as dc


def test_schedule_repeats_dim_images_across_chunks_and_normalises(rng):
    params = dc.DiehlCook(n_e=10)
    images = datasets.load("digits_28x28").x_train[:8].copy()
    images[[2, 5]] *= 0.15  # too dim to draw 5 spikes at intensity 2
    state = dc.initial_state(params, rng)
    shown, after = dc.present(params, images, state, True, seed=3, chunk=5, device="runtime")
    rows, counts = shown.responses()
    assert np.array_equal(rows, np.arange(8))  # every image answered once, in order
    assert shown.rows.max() == 7  # spare cycles after the last image (blank rows) are dropped
    repeats = np.bincount(shown.rows, minlength=8) - 1
    assert repeats[2] >= 1 and repeats[5] >= 1 and len(shown.rows) > 10  # so some repeats cross a chunk boundary
    for row in (2, 5):
        assert np.array_equal(np.diff(shown.intensity[shown.rows == row]), np.ones(repeats[row]))
    total = shown.counts.sum(axis=1)  # the monitor's counts agree with the controller's decisions
    assert np.all(total[shown.accepted] >= params.min_spikes) and np.all(total[~shown.accepted] < params.min_spikes)
    assert np.all(shown.intensity[shown.accepted & np.isin(shown.rows, [0, 1, 3])] == params.intensity_0)
    sums = after.weights.sum(axis=1)  # 121 on average before: normalised to 78 at each cycle's start
    assert state.weights.sum(axis=1).min() > 110 and np.all(np.abs(sums - params.w_total) < 3)
    assert np.all(after.theta > state.theta)  # every neuron that fired raised its threshold
    frozen, unchanged = dc.present(params, images[:3], after, False, seed=4, chunk=5, device="runtime")
    assert np.array_equal(unchanged.weights, after.weights) and np.array_equal(unchanged.theta, after.theta)
    _, free = dc.present(params, images[:3], after, True, seed=5, chunk=5, device="runtime", normalise=False)
    assert np.abs(free.weights.sum(axis=1) - params.w_total).max() > 1  # STDP alone, no normalisation


def test_labels_and_prediction():
    counts = np.array([[5, 0, 1], [4, 1, 0], [0, 6, 2], [1, 0, 7]], float)
    labels = np.array([0, 0, 1, 2])
    assignments = dc.assign_labels(counts, labels, 3)
    assert assignments.tolist() == [0, 1, 2]
    assert dc.predict(counts, assignments, 3).tolist() == [0, 0, 1, 2]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(n_e=1), "n_e must be an integer >= 2"),
        (dict(tau_e=-1), "tau_e"),
        (dict(stdp=None), "stdp must be a TripletSTDP"),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(InputError, match=message):
        dc.DiehlCook(**kwargs)


def test_bad_images_are_refused(rng):
    params = dc.DiehlCook(n_e=2)
    state = dc.initial_state(params, rng)
    with pytest.raises(InputError, match=r"shape \(n >= 1, 784\)"):
        dc.present(params, np.zeros((3, 64)), state, True)
    with pytest.raises(InputError, match=r"pixel values in \[0, 1\]"):
        dc.present(params, np.full((3, 784), 2.0), state, True)


def test_a_synchronous_inhibitory_volley_keeps_the_membrane_between_its_reversal_potentials():
    """30 inhibitory spikes in one step (g_i = 30 x 17 leak conductances): the membrane relaxes towards E_inh and
    stays between E_inh and E_exc. Forward Euler (their code's integrator) swings it to about -10^7 mV."""
    from brian2 import Network, ms, mV

    params = dc.DiehlCook(n_e=2)
    state = dc.initial_state(params, np.random.default_rng(0))
    exc, inh, e_to_i, i_to_e = dc.layers(params, state, learn=False)
    exc.g_i = 30 * params.w_ie
    net = Network(exc, inh, e_to_i, i_to_e)
    lowest = []
    for _ in range(20):
        net.run(0.5 * ms)
        lowest.append(float(np.min(exc.v / mV)))
    assert min(lowest) >= float(params.E_inh_e / mV) - 1e-6
    assert lowest[-1] < float(params.v_rest_e / mV)  # inhibited, below rest
