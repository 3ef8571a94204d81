import numpy as np
import pytest

from spikelearn import analysis, datasets
from spikelearn.rate.mlp import MLP
from spikelearn.rate.train import train
from spikelearn.rules import feedback


def test_angle_between_arrays():
    assert analysis.angle_deg([1, 0], [0, 2]) == pytest.approx(90)
    assert analysis.angle_deg(np.ones((2, 2)), 3 * np.ones((2, 2))) == pytest.approx(0, abs=1e-6)
    assert analysis.angle_deg([1, 0], [-1, 0]) == pytest.approx(180)


def test_fgsm_lowers_accuracy_with_the_budget():
    data = datasets.load("digits")
    net = MLP([64, 64, 10], seed=0)
    train(net, feedback.make("BP"), data, epochs=10, seed=0)
    clean = net.accuracy(data.x_test, data.y_test)
    attacked = [analysis.fgsm_accuracy(net, data.x_test, data.y_test, eps) for eps in (0.0, 8 / 255, 0.2)]
    assert attacked[0] == pytest.approx(clean)
    assert attacked[0] > attacked[1] > attacked[2]  # a real attack: stronger budget, lower accuracy
    assert attacked[2] < 0.5 * clean


def test_weight_distribution_fractions():
    w = np.array([0.0, 0.05, 0.5, 0.95, 1.0])
    assert analysis.fraction_outside(w, 1.0) == pytest.approx(0.8)
    assert analysis.fraction_between(w, 1.0) == pytest.approx(0.2)
    trains = analysis.spike_trains([0, 1, 0, 0], [0.1, 0.2, 0.3, 0.7], 2, start_s=0.2)
    assert [len(t) for t in trains] == [2, 1]
    assert np.isnan(analysis.isi_cv(trains)[1])


def test_angle_with_a_zero_array_is_nan():
    assert np.isnan(analysis.angle_deg(np.zeros(3), np.ones(3)))
