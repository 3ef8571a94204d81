"""Shared test set-up: runtime simulations use Brian2's numpy target (no compiler, no cache needed); standalone
code is compiled with -O1 instead of -O3, since compiling, not running, dominates the small networks of the tests
(~25 % less time per standalone test here), and kept in a build cache of the test session's own (not the user's)."""

import os

import brian2
import numpy as np
import pytest

brian2.prefs.codegen.cpp.extra_compile_args_gcc = [
    "-O1" if arg == "-O3" else arg for arg in brian2.prefs.codegen.cpp.extra_compile_args_gcc
]


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


@pytest.fixture(autouse=True, scope="session")
def build_cache(tmp_path_factory):
    """Standalone builds of this session, shared by its tests: each circuit structure compiles once per session."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous
