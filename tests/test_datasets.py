"""The IDX reader and the 28x28 datasets: small files written here (gzip and raw, good and damaged), and the real
Fashion-MNIST where Debian's dataset-fashion-mnist package (or $SPIKELEARN_DATA) provides it."""

import gzip
import struct

import numpy as np
import pytest

from spikelearn import datasets
from spikelearn.checks import InputError


def idx_bytes(array: np.ndarray, code: int = 0x08) -> bytes:
    header = struct.pack(">BBBB", 0, 0, code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(datasets.IDX_TYPES[code]).tobytes()


def write_set(folder, n_train=6, n_test=4, gz=True, rng=None):
    rng = rng or np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28)),
        "y_train": rng.integers(0, 10, n_train),
        "x_test": rng.integers(0, 256, (n_test, 28, 28)),
        "y_test": rng.integers(0, 10, n_test),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for key, stem in datasets.IDX_FILES.items():
        raw = idx_bytes(arrays[key])
        (folder / (stem + ".gz" * gz)).write_bytes(gzip.compress(raw) if gz else raw)
    return arrays


@pytest.mark.parametrize("gz", [True, False])
def test_a_written_dataset_reads_back_exactly(tmp_path, gz):
    arrays = write_set(tmp_path / "mnist", gz=gz)
    data = datasets.load("mnist", tmp_path / "mnist")
    assert data.x_train.shape == (6, 784) and data.x_test.shape == (4, 784) and data.n_classes == 10
    assert np.array_equal(np.round(data.x_train * 255).astype(int), arrays["x_train"].reshape(6, 784))
    assert np.array_equal(data.y_test, arrays["y_test"])
    assert 0 <= data.x_train.min() and data.x_train.max() <= 1


def test_spikelearn_data_is_searched(tmp_path, monkeypatch):
    write_set(tmp_path / "fashion-mnist", gz=False)
    monkeypatch.setenv("SPIKELEARN_DATA", str(tmp_path))
    assert datasets.find_idx("fashion_mnist") == tmp_path / "fashion-mnist"
    assert datasets.load("fashion_mnist").x_train.shape == (6, 784)


def damage(path, how):
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[:-5])
    elif how == "trailing":
        path.write_bytes(raw + b"\0")
    elif how == "magic":
        path.write_bytes(b"\x01\x02" + raw[2:])
    elif how == "bad gzip":
        path.write_bytes(b"\x1f\x8b" + b"garbage" * 5)
    elif how == "empty":
        path.write_bytes(b"")


@pytest.mark.parametrize(
    "how, message",
    [
        ("truncated", "truncated"),
        ("trailing", "trailing data"),
        ("magic", "not an IDX file"),
        ("bad gzip", "cannot read it"),
        ("empty", "not an IDX file"),
    ],
)
def test_a_damaged_file_is_refused_in_one_line_naming_it(tmp_path, how, message):
    write_set(tmp_path, gz=False)
    target = tmp_path / "train-images-idx3-ubyte"
    damage(target, how)
    with pytest.raises(InputError, match=message) as error:
        datasets.load("mnist", tmp_path)
    assert str(target) in str(error.value) and "\n" not in str(error.value)


def test_foreign_shapes_and_mismatched_counts_are_refused(tmp_path):
    write_set(tmp_path, gz=False)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((6, 8, 8))))
    with pytest.raises(InputError, match="expected 28x28 uint8 images"):
        datasets.load("mnist", tmp_path)
    write_set(tmp_path, gz=False)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(3)))
    with pytest.raises(InputError, match="4 test images but 3 labels"):
        datasets.load("mnist", tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.full(4, 12)))
    with pytest.raises(InputError, match="expected labels 0..9"):
        datasets.load("mnist", tmp_path)


def test_missing_data_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SPIKELEARN_DATA", raising=False)
    with pytest.raises(InputError, match=r"mnist not found .*SPIKELEARN_DATA/mnist"):
        datasets.load("mnist")
    with pytest.raises(InputError, match=r"apt-get install dataset-fashion-mnist"):
        datasets.load("fashion_mnist", tmp_path)


def test_digits_enlarged_to_28x28_keep_the_split():
    small, big = datasets.load("digits"), datasets.load("digits_28x28")
    assert big.x_train.shape == (1257, 784) and np.array_equal(big.y_test, small.y_test)
    assert (
        np.corrcoef(big.x_train[0].reshape(28, 28)[::4, ::4].ravel(), small.x_train[0].reshape(8, 8)[:7, :7].ravel())[
            0, 1
        ]
        > 0.8
    )


def installed_fashion():
    try:
        return datasets.find_idx("fashion_mnist")
    except InputError as error:
        pytest.skip(f"Fashion-MNIST is not installed: {error}")


def test_the_real_fashion_mnist():
    folder = installed_fashion()
    data = datasets.load("fashion_mnist", folder)
    assert data.x_train.shape == (60_000, 784) and data.x_test.shape == (10_000, 784)
    assert np.array_equal(np.bincount(data.y_train), np.full(10, 6000))
    assert np.array_equal(np.bincount(data.y_test), np.full(10, 1000))
    assert 0.27 < data.x_train.mean() < 0.30  # Fashion-MNIST's mean pixel is 72.94 / 255 = 0.286
