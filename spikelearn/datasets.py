"""Offline datasets with fixed, documented train/test splits (nothing is downloaded).

- ``xor``: the four binary input patterns, label x1 XOR x2; train set = test set.
- ``iris``: Fisher's iris (150 x 4, 3 classes, shipped with scikit-learn), features min-max scaled
  to [0, 1] with the training set's range; stratified 70/30 split (``random_state=0``).
- ``digits``: scikit-learn's 8x8 handwritten digits (1797 x 64, 10 classes, pixel values 0..16
  scaled to [0, 1]); stratified 70/30 split (``random_state=0``): 1257 training, 540 test images.
- ``digits_28x28``: ``digits`` enlarged to 28x28 (bilinear interpolation, 8 -> 28 pixels a side), for circuits
  built for 784 inputs when no 28x28 dataset is installed.
- ``fashion_mnist`` (Xiao, Rasul & Vollgraf 2017) and ``mnist`` (LeCun et al. 1998): 28x28 grey images
  (784 inputs, pixel values 0..255 scaled to [0, 1]), 10 classes, their standard 60,000 / 10,000 split,
  read from the four IDX files (gzip or raw) of a directory (:func:`find_idx`). No wheel on PyPI ships them:
  Fashion-MNIST comes with Debian's ``dataset-fashion-mnist`` package; MNIST from a directory the user names.
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checks import InputError, check_choice

IMAGES_28 = ("fashion_mnist", "mnist")
NAMES = ("xor", "iris", "digits", "digits_28x28") + IMAGES_28
TEST_FRACTION = 0.3
SPLIT_SEED = 0


@dataclass(frozen=True)
class Dataset:
    """Inputs in [0, 1] (n_samples, n_features) and integer labels (n_samples,)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def n_features(self) -> int:
        return self.x_train.shape[1]


def load(name: str, directory=None) -> Dataset:
    """The dataset ``name`` (one of ``NAMES``) with its fixed split; ``directory`` holds the IDX files of
    ``fashion_mnist`` or ``mnist`` (default: :func:`find_idx`'s search)."""
    check_choice("dataset", name, NAMES)
    if name in IMAGES_28:
        return load_idx_dataset(name, find_idx(name, directory))
    if name == "digits_28x28":
        from scipy.ndimage import zoom

        small = load("digits")
        big = [
            np.clip(zoom(x.reshape(-1, 8, 8), (1, 3.5, 3.5), order=1), 0, 1).reshape(len(x), 784)
            for x in (small.x_train, small.x_test)
        ]
        return Dataset(name, big[0], small.y_train, big[1], small.y_test, small.n_classes)
    if name == "xor":
        x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
        y = np.array([0, 1, 1, 0])
        return Dataset("xor", x, y, x.copy(), y.copy(), 2)
    from sklearn.datasets import load_digits, load_iris
    from sklearn.model_selection import train_test_split

    data = load_iris() if name == "iris" else load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data.astype(float), data.target, test_size=TEST_FRACTION, stratify=data.target, random_state=SPLIT_SEED
    )
    if name == "iris":
        low, high = x_train.min(axis=0), x_train.max(axis=0)
        x_train, x_test = (x_train - low) / (high - low), np.clip((x_test - low) / (high - low), 0, 1)
    else:
        x_train, x_test = x_train / 16.0, x_test / 16.0
    return Dataset(name, x_train, y_train, x_test, y_test, int(data.target.max()) + 1)


# IDX (LeCun et al. 1998): 2 zero bytes, a type code, the number of dimensions, the dimensions as big-endian
# uint32, then the values in C order, big-endian.
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
DATA_ENV = "SPIKELEARN_DATA"
SYSTEM_DIRS = {"fashion_mnist": Path("/usr/share/datasets/fashion-mnist")}  # Debian's dataset-fashion-mnist
HOW_TO_GET = {
    "fashion_mnist": "install Debian's package (apt-get install dataset-fashion-mnist) or put the four IDX files "
    f"of Fashion-MNIST (Xiao et al. 2017) in ${DATA_ENV}/fashion-mnist or pass data=DIR",
    "mnist": f"put the four IDX files of MNIST (train-images-idx3-ubyte[.gz], ...) in ${DATA_ENV}/mnist or pass "
    "data=DIR; no package on PyPI or Debian ships them",
}


def read_idx(path) -> np.ndarray:
    """The array stored in the IDX file ``path`` (gzip-compressed or raw); :class:`InputError` naming the file
    for a missing, truncated, damaged or foreign one."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{path}: cannot read it ({error})") from None
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in IDX_TYPES or raw[3] == 0:
        raise InputError(f"{path}: not an IDX file (magic number {raw[:4].hex() or 'missing'})")
    ndim, dtype = raw[3], np.dtype(IDX_TYPES[raw[2]])
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise InputError(f"{path}: truncated IDX header ({len(raw)} bytes, {header} expected)")
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        raise InputError(
            f"{path}: {len(raw)} bytes where an IDX array of shape {shape} and type {dtype.str} "
            f"has {expected} ({'truncated' if len(raw) < expected else 'trailing data'})"
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape)


def find_idx(name: str, directory=None) -> Path:
    """The directory with the IDX files of ``name``: ``directory`` if given, else ``$SPIKELEARN_DATA/<name>``
    (``fashion-mnist`` or ``mnist``), else the system directory of Debian's package (Fashion-MNIST only)."""
    check_choice("dataset", name, IMAGES_28)
    if directory is not None:
        candidates = [Path(directory)]
    else:
        candidates = [Path(os.environ[DATA_ENV]) / name.replace("_", "-")] if os.environ.get(DATA_ENV) else []
        candidates += [SYSTEM_DIRS[name]] if name in SYSTEM_DIRS else []
    for folder in candidates:
        if all(_idx_file(folder, stem) for stem in IDX_FILES.values()):
            return folder
    looked = ", ".join(map(str, candidates)) or f"${DATA_ENV} is not set"
    missing = [stem for stem in IDX_FILES.values() if not any(_idx_file(f, stem) for f in candidates)]
    raise InputError(
        f"{name} not found (looked in {looked}; missing {', '.join(missing) or 'files'}): {HOW_TO_GET[name]}"
    )


