"""Shared test set-up: runtime simulations use Brian2's numpy target (no compiler, no cache needed); standalone
code is compiled with -O1 instead of -O3, since compiling, not running, dominates the small networks of the tests
(~25 % less time per standalone test here), and kept in a build cache of the test session's own (not the user's).
BLAS runs on one thread: the rate models' matrices are small, and a second BLAS thread that has to share a core (with
``make -j``, a standalone binary or another job) made their training several times slower, at random (on 2 busy
cores: burstprop_rate_digits' 20 epochs 7.8 s instead of 1.0 s; credit_assignment_digits' fixture once 534 s instead
of 17 s)."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # for subprocesses, and for numpy if not yet imported

import brian2  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

try:  # numpy may have been imported before this file (a plugin, python -c): limit its loaded BLAS too
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    threadpool_limits(1, user_api="blas")
except ImportError:
    pass

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
