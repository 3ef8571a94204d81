import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.rate.mlp import MLP
from spikelearn.rate.optim import SGD, Adam
from spikelearn.rate.train import train
from spikelearn.rules import feedback


def loss_of(net, x, y):
    return net.loss_and_error(net.forward(x), y)[0]


@pytest.mark.parametrize("hidden, output", [("relu", "softmax"), ("tanh", "softmax"), ("sigmoid", "linear")])
def test_backprop_matches_finite_differences(hidden, output, rng):
    net = MLP([5, 7, 6, 3], hidden=hidden, output=output, seed=1)
    x = rng.uniform(0, 1, (8, 5))
    y = rng.integers(0, 3, 8) if output == "softmax" else rng.normal(size=(8, 3))
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, y)
    grads = net.gradients(fwd, feedback.Backprop().deltas(net, fwd, e))
    for param, grad in zip(net.parameters(), grads):
        for index in [tuple(rng.integers(0, n) for n in param.shape) for _ in range(5)]:
            old = param[index]
            param[index] = old + 1e-6
            up = loss_of(net, x, y)
            param[index] = old - 1e-6
            down = loss_of(net, x, y)
            param[index] = old
            assert grad[index] == pytest.approx((up - down) / 2e-6, rel=1e-4, abs=1e-8)


def test_fa_with_b_equal_to_w_transpose_is_backprop(rng):
    net = MLP([4, 6, 5, 3], seed=2)
    x, y = rng.uniform(0, 1, (10, 4)), rng.integers(0, 3, 10)
    fa = feedback.FeedbackAlignment(fixed=[None] + [W.T for W in net.W[1:]])  # given feedback matrices
    fa.setup(net, rng)
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, y)
    for a, b in zip(fa.deltas(net, fwd, e), feedback.Backprop().deltas(net, fwd, e)):
        assert np.array_equal(a, b)


def test_dfa_with_one_hidden_layer_and_b_equal_to_w2_transpose_is_backprop(rng):
    net = MLP([4, 6, 3], seed=3)
    x, y = rng.uniform(0, 1, (10, 4)), rng.integers(0, 3, 10)
    dfa = feedback.DirectFeedbackAlignment(fixed=[net.W[1].T])
    dfa.setup(net, rng)
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, y)
    for a, b in zip(dfa.deltas(net, fwd, e), feedback.Backprop().deltas(net, fwd, e)):
        assert np.allclose(a, b, rtol=1e-12, atol=0)


def test_given_feedback_matrices_must_fit_the_network(rng):
    fa = feedback.FeedbackAlignment(fixed=[None, np.zeros((5, 3))])
    with pytest.raises(ValueError, match=r"given feedback matrices have shapes \[None, \(5, 3\)\], this network needs"):
        fa.setup(MLP([4, 6, 3], seed=0), rng)


def test_sign_kinds_follow_the_forward_weights(rng):
    net = MLP([4, 6, 5, 3], seed=4)
    for kind in ("random_sign", "binary_sign"):
        fa = feedback.FeedbackAlignment(kind)
        fa.setup(net, rng)
        for B, W in zip(fa.feedback(net)[1:], net.W[1:]):
            assert np.array_equal(np.sign(B), np.sign(W.T))
    binary = feedback.FeedbackAlignment("binary")
    binary.setup(net, rng)
    assert all(len(np.unique(np.abs(B))) == 1 for B in binary.feedback(net)[1:])


@pytest.mark.parametrize("name", list(feedback.RULES))
def test_every_rule_reduces_the_training_loss(name):
    data = datasets.load("iris")
    net = MLP([4, 16, 16, 3], seed=0)
    history = train(net, feedback.make(name), data, epochs=15, batch_size=16, optimizer=Adam(1e-2), seed=0)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.test_accuracy[-1] > 0.8


def test_weight_mirror_aligns_its_feedback_with_w_transpose():
    data = datasets.load("digits")
    net = MLP([64, 32, 32, 10], seed=0)
    history = train(net, feedback.make("weight mirror"), data, epochs=3, seed=0)
    assert history.feedback_angle_deg[0][-1] > 80  # random at the start
    assert max(history.feedback_angle_deg[-1]) < 30


def test_results_are_bit_identical_for_a_seed():
    data = datasets.load("iris")
    runs = []
    for _ in range(2):
        net = MLP([4, 8, 3], seed=5)
        history = train(net, feedback.make("FA"), data, epochs=3, optimizer=SGD(0.1, 0.9), seed=7)
        runs.append((net.W[0].copy(), history.loss))
    assert np.array_equal(runs[0][0], runs[1][0]) and runs[0][1] == runs[1][1]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: MLP([4]), "at least 2 layer sizes"),
        (lambda: MLP([4, 3], hidden="gelu"), "hidden activation must be one of"),
        (lambda: MLP([4, 3]).forward(np.zeros((2, 5))), r"input must have shape \(batch, 4\)"),
        (
            lambda: MLP([4, 3]).loss_and_error(MLP([4, 3]).forward(np.zeros((2, 4))), [0, 3]),
            r"labels must be integers in \[0, 3\)",
        ),
        (
            lambda: MLP([4, 3]).loss_and_error(MLP([4, 3]).forward(np.zeros((2, 4))), [0.5, 1.0]),
            "labels must be integers",
        ),
        (lambda: MLP([4, 3]).loss_and_error(MLP([4, 3]).forward(np.zeros((2, 4))), [0, 1, 2]), "2 inputs but 3 labels"),
        (lambda: feedback.make("backprop"), "credit-assignment rule must be one of"),
        (lambda: feedback.FeedbackAlignment("gaussian"), "feedback kind must be one of"),
        (lambda: Adam(lr=-1), "Adam needs lr > 0"),
        (lambda: datasets.load("cifar10"), "dataset must be one of 'xor', 'iris', 'digits', 'digits_28x28'"),
    ],
)
def test_bad_input_gives_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
