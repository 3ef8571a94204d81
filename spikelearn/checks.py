"""Input validation shared by parameter dataclasses and builders.

Every check raises :class:`InputError` (a :class:`ValueError`) whose message names the offending field, the value
received and what was expected, so that bad input never reaches Brian2's code generation. The command line reports an
``InputError`` as one line with exit code 2; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import field

import numpy as np
from brian2 import Quantity, get_dimensions
from brian2.units.fundamentalunits import DIMENSIONLESS


class InputError(ValueError):
    """Invalid input from the user: an argument, an option, a parameter or a file."""


SIGNS = {
    "positive": (lambda x: x > 0, "> 0"),
    "nonnegative": (lambda x: x >= 0, ">= 0"),
    "any": (lambda x: True, ""),
}


def _one_line(value) -> str:
    """``repr(value)`` on one line, also for a 2-D array."""
    return " ".join(repr(value).split())


def check_quantity(where: str, value, unit, sign: str = "positive", scalar: bool = False):
    """Check that ``value`` has the dimensions of ``unit`` (a Brian2 unit or 1) and the given sign.

    Arrays are checked element-wise, or refused if ``scalar``. Returns ``value`` unchanged.
    """
    expected = get_dimensions(unit)
    if not isinstance(value, (Quantity, int, float, np.ndarray, np.number)) or isinstance(value, bool):
        raise InputError(f"{where} must be a number with units of {unit!r}, got {_one_line(value)}")
    if scalar and np.ndim(value) != 0:
        raise InputError(f"{where} must be a scalar, got {_one_line(value)}")
    if get_dimensions(value) is not expected:
        what = "dimensionless" if expected is DIMENSIONLESS else f"in units of {unit!r}"
        raise InputError(f"{where} must be {what}, got {_one_line(value)}")
    ok, text = SIGNS[sign]
    values = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(values)):
        raise InputError(f"{where} must be finite, got {_one_line(value)}")
    if not np.all(ok(values)):
        raise InputError(f"{where} must be {text}, got {_one_line(value)}")
    return value


def check_fields(obj, unit, *names: str, sign: str = "positive"):
    """Apply :func:`check_quantity` to the dataclass fields ``names`` of ``obj``, each a scalar parameter."""
    for name in names:
        check_quantity(f"{type(obj).__name__}.{name}", getattr(obj, name), unit, sign, scalar=True)


def check_choice(where: str, value, choices):
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        raise InputError(f"{where} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_count(where: str, value, minimum: int = 1) -> int:
    """Check that ``value`` is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InputError(f"{where} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def default(value):
    """A dataclass field defaulting to ``value`` (Brian2 quantities are arrays, so need a factory)."""
    return field(default_factory=lambda: value)


MAX_SCALE = 10.0  # a model's run grows with its scale; one that differs sets MAX_SCALE of its own
MAX_SEED = 2**32 - 1  # numpy's and Brian2's generators take 32-bit seeds


def check_run_args(scale, seed, device, devices, max_scale: float = MAX_SCALE, min_scale: float = 0.0):
    """Validate the arguments of a model's ``run(scale, seed, device)``: min_scale < scale <= max_scale (or
    min_scale <= scale where min_scale > 0), 0 <= seed <= 2**32 - 1, a known device."""
    low = f">= {min_scale:.3g}" if min_scale > 0 else "> 0"
    if (
        isinstance(scale, bool)
        or not isinstance(scale, (int, float))
        or not np.isfinite(scale)
        or scale <= 0
        or scale < min_scale
        or scale > max_scale
    ):
        raise InputError(f"scale must be a number {low} and <= {max_scale:g} (the run grows with it), got {scale!r}")
    check_count("seed", seed, minimum=0)
    if seed > MAX_SEED:
        raise InputError(f"seed must be <= {MAX_SEED} (32 bits), got {seed!r}")
    check_choice("device", device, devices)
