import numpy as np
import pytest

from spikelearn.rules.hebbian import principal_angles_deg, rate_update


@pytest.fixture
def data(rng):
    """Zero-mean Gaussian data with a known covariance: eigenvalues 5, 3, 2, 0.5, 0.2, 0.1 along a random basis."""
    basis, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    variances = np.array([5, 3, 2, 0.5, 0.2, 0.1])
    x = rng.normal(size=(20000, 6)) * np.sqrt(variances) @ basis.T
    return x, basis


def train(rule, x, k, rng, eta=0.005, epochs=3):
    W = rng.normal(0, 0.1, (k, x.shape[1]))
    for _ in range(epochs):
        for batch in np.array_split(x, len(x) // 10):
            W += rate_update(rule, W, batch, eta)
    return W


def test_oja_converges_to_the_first_principal_component(data, rng):
    x, basis = data
    w = train("oja", x, 1, rng)[0]
    assert abs(w @ basis[:, 0]) / np.linalg.norm(w) > 0.99
    assert np.linalg.norm(w) == pytest.approx(1, abs=0.05)  # Oja's normalisation


def test_sanger_recovers_the_top_components_in_order(data, rng):
    x, basis = data
    W = train("sanger", x, 3, rng)
    for k in range(3):
        assert abs(W[k] @ basis[:, k]) / np.linalg.norm(W[k]) > 0.99


def test_subspace_rule_finds_the_principal_subspace(data, rng):
    x, basis = data
    W = train("subspace", x, 3, rng)
    assert principal_angles_deg(W, basis[:, :3].T).max() < 5
    assert np.allclose(W @ W.T, np.eye(3), atol=0.05)  # an orthonormal basis of it


def test_plain_hebb_grows_without_bound(data, rng):
    x, _ = data
    W = rng.normal(0, 0.1, (1, 6))
    norms = []
    for batch in np.array_split(x[:2000], 200):
        W += rate_update("hebb", W, batch, 0.01)
        norms.append(np.linalg.norm(W))
    assert norms[-1] > 10 * norms[0]
    assert np.allclose(rate_update("anti_hebb", W, x[:5], 0.1), -rate_update("hebb", W, x[:5], 0.1))


@pytest.mark.parametrize(
    "args, match",
    [
        (("hebb", np.zeros((2, 3)), np.zeros((4, 3)), -0.1), "eta .* must be a number > 0"),
        (("bcm", np.zeros((2, 3)), np.zeros((4, 3)), 0.1), "Hebbian rule must be one of"),
        (("oja", np.zeros((2, 3)), np.zeros((4, 5)), 0.1), r"inputs must have shape \(batch, 3\)"),
    ],
)
def test_bad_arguments(args, match):
    with pytest.raises(ValueError, match=match):
        rate_update(*args)
