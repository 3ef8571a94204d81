import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.models import bpa_autoassociator as model
from spikelearn.rate.autoassociator import Autoassociator, train


def test_semantic_dataset_has_the_documented_structure():
    d = datasets.semantic()
    assert d.X.shape == (8, 34) and set(np.unique(d.X)) == {0.0, 1.0}
    assert d.items == ("sparrow", "hawk", "salmon", "sunfish", "oak", "maple", "rose", "daisy")
    counts = d.X.sum(axis=0)  # items per feature: 8 (living), 4 (animal/plant), 2 (class), 1 (item)
    assert list(counts) == [8] * 2 + [4] * 8 + [2] * 8 + [1] * 16
    assert d.X[d.items.index("hawk"), d.features.index("can fly")] == 1
    assert d.X[d.items.index("oak"), d.features.index("can fly")] == 0
    # the tree gives the second moment 4 distinct singular values: 4.75, 2.75, 0.75 (x2), 0.25 (x4)
    s = np.linalg.svd(d.X.T @ d.X / 8, compute_uv=False)
    assert np.allclose(s[:8], [4.75, 2.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25]) and np.allclose(s[8:], 0)


def test_full_run_claims(tmp_path):
    result = model.run(out=tmp_path)  # 3000 epochs of 8 x 34 matrices: under a second
    assert result.passed, [c for c in result.claims if not c.passed]
    bp = result.metrics["BP"]["half_learning_epoch"]
    assert bp[0] < bp[1] < min(bp[2:4]) and max(bp[2:4]) < min(bp[4:8])  # stage-like, largest mode first
    assert {"data_svd.png", "mode_strengths.png", "hidden_similarity.png"} <= {p.name for p in tmp_path.iterdir()}


def test_bp_keeps_initial_weights_outside_the_data_subspace_and_bpa_does_not():
    """BP's gradient lies in the data's row space, so initial components outside it stay; Oja's decay removes them."""
    angles = model.run().metrics
    assert angles["BP"]["hidden_principal_angles_deg"].max() > 0.5
    assert angles["BPA"]["hidden_principal_angles_deg"].max() < 0.01


def test_short_training_has_not_learned_the_item_modes():
    m = model.run(scale=0.05).metrics  # 150 epochs
    assert np.all(m["BP"]["final_mode_strengths"][4:] < 0.5)


def test_bad_autoassociator_input():
    with pytest.raises(ValueError, match="autoassociator kind must be one of"):
        Autoassociator(34, 8, kind="PCA")
    with pytest.raises(ValueError, match=r"X must have shape \(items, 34\)"):
        train(Autoassociator(34, 8), np.zeros((8, 30)), 10, 0.1)
