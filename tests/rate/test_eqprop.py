import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.rate.eqprop import EqPropNetwork, train_eqprop


def test_eqprop_update_approximates_the_gradient_for_small_beta():
    """Scellier & Bengio (2017), Theorem 1: as beta -> 0 the EqProp update follows -dC/dW at the free fixed point."""
    rng = np.random.default_rng(0)
    x, t = rng.uniform(0, 1, (6, 3)), np.eye(2)[rng.integers(0, 2, 6)]
    biases = [np.full(5, 0.3), np.full(2, 0.3)]  # keep the states inside (0, 1), where rho is differentiable

    def network(**kwargs):
        net = EqPropNetwork([3, 5, 2], free_steps=300, seed=1, **kwargs)
        net.W = [0.3 * w for w in net.W]
        net.b = [b.copy() for b in biases]
        return net

    def cost(net):
        return 0.5 * np.sum((net.free_phase(x)[-1] - t) ** 2)

    def update(beta):
        net = network(beta=beta, lr=1.0, nudged_steps=300)
        before = [w.copy() for w in net.W]
        net.train_batch(x, t)
        return [(w - b) * len(x) for w, b in zip(net.W, before)]  # undo the 1/n of the batch mean

    eqprop = update(1e-3)
    net = network()
    states = np.concatenate([s.ravel() for s in net.free_phase(x)])
    assert np.all((states > 0) & (states < 1))
    for layer in range(2):
        numeric = np.zeros_like(net.W[layer])
        for index in np.ndindex(*numeric.shape):
            old = net.W[layer][index]
            net.W[layer][index] = old + 1e-5
            up = cost(net)
            net.W[layer][index] = old - 1e-5
            down = cost(net)
            net.W[layer][index] = old
            numeric[index] = -(up - down) / 2e-5
        assert np.linalg.norm(numeric) > 1e-2  # a real gradient, not saturated units
        assert np.linalg.norm(eqprop[layer] - numeric) < 0.05 * np.linalg.norm(numeric)


def test_eqprop_learns_iris():
    net = EqPropNetwork([4, 20, 3], lr=(0.1, 0.05), seed=0)
    history = train_eqprop(net, datasets.load("iris"), epochs=30)
    assert history["error"][-1] < 0.5 * history["error"][0]
    assert history["test_accuracy"][-1] > 0.85


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sizes=[3]), "at least 2 layer sizes"),
        (dict(sizes=[3, 2], beta=0), "beta > 0"),
        (dict(sizes=[3, 2], free_steps=0), "free_steps must be an integer >= 1"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        EqPropNetwork(**kwargs)
