from spikelearn.models import hebbian_feedback_digits


def test_learned_feedback_networks_learn():
    acc = hebbian_feedback_digits.run(scale=0.25).metrics["test_accuracy_mean"]  # 5 epochs
    assert len(acc) == 7
    assert min(acc.values()) > 0.9
