import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.models import spiking_fa_digits as model


def test_a_few_epochs():
    run = model.train_spiking(model.SIZES, "fa", datasets.load("digits"), 3, 0, "cpp_standalone")  # ~35 s
    acc, angles = run["test_accuracy"], run["angles_deg"][:, 0]
    assert acc[-1] > 0.9  # seeds 0-2 at full scale: 93-94 % after 2-3 epochs, 94.4-95.1 % after 20
    assert angles[0] > 85 and angles[-1] < 70  # W_out starts unrelated to B^T and aligns with it
    assert np.all(np.diff(angles) < 0)


def test_initial_weights_are_shared_by_fa_and_dfa():
    sizes = (64, 30, 20, 10)
    (w_fa, b_fa), (w_dfa, b_dfa) = (
        model.initial_weights(sizes, np.random.default_rng(4), mode) for mode in ("fa", "dfa")
    )
    assert all(np.array_equal(a, b) for a, b in zip(w_fa, w_dfa))
    assert [b.shape for b in b_fa] == [(30, 20), (20, 10)] and [b.shape for b in b_dfa] == [(30, 10), (20, 10)]
    assert [w.shape for w in w_fa] == [(30, 64), (20, 30), (10, 20)]  # (n_post, n_pre)
    assert np.array_equal(b_fa[-1], b_dfa[-1])  # the last hidden layer reads the error neurons in both


@pytest.mark.slow
def test_full_scale(tmp_path):
    assert model.run(out=tmp_path).passed
