r"""Events and bursts (Payeur et al. 2021; Naud & Sprekeler 2018): detection inside Brian2 and offline.

An *event* is an isolated spike or the first spike of a burst; a *burst* is an event followed by another
spike within 16 ms. Online, as in the authors' Auryn code (``BurstRateMonitor``), each neuron keeps a
spike trace :math:`x_b` (:math:`\tau_b` = 16 ms, +1 per spike) read *before* the spike's own increment: a
spike with :math:`x_b < e^{-1}` starts a new event; otherwise it marks the event as a burst, once per
event (a 3-spike burst is one burst). With one earlier spike this is exactly "ISI > 16 ms starts a new
event"; after a burst the accumulated trace needs a slightly longer silence. The authors' induction-protocol
scripts use the plain ISI criterion instead (a spike more than 16 ms after the previous one starts an
event): ``detector="isi"``.

A group gets the detector from :func:`detector` (equations, reset statements, initial values). ``is_event`` and
``is_burst`` are then 1 during the step of a spike that starts an event / marks a burst, readable by synapses as
``is_event_pre``, ``is_burst_post``: Brian2 runs synaptic pathways before resets, so they see the trace
before the spike's increment, as the rule requires.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, NeuronGroup, Synapses, ms, second

from .checks import InputError, check_choice, check_count, check_quantity

# 16 ms is written into the equations (monitors resolve subexpressions without the group's namespace)
DETECTOR_EQUATIONS = {
    "trace": """
dx_b/dt = -x_b / (16 * ms) : 1                         # spike trace for burst detection, tau 16 ms
is_event = int(x_b < exp(-1)) : 1                      # a spike now starts a new event
""",
    "isi": """
t_last : second                                        # time of the previous spike
is_event = int(t - t_last > 16 * ms) : 1               # a spike now starts a new event
""",
}
COMMON_EQUATIONS = """
burst_done : 1                                         # the current event is already a burst
is_burst = (1 - is_event) * (1 - burst_done) : 1       # a spike now makes the event a burst
"""
DETECTOR_RESET = {"trace": "x_b += 1", "isi": "t_last = t"}
# optional counters of a group's events and bursts (add to ``equations`` and ``reset``)
COUNTER_EQUATIONS = """
n_events : 1
n_bursts : 1
"""
COUNTER_RESET = """
n_events += is_event
n_bursts += is_burst
"""
DETECTORS = tuple(DETECTOR_EQUATIONS)


def detector(kind: str = "trace"):
    """(equations, reset statements, initial values) of the event/burst detector ``kind`` ("trace" or "isi")."""
    check_choice("detector", kind, DETECTORS)
    reset = "burst_done = (burst_done + is_burst) * (1 - is_event)\n" + DETECTOR_RESET[kind] + "\n"
    return DETECTOR_EQUATIONS[kind] + COMMON_EQUATIONS, reset, ({"t_last": -1e6 * second} if kind == "isi" else {})


def _detecting_group(n, model, threshold, reset, kind, namespace, name, dt, method="exact"):
    equations, detector_reset, initial = detector(kind)
    # the group's own statements read is_event / is_burst, so they run before the detector's update
    group = NeuronGroup(
        n,
        model + equations,
        threshold=threshold,
        reset=reset[0] + reset[1] + detector_reset,
        method=method,
        namespace=namespace,
        name=name,
        dt=dt,
    )
    for var, value in initial.items():
        setattr(group, var, value)
    return group


def relay(
    source,
    n: int,
    equations: str = "",
    reset: str = "",
    namespace=None,
    name: str | None = None,
    dt=None,
    kind: str = "trace",
) -> tuple[NeuronGroup, Synapses]:
    """A group of ``n`` neurons that fire one step after each spike of ``source`` (one-to-one) and detect events
    and bursts: gives any spike source (a :class:`~brian2.SpikeGeneratorGroup`, a Poisson group) the detector.
    Returns ``(group, synapses)``; add both to the network."""
    n = check_count("number of relay neurons", n)
    group = _detecting_group(
        n, "fire : 1\n" + equations, "fire > 0", ("fire = 0\n", reset), kind, namespace, name or "relay*", dt
    )
    drive = Synapses(source, group, on_pre="fire_post = 1", name=f"{group.name}_drive", dt=dt)
    drive.connect(j="i")
    return group, drive


BURST_POISSON_MODEL = """
rate_e : Hz            # event rate
dead : second          # event dead time (refractoriness)
p_burst : 1            # probability that an event is a 2-spike burst
t_next : second        # time of the next event
t_second : second      # time of the pending second spike (far future when none)
"""
BURST_POISSON_THRESHOLD = "t >= t_next or t >= t_second"
BURST_POISSON_RESET = """
is_second = int(t >= t_second)
draw = int(rand() < p_burst) * (1 - is_second)
t_second = draw * (t + 2 * ms + 10 * ms * rand()) + (1 - draw) * 1e6 * second
t_next = t_next + (1 - is_second) * (t + dead - log(1 - rand()) * (1 / rate_e - dead) - t_next)
"""


def burst_poisson_group(
    n: int,
    event_rate,
    p_burst,
    dead_time,
    equations: str = "",
    reset: str = "",
    namespace=None,
    name: str | None = None,
    dt=None,
    kind: str = "trace",
) -> NeuronGroup:
    """``n`` burst-Poisson sources with the detector (the paper's induction protocols, Fig. 2): events form a
    Poisson process with dead time ``dead_time`` at ``event_rate``; each event is a burst with probability
    ``p_burst``, its second spike 2-12 ms (uniform) after the first. ``p_burst = 0``: Poisson spikes with a
    refractory period. Scalars or one value per source."""
    n = check_count("number of sources", n)
    check_quantity("event_rate", event_rate, Hz)
    check_quantity("dead_time", dead_time, ms, sign="nonnegative")
    check_quantity("p_burst", p_burst, 1, sign="nonnegative")
    if np.any(np.asarray(p_burst) > 1):
        raise InputError(f"p_burst must be <= 1, got {p_burst!r}")
    if np.any(np.asarray(event_rate * dead_time) >= 1):
        raise InputError(f"event_rate * dead_time must be < 1 (rate {event_rate!r}, dead time {dead_time!r})")
    group = _detecting_group(
        n,
        BURST_POISSON_MODEL + equations,
        BURST_POISSON_THRESHOLD,
        (BURST_POISSON_RESET, reset),
        kind,
        namespace,
        name or "burst_poisson*",
        dt,
    )
    group.rate_e, group.dead, group.p_burst = event_rate, dead_time, p_burst
    group.t_second = 1e6 * second
    group.t_next = "dead - log(1 - rand()) * (1 / rate_e - dead)"
    return group


def events_and_bursts(spike_times_s, isi_ms: float = 16.0):
    """Offline detector (the authors' analysis scripts): a spike more than ``isi_ms`` after the previous one
    starts an event; the first spike within ``isi_ms`` of its predecessor marks the event as a burst.
    Returns (event times, burst times) in s: events at their first spike, bursts at their second."""
    t = np.sort(np.asarray(spike_times_s, dtype=float))
    if t.size == 0:
        return t, t
    new_event = np.concatenate([[True], np.diff(t) > isi_ms / 1000])
    event_id = np.cumsum(new_event) - 1
    second = np.flatnonzero(~new_event)
    first_second = (
        second[np.concatenate([[True], event_id[second[1:]] != event_id[second[:-1]]])] if second.size else second
    )
    return t[new_event], t[first_second]
