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
    expected = [-(xj**3 * 0.3 * (xj - 0.3) / ((0.6 - xj) ** 2 + 1e-3)) for xj in (0.2, 0.9)]
    assert np.allclose(stdp_rate_update(x, p, z), [expected])
    # the sign: with Z = +1 a unit whose input is more active than itself strengthens that input
    assert stdp_rate_update(np.array([[0.9]]), np.array([[0.2]]), np.array([[1.0]]))[0, 0] > 0


def test_hidden_associativities_are_balanced_and_fixed(rng):
    rule = STDPLocal()
    rule.setup(MLP([4, 32, 16, 2], hidden="sigmoid"), rng)
    assert [z.sum() for z in rule.z_hidden] == [0, 0]


def test_the_rule_learns_a_digit_pair_without_error_propagation():
    data = datasets.binary_pair("digits", 0, 2)
    net = MLP([64, 32, 16, 2], hidden="sigmoid", seed=0)
    history = train(net, STDPLocal(), data, 50, 100, Adam(1e-3), seed=0, probe=1)
    assert history.test_accuracy[0] < 0.7 and history.test_accuracy[-1] > 0.9


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: STDPLocal().setup(MLP([4, 8, 2], hidden="relu"), np.random.default_rng(0)),
            "needs sigmoid hidden units",
        ),
        (lambda: STDPLocal().setup(MLP([4, 8, 3], hidden="sigmoid"), np.random.default_rng(0)), "2 softmax outputs"),
        (lambda: datasets.binary_pair("iris", 1, 1), "two different labels"),
        (lambda: datasets.binary_pair("iris", 0, 3), r"in \[0, 3\)"),
    ],
)
def test_bad_setup(call, match):
    with pytest.raises(ValueError, match=match):
        call()
