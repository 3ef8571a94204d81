r"""Input encoders: Poisson sources (constant, time-varying, correlated) and explicit spike patterns.

Constant-rate sources draw exponential inter-spike intervals instead of one random number per
source per time step (what :class:`brian2.PoissonGroup` does): a source spikes at the first
step with :math:`t \ge t_{next}` and then draws :math:`t_{next} = t + X`, :math:`X \sim
\mathrm{Exp}(r)`. Spike counts per step are then Bernoulli with :math:`p = 1 - e^{-r\,dt}`
(``PoissonGroup``: :math:`p = r\,dt`), and random numbers are only drawn on spikes, which makes
1000 inputs at 10 Hz about five times cheaper to simulate.

Background noise onto a group's conductances (:func:`poisson_inputs`) is the same as a set of
:class:`brian2.PoissonInput` with one source each (an input of weight :math:`w` at a step with probability
:math:`r\,dt`), drawn with one random number per neuron and step for all of them together.

Correlated sources follow the mixture construction (Brette 2009, *Neural Comput.* 21:188, "SIP"
model): each source fires its own Poisson train at rate :math:`(1-c)\,r` and copies each spike of
a shared "mother" train of rate :math:`r` with probability :math:`c`; every source keeps rate
:math:`r`, and two sources share a fraction :math:`c^2` of their spikes in excess of chance.
"""

from __future__ import annotations

import logging

import numpy as np
from brian2 import Hz, NeuronGroup, PoissonGroup, SpikeGeneratorGroup, Synapses, TimedArray, ms, second

from .checks import InputError, check_count, check_quantity

INTERVAL_POISSON_MODEL = """
rate : Hz          # firing rate of the source
t_next : second    # time of its next spike
"""
INTERVAL_POISSON_THRESHOLD = "t >= t_next"
INTERVAL_POISSON_RESET = "t_next = t - log(1 - rand()) / rate"  # exponential interval, 1 - rand() in (0, 1]

COPY_SPIKE = "t_next_post = t_next_post + int(rand() < c) * (t - t_next_post)"  # spike now, with probability c


def _rates(n: int, rates):
    check_quantity("rates", rates, Hz, sign="nonnegative")
    rates = np.asarray(rates / Hz, dtype=float)
    if rates.ndim > 1 or (rates.ndim == 1 and rates.size != n):
        raise InputError(f"rates must be a scalar or have shape ({n},), got shape {rates.shape}")
    return rates * Hz


def poisson_group(n: int, rates, name: str | None = None, dt=None) -> NeuronGroup | PoissonGroup:
    """``n`` independent Poisson sources.

    ``rates`` is a rate (scalar or one per source, in Hz) for a constant-rate source drawn by
    exponential intervals (module docstring), or a :class:`~brian2.TimedArray` of rates indexed
    as ``rates(t)`` (one signal for all) or ``rates(t, i)`` (one column per source) for a
    time-varying source (an inhomogeneous :class:`~brian2.PoissonGroup`). ``dt``: the group's time step
    (default: Brian2's ``defaultclock``).
    """
    check_count("number of sources", n)
    if isinstance(rates, TimedArray):
        columns = rates.values.shape[1] if rates.values.ndim == 2 else None
        if columns not in (None, n):
            raise InputError(f"TimedArray rates must have 1 or {n} columns, got {columns}")
        if rates.dim is not Hz.dim or rates.values.min() < 0:
            raise InputError(
                f"TimedArray rates must be in Hz and >= 0, got values {rates.values.min()}.. "
                f"with dimensions {rates.dim}"
            )
        expression = "rate_signal(t, i)" if columns else "rate_signal(t)"
        return PoissonGroup(n, rates=expression, namespace={"rate_signal": rates}, name=name or "poisson*", dt=dt)
    group = NeuronGroup(
        n,
        INTERVAL_POISSON_MODEL,
        threshold=INTERVAL_POISSON_THRESHOLD,
        reset=INTERVAL_POISSON_RESET,
        name=name or "poisson*",
        dt=dt,
    )
    group.rate = _rates(n, rates)
    group.t_next = "-log(1 - rand()) / rate"
    return group


class _CopyIsOrderIndependent(logging.Filter):
    """Brian2 warns that COPY_SPIKE reads and writes ``t_next_post``; every copy sets the same ``t``, so
    the order of the synapses does not matter. Drops that warning only for this statement."""

    def filter(self, record):
        return "t_next_post" not in record.getMessage()


