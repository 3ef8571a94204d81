"""Standard figures. Each ``plot_*`` draws into ``ax`` (a new figure when None) and returns the Axes.

Figures are :class:`matplotlib.figure.Figure` objects made here, not through pyplot: they leave the user's backend and
pyplot's list of open figures alone (a notebook keeps its inline backend), they work in worker threads, and
``save_figure`` renders them with Agg whatever the backend is. To show one in a notebook, display ``ax.figure``.
"""

from __future__ import annotations

import io
from importlib.resources import files
from pathlib import Path

import matplotlib.style
import numpy as np
from matplotlib.figure import Figure

from .results import atomic_write

STYLE = str(files("spikelearn") / "style.mplstyle")

# keywords of Figure.subplots; the others go to Figure (figsize, layout, dpi, ...), as with pyplot.subplots
_SUBPLOTS_KEYWORDS = {"sharex", "sharey", "squeeze", "width_ratios", "height_ratios", "subplot_kw", "gridspec_kw"}


def axes(ax=None, figsize=(4.5, 3.2)):
    """``ax``, or the Axes of a new figure in the spikelearn style."""
    if ax is not None:
        return ax
    with matplotlib.style.context(STYLE):
        return Figure(figsize=figsize).add_subplot()


def subplots(nrows: int = 1, ncols: int = 1, **kwargs):
    """A new figure in the spikelearn style and its grid of Axes, as ``pyplot.subplots`` returns them (figure, Axes
    or array of Axes), without pyplot: ``kwargs`` are those of ``Figure.subplots`` (sharex, sharey, squeeze,
    width_ratios, height_ratios, subplot_kw, gridspec_kw) and of ``Figure`` (figsize, layout, ...)."""
    grid = {k: kwargs.pop(k) for k in list(kwargs) if k in _SUBPLOTS_KEYWORDS}
    with matplotlib.style.context(STYLE):
        fig = Figure(**kwargs)
        return fig, fig.subplots(nrows, ncols, **grid)


def save_figure(ax, out, name: str) -> Path:
    """Save the figure of ``ax`` as ``out/name.png`` (:func:`spikelearn.results.atomic_write`)."""
    fig, buffer = ax.figure, io.BytesIO()
    with matplotlib.style.context(STYLE):
        fig.savefig(buffer, format="png")
    return atomic_write(Path(out) / f"{name}.png", buffer.getvalue())


def plot_window(delta_t_ms, measured, analytic_t_ms, analytic, ax=None, ylabel="weight change per pair"):
    """STDP window: measured points over the analytic curve, against t_post - t_pre."""
    ax = axes(ax)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.plot(analytic_t_ms, analytic, color="0.3", label="rule W(Δt)")
    ax.plot(delta_t_ms, measured, "o", ms=4, color="C3", label="simulated synapse")
    ax.set(xlabel="Δt = t_post − t_pre (ms)", ylabel=ylabel)
    ax.legend()
    return ax


def plot_weight_histograms(before, after, w_max, ax=None, labels=("initial", "after STDP")):
    """Histograms of weights (in units of w_max) before and after learning."""
    ax = axes(ax)
    bins = np.linspace(0, 1, 41)
    for w, label, color in zip((before, after), labels, ("0.6", "C0")):
        ax.hist(
            np.asarray(w) / w_max,
            bins=bins,
            histtype="step" if color == "0.6" else "stepfilled",
            color=color,
            alpha=0.9,
            label=label,
        )
    ax.set(xlabel="w / w_max", ylabel="number of synapses")
    ax.legend()
    return ax


def plot_weights_vs_time(t_s, w, w_max, ax=None, n_traces=40, label="synapses"):
    """A sample of weight traces (rows of ``w``, in units of w_max) and their mean against time in s."""
    ax = axes(ax)
    w = np.asarray(w) / w_max
    rows = np.linspace(0, len(w) - 1, min(n_traces, len(w))).astype(int)
    ax.plot(t_s, w[rows].T, color="C0", lw=0.5, alpha=0.4)
    ax.plot(t_s, w.mean(axis=0), color="k", lw=2, label=f"mean of {len(w)} {label}")
    ax.set(xlabel="time (s)", ylabel="w / w_max", ylim=(-0.02, 1.02))
    ax.legend(loc="upper right")
    return ax


