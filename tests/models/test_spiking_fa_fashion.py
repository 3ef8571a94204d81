import pytest

from spikelearn import datasets
from spikelearn.checks import InputError
from spikelearn.models import spiking_fa_fashion as model


def installed():
    try:
        datasets.find_idx("fashion_mnist")
    except InputError as error:
        pytest.skip(f"Fashion-MNIST is not installed: {error}")


def test_subset_split_is_fixed_and_epochs_follow_the_scale():
    installed()
    small, epochs = model.split(0.01, "fashion_mnist", None)
    again, _ = model.split(0.01, "fashion_mnist", None)
    assert len(small.x_train) == 600 and epochs == 1 and (small.x_train == again.x_train).all()
    assert len(small.x_test) == 10_000
    assert model.split(3, "fashion_mnist", None)[1] == 3


@pytest.mark.slow
def test_full_scale(tmp_path):
    """One epoch of 60,000 images for 784-100-10 and 784-100-100-10 (about 15 minutes)."""
    installed()
    result = model.run(out=tmp_path)
    gap = next(c for c in result.claims if "rate FA - spiking FA" in c.claim)
    assert gap.passed, gap
