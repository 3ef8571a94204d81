import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.checks import InputError
from spikelearn.models import diehl_cook_2015 as model


def test_training_order_covers_every_image_once_per_epoch(rng):
    order = model.training_order(50, 120, rng)
    assert len(order) == 120
    assert sorted(order[:50]) == list(range(50)) and sorted(order[50:100]) == list(range(50))
    assert not np.array_equal(order[:50], order[50:100])


def test_online_accuracy_uses_the_block_before():
    labels = np.repeat([0, 1], 5)
    counts = np.zeros((10, 2))
    counts[labels == 0, 0] = 3
    counts[labels == 1, 1] = 3
    order = np.array([0, 5, 1, 6, 2, 7, 3, 8, 4, 9])
    seen, accuracy = model.online_accuracy(labels[order], counts[order], 5, 2)
    assert seen == [4, 6, 8, 10] and accuracy == [1.0, 1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(dataset="cifar"), "dataset must be one of"),
        (dict(neurons=1), "neurons must be an integer >= 2"),
        (dict(neurons=10_000), "at most 6400"),
        (dict(data="/tmp"), "data=DIR is for fashion_mnist or mnist"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(InputError, match=message):
        model.check_options(**options)


@pytest.mark.slow
def test_default_run(tmp_path):
    """8x8 digits enlarged to 28x28, 100 neurons, one epoch (about a minute): the accuracy claim holds; the
    receptive fields are digit-like (each neuron's weights correlate with its class's mean image)."""
    result = model.run(out=tmp_path)
    accuracy = next(c for c in result.claims if "test accuracy" in c.claim)
    assert accuracy.passed, accuracy
    assert result.metrics["training_images_shown"] == 1257
    assert all(n > 0 for n in result.metrics["neurons_per_class"])
    assert (tmp_path / "diehl_cook_2015.png").stat().st_size > 10_000


@pytest.mark.slow
def test_fashion_mnist_full_scale(tmp_path):
    """400 neurons, one epoch of 60,000 Fashion-MNIST images (about an hour on a free core)."""
    try:
        datasets.find_idx("fashion_mnist")
    except InputError as error:
        pytest.skip(f"Fashion-MNIST is not installed: {error}")
    result = model.run(out=tmp_path, dataset="fashion_mnist", neurons=400)
    accuracy = next(c for c in result.claims if "test accuracy" in c.claim)
    assert accuracy.passed, accuracy