def plot_rate_transfer(input_hz, curves: dict, ax=None):
    """Output rate against input rate, one line per entry of ``curves`` (label -> rates in Hz)."""
    ax = axes(ax)
    for (label, rates), marker in zip(curves.items(), "os^v"):
        ax.plot(input_hz, rates, marker=marker, label=label)
    ax.set(xlabel="input rate (Hz)", ylabel="output rate (Hz)", yscale="log")
    ax.legend()
    return ax


def plot_drift_comparison(labels, spiking, sem, predicted, ax=None, unit="1/s"):
    """Spiking mean drift (with 3 s.e.m. error bars) next to the rate prediction, per condition."""
    ax = axes(ax, figsize=(6, 3.2))
    x = np.arange(len(labels))
    ax.axhline(0, color="0.7", lw=0.8)
    ax.bar(x, predicted, width=0.6, color="0.8", label="rate prediction")
    ax.errorbar(x, spiking, yerr=3 * np.asarray(sem), fmt="o", color="C3", capsize=3, label="spiking (± 3 s.e.m.)")
    ax.set_xticks(x, labels, rotation=30, ha="right")
    ax.set(ylabel=f"mean drift dw/dt ({unit})")
    ax.legend()
    return ax


def plot_bcm_curve(rate_hz, gaps, curves: dict, theta_hz: float, title: str, ax=None):
    """Mean drift against the postsynaptic rate: the rate form's ``curves`` ({label: (rates in Hz, drift)}) as lines,
    the spiking ``gaps`` (:class:`spikelearn.bridge.Gap`, measured at ``rate_hz``) as points with 3 s.e.m. bars, the
    threshold ``theta_hz`` dashed."""
    ax = axes(ax)
    for (label, (x, y)), style in zip(curves.items(), ("-", "--", ":")):
        ax.plot(x, y, style, color="0.3", label=label)
    ax.errorbar(rate_hz, [g.spiking for g in gaps], yerr=[3 * g.spiking_sem for g in gaps], fmt="o", color="C3",
                capsize=3, label="spiking synapses (± 3 s.e.m.)")  # fmt: skip
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(theta_hz, color="0.7", ls="--", lw=0.8)
    ax.set(xlabel="postsynaptic rate (Hz)", ylabel="mean drift dw/dt (1/s)", title=title)
    ax.legend(fontsize=8)
    return ax


def plot_relative_gaps(gaps: dict, tolerance: float = 0.1, ax=None):
    """Relative gap (spiking - rate) / |rate| per condition with 3 s.e.m. bars, one series per rule.

    ``gaps`` maps a rule label to (condition labels, gaps, standard errors); the band is +-``tolerance``.
    """
    ax = axes(ax, figsize=(7, 3.6))
    conditions = list(dict.fromkeys(c for labels, _, _ in gaps.values() for c in labels))
    ax.axhspan(-100 * tolerance, 100 * tolerance, color="0.92", label=f"±{100 * tolerance:.0f} %")
    ax.axhline(0, color="0.6", lw=0.8)
    for k, (rule, (labels, gap, sem)) in enumerate(gaps.items()):
        x = np.array([conditions.index(c) for c in labels]) + 0.15 * (k - (len(gaps) - 1) / 2)
        ax.errorbar(x, 100 * np.asarray(gap), yerr=300 * np.asarray(sem), fmt="o", ms=4, capsize=2, label=rule)
    ax.set_xticks(np.arange(len(conditions)), conditions, rotation=30, ha="right")
    ax.set(ylabel="(spiking − rate) / |rate| (%)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