def copy_spikes(source, target, c: float, delay=0 * ms, name: str | None = None):
    """Synapses that make each ``target`` source fire a copy of a ``source`` spike with probability ``c``.

    ``target`` must be built by :func:`poisson_group` with constant rates. The copy comes at the
    first time step after ``t_spike + delay`` (one step later for ``delay = 0``). Connect the
    returned synapses (e.g. ``.connect()`` for all-to-all, ``.connect(j="i")`` one-to-one).
    """
    check_quantity("c (copy probability)", c, 1, sign="nonnegative")
    if c > 1:
        raise InputError(f"c (copy probability) must be <= 1, got {c}")
    check_quantity("delay", delay, ms, sign="nonnegative")
    codegen_log = logging.getLogger("brian2.codegen.generators.base")
    if not any(isinstance(f, _CopyIsOrderIndependent) for f in codegen_log.filters):
        codegen_log.addFilter(_CopyIsOrderIndependent())
    return Synapses(source, target, on_pre=COPY_SPIKE, delay=delay, namespace={"c": float(c)}, name=name or "copy*")


def correlate(sources, mother_rate, c: float):
    """Make interval-Poisson ``sources`` (a group or subgroup) fire at ``mother_rate`` sharing a mother train.

    Mixture model (module docstring): each source keeps its own train at ``(1 - c) mother_rate`` and copies
    each spike of a mother train at ``mother_rate`` with probability ``c``. Returns the mother group and the
    copying synapses, which must be added to the network with the sources.
    """
    check_quantity("mother_rate", mother_rate, Hz)
    check_quantity("c (input correlation)", c, 1, sign="nonnegative")
    if not c < 1:
        raise InputError(f"c (input correlation) must be < 1, got {c}")
    sources.rate = (1 - c) * mother_rate
    sources.t_next = "t - log(1 - rand()) / rate"
    mother = poisson_group(1, mother_rate, name="mother*")
    copy = copy_spikes(mother, sources, c)
    copy.connect()
    return [mother, copy]


def poisson_inputs(group, sources: dict, when: str = "synapses"):
    """Poisson background inputs onto ``group``'s conductances: ``sources`` maps a variable to (rate, weight); at
    every step each variable gets ``weight`` with probability ``rate x dt``, as from ``PoissonInput(group,
    variable, 1, rate, weight)``. One random number u per neuron and step serves all sources, each owning its
    slice of [0, 1) (u in [0, p_1) for the first, [p_1, p_1 + p_2) for the second, ...): each source's train is
    exactly that of its own PoissonInput, but two sources never deliver within one step (independent ones would
    coincide in a fraction p_k of either train's steps), and the noise costs one random number instead of one per
    source. Returns the ``run_regularly`` object to add to the network."""
    if not sources:
        raise InputError("sources must name at least one variable")
    dt = group.clock.dt
    statements, low = ["u_noise = rand()"], 0.0
    for var, source in sources.items():
        if not isinstance(source, (tuple, list)) or len(source) != 2:
            raise InputError(f"the Poisson input onto {var} must be a pair (rate, weight), got {source!r}")
        rate, weight = source
        if var not in group.variables:
            raise InputError(f"{group.name} has no variable {var!r} for a Poisson input")
        p = float(check_quantity(f"rate of {var}", rate, Hz, sign="nonnegative") * dt)
        check_quantity(f"weight of {var}", weight, 1, sign="any")
        statements.append(f"{var} += {float(weight)!r} * int(u_noise >= {low!r}) * int(u_noise < {low + p!r})")
        low += p
    if low > 1:
        raise InputError(f"the Poisson inputs' rates sum to {low / float(dt):.0f} Hz, above 1 / dt: use a smaller dt")
    return group.run_regularly("\n".join(statements), dt=dt, when=when, name=f"{group.name}_noise")


def spike_pattern(n: int, indices, times, name: str | None = None, dt=0.1 * ms) -> SpikeGeneratorGroup:
    """A group of ``n`` sources that fire exactly at ``times`` (the source ``indices[k]`` at ``times[k]``).

    Raises ``ValueError`` if a source fires twice within one time step ``dt``.
    """
    check_count("number of sources", n)
    check_quantity("times", times, second, sign="nonnegative")
    indices = np.asarray(indices)
    times_s = np.asarray(times / second, dtype=float)
    if indices.shape != times_s.shape or indices.ndim != 1:
        raise InputError(
            f"indices and times must be 1-d of equal length, got shapes {indices.shape} and {times_s.shape}"
        )
    if indices.size and (not np.issubdtype(indices.dtype, np.integer) or indices.min() < 0 or indices.max() >= n):
        raise InputError(f"indices must be integers in [0, {n}), got range [{indices.min()}, {indices.max()}]")
    steps = np.round(times_s / float(dt / second)).astype(np.int64)
    if np.unique(indices * (steps.max(initial=0) + 1) + steps).size != indices.size:
        raise InputError(f"a source fires more than once within one time step (dt = {dt}); merge or drop those spikes")
    return SpikeGeneratorGroup(n, indices, times_s * second, name=name or "pattern*", dt=dt)
