import numpy as np
import pytest

from spikelearn.models import hebbian_descent
from spikelearn.rate.mlp import MLP
from spikelearn.rules import feedback
from spikelearn.rules.hebbian_descent import HebbianDescent


@pytest.fixture
def batch(rng):
    net = MLP([5, 7, 3], seed=0)
    x = rng.normal(size=(12, 5))
    x -= x.mean(axis=0)  # centred inputs: HD's output-layer input factor equals BP's (hidden ReLU outputs are not)
    fwd = net.forward(x)
    return net, fwd, net.loss_and_error(fwd, rng.integers(0, 3, 12))[1]


def test_hebbian_descent_is_the_gradient_without_derivative_and_with_centred_input(batch):
    net, fwd, e = batch
    hd = HebbianDescent().gradients(net, fwd, e)
    bp = feedback.Backprop().gradients(net, fwd, e)
    h = fwd.h[1]
    assert np.allclose(hd[1], e.T @ (h - h.mean(axis=0)))  # output layer: centred hidden activity
    assert np.allclose(hd[0], (e @ net.W[1]).T @ fwd.h[0])  # hidden layer: no f'(a), input already centred
    assert not np.allclose(hd[0], bp[0])  # ... which BP has


def test_partial_versions_freeze_layers(batch):
    net, fwd, e = batch
    partial1 = HebbianDescent("output").gradients(net, fwd, e)
    partial2 = HebbianDescent("hidden").gradients(net, fwd, e)
    assert not partial1[0].any() and partial1[1].any()
    assert partial2[0].any() and not partial2[1].any()


def test_model_at_reduced_scale():
    acc = hebbian_descent.run(scale=0.25).metrics["test_accuracy_mean"]
    assert acc["HD Full"] > 0.9 and acc["BP"] > 0.9
    # the Oja input factor collapses the network (the Imagination Technologies blog, 2021: it "fell behind")
    assert acc["HD Full (Oja)"] < 0.5


def test_bad_variant():
    with pytest.raises(ValueError, match="trained layers must be one of"):
        HebbianDescent("input")
    with pytest.raises(ValueError, match="input factor must be one of"):
        HebbianDescent(input_factor="sanger")
