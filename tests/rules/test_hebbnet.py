import numpy as np
import pytest

from spikelearn.rate.mlp import MLP
from spikelearn.rules import feedback
from spikelearn.rules.hebbian import HebbNet, SumRule, rate_update


@pytest.fixture
def batch(rng):
    net = MLP([6, 20, 3], seed=0)
    x, y = rng.uniform(0, 1, (16, 6)), rng.integers(0, 3, 16)
    fwd = net.forward(x)
    return net, fwd, net.loss_and_error(fwd, y)[1]


def test_hebbnet_hidden_update_is_hebbian_and_output_is_the_gradient(batch):
    net, fwd, e = batch
    grads = HebbNet("hebb").gradients(net, fwd, e)
    exact = feedback.Backprop().gradients(net, fwd, e)
    assert np.allclose(-grads[0], rate_update("hebb", net.W[0], fwd.h[0], 1.0, Y=fwd.h[1]))
    assert np.array_equal(grads[1], exact[1]) and np.array_equal(grads[3], exact[3])
    assert not grads[2].any()  # no hidden-bias learning


def test_thresholding_and_sparsity_select_updates(batch):
    net, fwd, e = batch
    plain = -HebbNet("hebb").gradients(net, fwd, e)[0]
    thresholded = -HebbNet("hebb", threshold=True).gradients(net, fwd, e)[0]
    assert np.all((thresholded == 0) | (thresholded == plain))
    assert np.all(np.abs(plain[thresholded == 0]) < np.abs(plain).mean())
    sparse = -HebbNet("hebb", sparsity=0.3).gradients(net, fwd, e)[0]
    updated = np.flatnonzero(np.abs(sparse).sum(axis=1))
    assert len(updated) == 6  # 30 % of 20 hidden units
    norms = np.linalg.norm(plain, axis=1)
    assert norms[updated].min() >= np.delete(norms, updated).max()


def test_sum_rule_with_beta_zero_is_backprop(batch):
    net, fwd, e = batch
    for a, b in zip(SumRule(0.0).gradients(net, fwd, e), feedback.Backprop().gradients(net, fwd, e)):
        assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: HebbNet(sparsity=0), r"sparsity p .* must be in \(0, 1\]"),
        (lambda: HebbNet(sparsity=1.5), r"sparsity p .* must be in \(0, 1\]"),
        (lambda: HebbNet("bcm"), "HebbNet rule must be 'hebb' or 'oja'"),
        (lambda: SumRule(-1.0), "beta >= 0"),
    ],
)
def test_bad_parameters(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_learned_feedback_follows_the_hebbian_rule(batch, rng):
    from spikelearn.rules.hebbian import HebbianDFA, HebbianFA

    net, fwd, e = batch
    fa = HebbianFA("oja", eta=0.1)
    fa.setup(net, rng)
    before = fa.fixed[1].copy()
    fa.gradients(net, fwd, e)
    fa.after_step(net, rng)
    assert np.allclose(fa.fixed[1] - before, rate_update("oja", before, fwd.h[2], 0.1, Y=fwd.h[1]))
    dfa = HebbianDFA("hebb", eta=0.1)
    dfa.setup(net, rng)
    before = dfa.fixed[0].copy()
    dfa.gradients(net, fwd, e)
    dfa.after_step(net, rng)
    assert np.allclose(dfa.fixed[0] - before, rate_update("hebb", before, fwd.h[2], 0.1, Y=fwd.h[1]))
    with pytest.raises(ValueError, match="learned feedback needs rule 'hebb' or 'oja' and eta > 0"):
        HebbianFA("oja", eta=-1)
