"""Published circuits, one module each, discovered by name.

Each module defines ``DESCRIPTION`` (one line), ``DEFAULT_DEVICE``, ``DEVICES`` (the devices it runs on),
optionally ``MAX_SCALE`` and ``MIN_SCALE`` (the largest ``scale``, where it differs from
:data:`spikelearn.checks.MAX_SCALE`, and the smallest where a run needs one), and
``run(scale=1.0, seed=0, device=DEFAULT_DEVICE, out=None, progress=False, **options) -> spikelearn.results.Result``;
a model with options of its own may define ``check_options(**options)``, which raises
:class:`spikelearn.checks.InputError` for a bad one before anything runs.
"""

from __future__ import annotations

import inspect
from importlib import import_module

from spikelearn.checks import MAX_SCALE, InputError, check_run_args

SPIKING = (
    "stdp_window",
    "song2000",
    "stdp_bridge",
    "triplet_frequency",
    "triplet_bcm_bridge",
    "bcm_selectivity",
    "oja_pca",
    "burst_rule_protocols",
    "burstprop_rate_digits",
    "burst_multiplexing",
    "burst_propagation",
    "spiking_fa_digits",
    "spiking_fa_bridge",
    "lillicrap_spiking",
    "burstprop_xor",
    "diehl_cook_2015",
    "spiking_fa_fashion",
    "clopath_frequency",
    "clopath_bridge",
    "reward_stdp",
)
RATE = (
    "credit_assignment_digits",
    "feedback_types",
    "eqprop_xor",
    "tp_xor",
    "bpa_autoassociator",
    "hebbnet_digits",
    "sum_rule_digits",
    "hebbian_descent",
    "hebbian_feedback_digits",
    "stdp_local_rule",
)
MODELS = SPIKING + RATE


def get(name: str):
    """The module of model ``name``; :class:`InputError` listing the known models for an unknown one."""
    if name not in MODELS:
        raise InputError(f"unknown model {name!r}; known models: {', '.join(MODELS)}")
    return import_module(f"{__name__}.{name}")


def describe() -> dict:
    """Model name -> one-line description."""
    return {name: get(name).DESCRIPTION for name in MODELS}


def check_args(model, scale, seed, device):
    """Check a run's scale, seed and device against ``model`` (its ``DEVICES``, ``MAX_SCALE``, ``MIN_SCALE``) before
    it starts."""
    check_run_args(
        scale, seed, device, model.DEVICES, getattr(model, "MAX_SCALE", MAX_SCALE), getattr(model, "MIN_SCALE", 0.0)
    )


COMMON = ("scale", "seed", "device", "out", "progress")


def default_scale(model) -> float:
    """The ``scale`` a model runs at when none is given: its ``run``'s default (1 for most; smaller for a model
    whose paper-size run takes hours)."""
    default = inspect.signature(model.run).parameters["scale"].default
    return 1.0 if default is inspect.Parameter.empty else default


def check_options(model, options: dict):
    """Check a model's own options (keyword arguments of its ``run`` beyond :data:`COMMON`): known names, and values
    its ``check_options`` accepts."""
    parameters = inspect.signature(model.run).parameters
    known = [p for p in parameters if p not in COMMON]
    for key, value in options.items():
        if key not in known:
            raise InputError(
                f"{model.__name__.rsplit('.', 1)[-1]} has no option {key!r}; its options: {', '.join(known) or 'none'}"
            )
        default = parameters[key].default
        if isinstance(value, str) and isinstance(default, (bool, int, float)):
            kind = "true or false" if isinstance(default, bool) else "a number"
            raise InputError(f"option {key} takes {kind}, got {value!r}")
    if hasattr(model, "check_options"):
        model.check_options(**options)
