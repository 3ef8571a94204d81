"""Probes of the burstprop XOR circuit (:mod:`spikelearn.models.burstprop_xor`, Payeur et al. 2021, Fig. 4) that are
not part of its run: tools for asking whether the circuit *can* compute XOR, apart from whether the burst rule
learns it.

- :func:`frozen_response`: the circuit's event rates with plasticity off and fixed weights (uniform per projection,
  where the rule's homeostasis leaves them, or input-selective), many weight settings side by side in one run;
- :func:`xor_margin`: how far the output rates per case are on the right side of the paper's 6 Hz threshold (> 0:
  XOR is computed);
- :func:`weight_pairs`: checks the weight settings given to :func:`frozen_response`.

What they found (none of the uniform settings computes XOR; input-selective hidden neurons do): docs/bursts.md.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Network, SpikeMonitor, Synapses, TimedArray, pA, second

from spikelearn.checks import InputError, check_count, check_quantity
from spikelearn.devices import Simulation

from .burstprop_xor import (
    CURRENT,
    DEFAULT_DEVICE,
    PATTERNS,
    PROJECTIONS,
    THRESHOLD,
    W_INH,
    block_connect,
    check_selectivity,
    populations,
    selective,
    xor_targets,
)


def weight_pairs(where: str, pairs) -> np.ndarray:
    """``pairs`` as a (k, 2) array of weights in [0, 1] (the rule's bounds), or a clear error."""
    try:
        w = np.asarray(pairs, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{where} must be pairs of numbers, got {pairs!r}") from None
    if w.ndim != 2 or w.shape[1] != 2 or len(w) == 0:
        raise InputError(f"{where} must have shape (k, 2), got shape {w.shape}")
    if not np.all((w >= 0) & (w <= 1)):
        raise InputError(f"{where} must lie in [0, 1] (g_L units), got {pairs!r}")
    return w


def frozen_response(
    hidden_weights,
    output_weights,
    n: int = 100,
    n_out: int = 5,
    case=3 * second,
    settle=1 * second,
    seed: int = 0,
    device: str = DEFAULT_DEVICE,
    selectivity: float = 0.0,
) -> dict:
    """Event rates (Hz) with plasticity off and *uniform* plastic weights, for every combination of
    ``hidden_weights`` (pairs: In -> H1, In -> H2) and ``output_weights`` (pairs: H1 -> Out, H2 -> Out); each case
    (00, 10, 01, 11) is held for ``case`` and measured after ``settle``. Uniform weights are where the burst rule
    leaves the circuit (:mod:`spikelearn.models.burstprop_xor`), so :func:`xor_margin` of ``out`` says whether XOR is
    representable there. Side by side, in one run: In1 and In2 (``n`` each), an H1 and an H2 population (``n``) per
    hidden pair and ``n_out`` output neurons per combination, connected as in training (fixed inhibition, noise); no
    feedback (it only moves burst probabilities). ``selectivity`` > 0 makes the In -> H weights input-selective
    (:func:`spikelearn.models.burstprop_xor.selective`: half the hidden neurons prefer In1, half In2). Returns ``h1``,
    ``h2``: (4, hidden pairs), ``out``: (4, hidden, output pairs)."""
    hidden, output = weight_pairs("hidden_weights", hidden_weights), weight_pairs("output_weights", output_weights)
    selectivity = check_selectivity(selectivity, hidden)
    n, n_out = check_count("n", n), check_count("n_out", n_out)
    check_quantity("case", case, second)
    check_quantity("settle", settle, second, sign="nonnegative")
    if not settle < case:
        raise InputError(f"settle ({settle}) must be shorter than case ({case})")
    P, Q = len(hidden), len(output)
    currents = [np.array([float(CURRENT[pat[m]] / pA) for pat in PATTERNS]) * pA for m in (0, 1)]
    namespace = {"I_in1": TimedArray(currents[0], dt=case), "I_in2": TimedArray(currents[1], dt=case)}
    # the weight of every postsynaptic neuron's plastic synapses, per projection
    weight = {
        ("in1", "h1"): np.repeat(hidden[:, 0], n),
        ("in1", "h2"): np.repeat(hidden[:, 1], n),
        ("h1", "out"): np.tile(np.repeat(output[:, 0], n_out), P),
        ("h2", "out"): np.tile(np.repeat(output[:, 1], n_out), P),
    }
    weight["in2", "h1"], weight["in2", "h2"] = weight["in1", "h1"], weight["in1", "h2"]
    rng, p = np.random.default_rng(seed), min(1.0, 0.05 * 2000 / n)
    with Simulation(device, seed=seed) as sim:
        groups, objects = populations(
            {"in1": n, "in2": n, "h1": n * P, "h2": n * P, "out": n_out * Q * P}, case, namespace=namespace
        )
        for pre, post in PROJECTIONS:
            s = Synapses(
                groups[pre], groups[post], "w : 1", on_pre="g_es_post += w * is_event_pre", name=f"w_{pre}_{post}"
            )
            inh = Synapses(
                groups[pre], groups[post], on_pre=f"g_is_post += {W_INH} * is_event_pre", name=f"inh_{pre}_{post}"
            )
            n_post = n if post != "out" else n_out * Q
            post_index = block_connect(s, rng, n, n_post, P, p)
            s.w = selective(weight[pre, post][post_index], pre, post_index, selectivity)
            block_connect(inh, rng, n, n_post, P, p)
            objects += [s, inh]
        monitors = {name: SpikeMonitor(groups[name], "is_event", name=f"events_{name}") for name in ("h1", "h2", "out")}
        sim.run(Network(*objects, *monitors.values()), len(PATTERNS) * case, label="frozen weights")
        sim.execute()
        c, s0 = float(case / second), float(settle / second)
        rates = {}
        for name, m in monitors.items():
            event = np.asarray(m.is_event, dtype=bool)
            t, i = np.asarray(m.t / second)[event], np.asarray(m.i)[event]
            rates[name] = np.array(
                [
                    np.bincount(i[(t >= k * c + s0) & (t < (k + 1) * c)], minlength=len(groups[name]))
                    for k in range(len(PATTERNS))
                ]
            ) / (c - s0)
    return {
        "h1": rates["h1"].reshape(4, P, n).mean(axis=2),
        "h2": rates["h2"].reshape(4, P, n).mean(axis=2),
        "out": rates["out"].reshape(4, P, Q, n_out).mean(axis=3),
    }


def xor_margin(out) -> np.ndarray:
    """How far (Hz) the output rates per case (first axis: 00, 10, 01, 11) are on the right side of the 6 Hz
    threshold in the worst case: > 0 where XOR is computed."""
    out, target, thr = np.asarray(out, dtype=float), xor_targets(range(4)).astype(bool), float(THRESHOLD / Hz)
    return np.minimum(out[target].min(axis=0) - thr, thr - out[~target].max(axis=0))
