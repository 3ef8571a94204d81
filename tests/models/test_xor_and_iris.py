"""eqprop_xor and tp_xor at full scale (both take seconds): XOR in every seed, iris above 90 %."""

import pytest

from spikelearn.models import eqprop_xor, tp_xor


@pytest.mark.parametrize("model", [eqprop_xor, tp_xor], ids=["eqprop", "dtp"])
def test_xor_solved_in_every_seed_and_iris_learned(model, tmp_path):
    result = model.run(out=tmp_path)
    assert list(result.metrics["xor_accuracy"]) == [1.0] * 5
    assert result.metrics["iris_test_accuracy_mean"] >= 0.9
    assert result.passed and (tmp_path / "accuracy_vs_epoch.png").exists()


def test_short_training_fails_the_claims_it_should():
    """One epoch does not solve XOR: the claims can fail."""
    assert not eqprop_xor.run(scale=1 / 300).passed
