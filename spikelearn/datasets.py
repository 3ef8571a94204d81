"""Offline datasets with fixed, documented train/test splits (nothing is downloaded).

- ``xor``: the four binary input patterns, label x1 XOR x2; train set = test set.
- ``iris``: Fisher's iris (150 x 4, 3 classes, shipped with scikit-learn), features min-max scaled
  to [0, 1] with the training set's range; stratified 70/30 split (``random_state=0``).
- ``digits``: scikit-learn's 8x8 handwritten digits (1797 x 64, 10 classes, pixel values 0..16
  scaled to [0, 1]); stratified 70/30 split (``random_state=0``): 1257 training, 540 test images.

MNIST is not used: no package on the registries this project installs from ships it inside its
wheel (they download it at run time), so the 8x8 digits stand in for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import InputError, check_choice

NAMES = ("xor", "iris", "digits")
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


def load(name: str) -> Dataset:
    """The dataset ``name`` (one of ``NAMES``) with its fixed split."""
    check_choice("dataset", name, NAMES)
    if name == "xor":
        x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
        y = np.array([0, 1, 1, 0])
        return Dataset("xor", x, y, x.copy(), y.copy(), 2)
    from sklearn.datasets import load_digits, load_iris
    from sklearn.model_selection import train_test_split

    data = load_iris() if name == "iris" else load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data.astype(float), data.target, test_size=TEST_FRACTION, stratify=data.target, random_state=SPLIT_SEED)
    if name == "iris":
        low, high = x_train.min(axis=0), x_train.max(axis=0)
        x_train, x_test = (x_train - low) / (high - low), np.clip((x_test - low) / (high - low), 0, 1)
    else:
        x_train, x_test = x_train / 16.0, x_test / 16.0
    return Dataset(name, x_train, y_train, x_test, y_test, int(data.target.max()) + 1)


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
    """The 8-item, 34-feature "plants and animals" dataset (McClelland et al. 2020; seed 000, section 3).

    Built from ``SEMANTIC_TREE``: every node of the hierarchy contributes its features to the items
    below it, from general to specific: 2 features of all living things, 4 of animals and 4 of
    plants, 2 each of birds, fish, trees and flowers, and 2 of each item alone (its idiosyncratic
    features: seed 000 names one group per item, "is small, is meek" for the sparrow, ...). The
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
