import numpy as np
import pytest
from brian2 import ms

from spikelearn.circuits.fa_network import run_fa_network
from spikelearn.rules.spiking_fa import SpikingFA


def _two_class(n_examples, rng):
    """Two 8-pixel patterns (left half on / right half on), labels 0 / 1."""
    labels = rng.integers(0, 2, n_examples)
    x = np.zeros((n_examples, 8))
    x[labels == 0, :4] = 1
    x[labels == 1, 4:] = 1
    return x, labels


def test_tiny_network_learns_a_two_class_problem():
    rng = np.random.default_rng(0)
    x, y = _two_class(400, rng)
    learn = np.r_[np.zeros(100), np.ones(200), np.zeros(100)]  # test, train, test
    W_in = rng.uniform(-0.5, 0.5, (8, 20))
    W_out = rng.uniform(-0.1, 0.1, (20, 2))  # outputs start nearly silent and alike
    B = rng.uniform(-0.2, 0.2, (2, 20))
    run = run_fa_network(x, y, learn, W_in, W_out, B - B.mean(axis=0), SpikingFA(), device="runtime")
    correct = (run.counts + rng.uniform(0, 1e-3, run.counts.shape)).argmax(axis=1) == y
    before, after = correct[:100].mean(), correct[300:].mean()
    assert before < 0.75 and after > 0.95


def test_error_neurons_push_the_output_towards_the_label_rate():
    """No hidden learning (B = 0), outputs start silent: the label's output unit must come to fire,
    the other stay silent."""
    rng = np.random.default_rng(1)
    x, y = _two_class(300, rng)
    W_in = rng.uniform(0, 0.5, (8, 20))
    run = run_fa_network(x, y, np.r_[np.ones(200), np.zeros(100)], W_in, np.zeros((20, 2)), np.zeros((2, 20)),
                         SpikingFA(), device="runtime")
    test = run.counts[200:]
    own = test[np.arange(100), y[200:]]
    other = test[np.arange(100), 1 - y[200:]]
    # measured: 3.8 vs 1.4 spikes per 100 ms after 200 examples (from 0 and 0)
    assert own.mean() > 2 and own.mean() > 2 * other.mean()
    assert np.all(run.w_in == W_in)  # B = 0: the hidden dendrites get no error, their inputs do not change


@pytest.mark.parametrize("kwargs, match", [
    (dict(labels=np.array([0, 5])), "labels must be 2 integers in"),
    (dict(W_out=np.zeros((7, 2))), "do not chain"),
])
def test_bad_inputs(kwargs, match):
    args = dict(x=np.zeros((2, 8)), labels=np.array([0, 1]), learn=np.ones(2), W_in=np.zeros((8, 20)),
                W_out=np.zeros((20, 2)), B=np.zeros((2, 20)), params=SpikingFA(), T=10 * ms, device="runtime")
    with pytest.raises(ValueError, match=match):
        run_fa_network(**{**args, **kwargs})
