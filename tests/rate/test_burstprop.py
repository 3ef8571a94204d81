import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.rate.burstprop import BurstpropNet, train


def test_output_teacher_and_hidden_feedback():
    net = BurstpropNet((4, 3, 2), seed=0)
    x, y = np.array([[0.1, 0.9, 0.3, 0.5]]), np.array([1])
    ph = net.phases(x, y)
    e = ph.e[-1][0]
    # output: p = p_b without a teacher; with it, p_b [1 + (y - e)(1 - e)]: up for the target, down otherwise
    assert np.allclose(ph.p[-1], 0.2)
    assert np.allclose(ph.p_teacher[-1][0], 0.2 * (1 + (np.array([0, 1]) - e) * (1 - e)))
    # hidden: sigma((b_out Y) * (1 - e_hidden)) in both phases
    b = ph.p_teacher[-1] * ph.e[-1]
    assert np.allclose(ph.p_teacher[0], 1 / (1 + np.exp(-(b @ net.Y[1]) * (1 - ph.e[1]))))


def test_output_update_is_the_delta_rule_scaled_by_p_b():
    """(p^t - p) e = p_b (y - e)(1 - e) e: the negative MSE gradient at the sigmoid's input, times p_b."""
    net = BurstpropNet((4, 3, 2), seed=1)
    x, y = np.random.default_rng(0).uniform(size=(5, 4)), np.array([0, 1, 1, 0, 1])
    ph = net.phases(x, y)
    dW = net.updates(ph, lr_hidden=0.1, lr_output=1.0)[1]
    e_out, target = ph.e[-1], np.eye(2)[y]
    expected = (0.2 * (target - e_out) * (1 - e_out) * e_out).T @ ph.e[1]
    assert np.allclose(dW, expected)


def test_learns_digits():
    data = datasets.load("digits")
    accuracy = train(BurstpropNet((64, 128, 10), seed=0), data, epochs=15)
    assert accuracy[0] < 0.2 and accuracy[-1] > 0.8


def test_bad_arguments():
    with pytest.raises(ValueError, match="p_baseline must be in"):
        BurstpropNet((4, 2), p_baseline=1.5)
    with pytest.raises(ValueError, match="input must have shape"):
        BurstpropNet((4, 2)).forward(np.zeros((3, 5)))
