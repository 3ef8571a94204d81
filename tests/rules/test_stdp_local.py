import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.rate.mlp import MLP
from spikelearn.rate.optim import Adam
from spikelearn.rate.train import train
from spikelearn.rules.stdp_local import STDPLocal, stdp_rate_update


def test_update_is_the_papers_formula():
    x = np.array([[0.2, 0.9]])
    p = np.array([[0.3]])
    z = np.array([[-1.0]])
    expected = [-(xj**3 * 0.3 * (xj - 0.3) / ((0.6 - xj) ** 2 + 1e-9)) for xj in (0.2, 0.9)]  # eps of the paper
    assert np.allclose(stdp_rate_update(x, p, z), [expected], rtol=1e-12)
    # the sign: with Z = +1 a unit whose input is more active than itself strengthens that input
    assert stdp_rate_update(np.array([[0.9]]), np.array([[0.2]]), np.array([[1.0]]))[0, 0] > 0


def test_hidden_associativities_are_balanced_and_fixed(rng):
    rule = STDPLocal()
    rule.setup(MLP([4, 32, 16, 2], hidden="sigmoid"), rng)
    assert [z.sum() for z in rule.z_hidden] == [0, 0]


def test_with_two_softmax_outputs_the_rule_learns_a_digit_pair_without_error_propagation():
    data = datasets.binary_pair("digits", 0, 2)
    net = MLP([64, 32, 16, 2], hidden="sigmoid", seed=0)
    history = train(net, STDPLocal(1e-3), data, 50, 100, Adam(1e-3), seed=0, probe=1)
    assert history.test_accuracy[0] < 0.7 and history.test_accuracy[-1] > 0.9


def test_with_the_papers_single_sigmoid_output_the_association_inverts():
    """One sigmoid output above all its inputs: (x - p) < 0 at every output synapse, so label 1 (Z = +1) depresses
    and label 0 (Z = -1) potentiates; the output ends higher for label 0 than for label 1 (docs/rate_models.md)."""
    data = datasets.binary_pair("digits", 0, 2)
    net = MLP([64, 32, 16, 1], hidden="sigmoid", output="sigmoid", seed=0)
    start = net.forward(data.x_test)
    assert np.all(start.h[2] < start.output)  # every second-layer activity below the output
    history = train(net, STDPLocal(), data, 100, 100, Adam(1e-3), seed=0, probe=1)
    p, y = net.forward(data.x_test).output[:, 0], data.y_test
    assert p[y == 0].mean() > p[y == 1].mean() + 0.05 and history.test_accuracy[-1] < 0.6


def test_the_output_unit_is_signed_by_the_label():
    """One sigmoid output: Z = +1 for label 1, -1 for label 0; the hidden units' Z flips with the label."""
    net = MLP([2, 4, 1], hidden="sigmoid", output="sigmoid", seed=0)
    rule = STDPLocal()
    rule.setup(net, np.random.default_rng(0))
    x = np.array([[0.9, 0.8], [0.9, 0.8]])
    fwd = net.forward(x)
    _, e = net.loss_and_error(fwd, np.array([1, 0]))
    grads = [rule.gradients(net, net.forward(x[k : k + 1]), e[k : k + 1] * 2) for k in range(2)]
    for one, zero in zip(grads[0], grads[1]):  # the same activities, opposite labels: opposite updates
        assert np.allclose(one, -zero)


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: STDPLocal().setup(MLP([4, 8, 2], hidden="relu"), np.random.default_rng(0)),
            "needs sigmoid hidden units",
        ),
        (lambda: STDPLocal().setup(MLP([4, 8, 3], hidden="sigmoid"), np.random.default_rng(0)), "2 softmax outputs"),
        (lambda: MLP([4, 8, 2], output="sigmoid"), "a sigmoid output is one unit"),
        (lambda: datasets.binary_pair("iris", 1, 1), "two different labels"),
        (lambda: datasets.binary_pair("iris", 0, 3), r"in \[0, 3\)"),
    ],
)
def test_bad_setup(call, match):
    with pytest.raises(ValueError, match=match):
        call()
