"""Shared test set-up: runtime simulations use Brian2's numpy target (no compiler, no cache needed)."""

import brian2
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def numpy_target():
    """Tiny runtime networks run fastest without code compilation; standalone tests are unaffected."""
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = "numpy"
    yield
    brian2.prefs.codegen.target = previous


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
