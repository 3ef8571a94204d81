import numpy as np
import pytest

from spikelearn.models import credit_assignment_digits as model


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    """15 of the 60 epochs, all rules, 3 seeds (~15 s)."""
    out = tmp_path_factory.mktemp("credit")
    return model.run(scale=0.25, out=out), out


def test_rules_without_weight_transport_learn_the_digits(short_run):
    acc = short_run[0].metrics["test_accuracy_mean"]
    assert acc["BP"] >= 0.96
    assert acc["FA"] >= 0.94 and acc["DFA"] >= 0.94 and acc["sign symmetry"] >= 0.94
    assert acc["weight mirror"] >= acc["BP"] - 0.01


def test_feedback_alignment_aligns_within_15_epochs(short_run):
    m = short_run[0].metrics
    assert m["last_hidden_update_angle_deg_initial"]["FA"] > 80  # random feedback: orthogonal at the start
    assert m["last_hidden_update_angle_deg_final"]["FA"] < 72
    assert m["last_hidden_update_angle_deg_final"]["BP"] == pytest.approx(0, abs=1e-3)
    assert m["last_hidden_update_angle_deg_final"]["weight mirror"] < 30


def test_outputs(short_run):
    result, out = short_run
    assert {"accuracy_vs_epoch.png", "alignment_vs_epoch.png", "results.json"} <= {p.name for p in out.iterdir()}
    fgsm = np.array(result.metrics["fgsm_accuracy_mean"]["BP"])
    assert np.all(np.diff(fgsm) < 0)  # larger eps, lower accuracy


def test_rate_models_reject_brian_devices():
    with pytest.raises(ValueError, match="device must be one of 'numpy'"):
        model.run(scale=0.01, device="cpp_standalone")


@pytest.mark.slow
def test_full_scale_claims(tmp_path):
    result = model.run(scale=1.0, out=tmp_path)
    failed = [c for c in result.claims if not c.passed]
    assert not failed, failed