def _idx_file(folder: Path, stem: str):
    """``folder/stem.gz`` or ``folder/stem``, whichever exists, else None."""
    return next((p for p in (folder / f"{stem}.gz", folder / stem) if p.is_file()), None)


def load_idx_dataset(name: str, folder) -> Dataset:
    """The 28x28 dataset in ``folder``: images (n, 784) in [0, 1] as float32, labels 0..9; the IDX files are
    checked for shape, size and agreement between images and labels."""
    folder = Path(folder)
    arrays = {}
    for key, stem in IDX_FILES.items():
        path = _idx_file(folder, stem)
        if path is None:
            raise InputError(f"{name}: {folder} has no {stem}[.gz]: {HOW_TO_GET[name]}")
        values = read_idx(path)
        if key.startswith("x"):
            if values.ndim != 3 or values.shape[1:] != (28, 28) or values.dtype != np.uint8:
                raise InputError(f"{path}: expected 28x28 uint8 images, got shape {values.shape} {values.dtype}")
            values = values.reshape(len(values), 784).astype(np.float32) / 255
        elif values.ndim != 1 or values.dtype != np.uint8 or (len(values) and values.max() > 9):
            raise InputError(
                f"{path}: expected labels 0..9 (uint8, one dimension), got shape {values.shape} {values.dtype}"
            )
        arrays[key] = values
    for part in ("train", "test"):
        n_x, n_y = len(arrays[f"x_{part}"]), len(arrays[f"y_{part}"])
        if n_x != n_y or n_x == 0:
            raise InputError(f"{name} in {folder}: {n_x} {part} images but {n_y} labels")
    arrays = {k: v.astype(np.int64) if k.startswith("y") else v for k, v in arrays.items()}
    return Dataset(name, n_classes=10, **arrays)


SEMANTIC_ITEMS = ("sparrow", "hawk", "salmon", "sunfish", "oak", "maple", "rose", "daisy")
# The hierarchy: living thing -> animal | plant -> bird, fish | tree, flower -> items.
SEMANTIC_TREE = {
    "living thing": (SEMANTIC_ITEMS, ("is living", "can grow")),
    "animal": (SEMANTIC_ITEMS[:4], ("can move", "has eyes", "has skin", "has bones")),
    "plant": (SEMANTIC_ITEMS[4:], ("has roots", "has leaves", "needs sunlight", "makes seeds")),
    "bird": (("sparrow", "hawk"), ("has wings", "can fly")),
    "fish": (("salmon", "sunfish"), ("has fins", "can swim")),
    "tree": (("oak", "maple"), ("has bark", "is tall")),
    "flower": (("rose", "daisy"), ("has petals", "smells sweet")),
    "sparrow": (("sparrow",), ("is small", "is meek")),
    "hawk": (("hawk",), ("is large", "is fierce")),
    "salmon": (("salmon",), ("lives in the sea", "is pink")),
    "sunfish": (("sunfish",), ("lives in rivers", "is yellow")),
    "oak": (("oak",), ("has acorns", "is strong")),
    "maple": (("maple",), ("has sap", "turns red in autumn")),
    "rose": (("rose",), ("has thorns", "is red")),
    "daisy": (("daisy",), ("is white", "grows in meadows")),
}


@dataclass(frozen=True)
class Semantic:
    items: tuple
    features: tuple
    X: np.ndarray  # (8 items, 34 features), 1 where the item has the feature


def semantic() -> Semantic:
    """The 8-item, 34-feature "plants and animals" dataset (McClelland, McNaughton & Lampinen 2020,
    as used by Shreya Gupta, "Analyzing Biologically Plausible Alternatives to Backpropagation", section 3).

    Built from ``SEMANTIC_TREE``: every node of the hierarchy contributes its features to the items
    below it, from general to specific: 2 features of all living things, 4 of animals and 4 of
    plants, 2 each of birds, fish, trees and flowers, and 2 of each item alone (its idiosyncratic
    features: that report names one group per item, "is small, is meek" for the sparrow, ...). The
    general features come first, as in the source's correlation figures. Values are 0 or 1.
    """
    features = tuple(f for _, names in SEMANTIC_TREE.values() for f in names)
    X = np.zeros((len(SEMANTIC_ITEMS), len(features)))
    column = 0
    for members, names in SEMANTIC_TREE.values():
        rows = [SEMANTIC_ITEMS.index(m) for m in members]
        X[np.ix_(rows, range(column, column + len(names)))] = 1
        column += len(names)
    return Semantic(SEMANTIC_ITEMS, features, X)


def binary_pair(name: str, a: int, b: int) -> Dataset:
    """The classes ``a`` (label 0) and ``b`` (label 1) of dataset ``name``, on its fixed split."""
    data = load(name)
    if a == b or not (0 <= a < data.n_classes and 0 <= b < data.n_classes):
        raise InputError(f"classes must be two different labels in [0, {data.n_classes}), got {a} and {b}")

    def keep(x, y):
        mask = (y == a) | (y == b)
        return x[mask], (y[mask] == b).astype(int)

    (x_train, y_train), (x_test, y_test) = keep(data.x_train, data.y_train), keep(data.x_test, data.y_test)
    return Dataset(f"{name} {a} vs {b}", x_train, y_train, x_test, y_test, 2)
