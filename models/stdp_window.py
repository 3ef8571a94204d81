"""The STDP window measured with the Bi & Poo (1998) protocol on single synapses.

Bi & Poo (1998, *J. Neurosci.* 18:10464) paired pre- and postsynaptic spikes 60 times at 1 Hz
with a fixed delay dt = t_post - t_pre and measured the relative change of the EPSC. Here each
of 40 synapses (dt from -100 to +100 ms) gets that protocol through its own pre and post spike
patterns; the per-pairing weight change is compared with the rule's window W(dt), and exponentials
fitted to the measured points must recover tau+ and tau-.

Window parameters: :func:`spikelearn.rules.stdp.bi_poo_fit` (tau+ = 16.8 ms, tau- = 33.7 ms; 60
pairings change a unit weight by +77.7 % at dt -> 0+ and -27.3 % at dt -> 0-), with w_max = 10 so
that no pairing reaches a bound.
"""

from __future__ import annotations

import numpy as np
from brian2 import Network, ms, second
from scipy.optimize import curve_fit

from spikelearn import plotting
from spikelearn.checks import check_run_args
from spikelearn.devices import DEVICES, Simulation
from spikelearn.inputs import spike_pattern
from spikelearn.results import Result, check
from spikelearn.rules import stdp

DESCRIPTION = "Bi & Poo 1998 pairing protocol: the simulated STDP window against the rule's analytic W(dt)"
DEFAULT_DEVICE = "cpp_standalone"

RULE = stdp.bi_poo_fit(w_max=10.0)  # far from both bounds: the window is not clipped
N_PAIRINGS = 60
W0 = 1.0
PAIRING_PERIOD = 1 * second  # 1 Hz
DELTA_T = np.concatenate([np.arange(-100, 0, 5), np.arange(5, 101, 5)]) * ms


def pairing_patterns(delta_t, n_pairings: int):
    """Spike (indices, times) of the pre and post patterns: synapse k pairs with delay delta_t[k]."""
    n = len(delta_t)
    onsets = (np.arange(n_pairings) + 0.5) * PAIRING_PERIOD / second  # pairs centred in each period
    k = np.tile(np.arange(n), n_pairings)
    t_pre = np.repeat(onsets, n) - np.minimum(np.tile(delta_t / second, n_pairings), 0)
    t_post = t_pre + np.tile(delta_t / second, n_pairings)
    return (k, t_pre * second), (k, t_post * second)


def simulate(n_pairings: int, seed: int, device: str, progress: bool = False) -> dict:
    n = len(DELTA_T)
    (pre_i, pre_t), (post_i, post_t) = pairing_patterns(DELTA_T, n_pairings)
    with Simulation(device, seed=seed, progress=progress) as sim:
        pre = spike_pattern(n, pre_i, pre_t, name="pre")
        post = spike_pattern(n, post_i, post_t, name="post")
        synapses = stdp.synapse_model(RULE).synapses(pre, post, name="stdp")
        synapses.connect(j="i")
        synapses.w = W0
        sim.run(Network(pre, post, synapses), n_pairings * PAIRING_PERIOD, label="stdp_window")
        sim.execute()
        return {"w": np.asarray(synapses.w[:]), "timing": sim.timing}


def pairings(scale: float) -> int:
    """The number of pairings a run at ``scale`` gives each synapse: N_PAIRINGS x scale, at least 1."""
    return max(1, int(round(N_PAIRINGS * scale)))


def window_axes(delta_t_ms, dw_per_pairing, n_pairings: int):
    """The measured change after the ``n_pairings`` pairings of the run (%, points) over the rule's W(dt) x
    ``n_pairings`` (line), against dt in ms."""
    fine = np.linspace(-100, 100, 801) * ms
    ax = plotting.plot_window(
        delta_t_ms,
        np.asarray(dw_per_pairing) * n_pairings * 100,
        fine / ms,
        stdp.window(RULE, fine) * n_pairings * 100,
        ylabel=f"weight change after {n_pairings} pairing{'s' if n_pairings != 1 else ''} (%)",
    )
    ax.set_title("Bi & Poo protocol, 1 Hz pairing")
    return ax


def fit_window(delta_t_ms, dw):
    """Fit A exp(-dt/tau) to the dt > 0 points and -A exp(dt/tau) to the dt < 0 points: (A+, tau+, A-, tau-)."""

    def ltp(d, a, tau):
        return a * np.exp(-d / tau)

    pos, neg = delta_t_ms > 0, delta_t_ms < 0
    (a_plus, tau_plus), _ = curve_fit(ltp, delta_t_ms[pos], dw[pos], p0=(dw[pos].max(), 20.0))
    (a_minus, tau_minus), _ = curve_fit(ltp, -delta_t_ms[neg], -dw[neg], p0=(-dw[neg].min(), 20.0))
    return a_plus, tau_plus, a_minus, tau_minus


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of pairings (at least 1)."""
    check_run_args(scale, seed, device, DEVICES)
    n_pairings = pairings(scale)
    data = simulate(n_pairings, seed, device, progress)
    d_ms = np.asarray(DELTA_T / ms)
    dw = (data["w"] - W0) / n_pairings
    analytic = stdp.window(RULE, DELTA_T)
    a_plus, tau_plus, a_minus, tau_minus = fit_window(d_ms, dw)
    max_err = float(np.max(np.abs(dw - analytic)))
    m = {
        "delta_t_ms": d_ms,
        "dw_per_pairing": dw,
        "W_analytic": analytic,
        "n_pairings": n_pairings,
        "max_abs_error_over_A_plus": max_err / RULE.A_plus,
        "fit_tau_plus_ms": tau_plus,
        "fit_tau_minus_ms": tau_minus,
        "fit_A_plus": a_plus,
        "fit_A_minus": a_minus,
        "relative_change_60_pairings_at_5ms": N_PAIRINGS * dw[d_ms == 5][0] / W0,
        "relative_change_60_pairings_at_-5ms": N_PAIRINGS * dw[d_ms == -5][0] / W0,
    }
    tp, tm = float(RULE.tau_plus / ms), float(RULE.tau_minus / ms)
    claims = [
        check(
            "max |measured dw - W(dt)| / A+",
            m["max_abs_error_over_A_plus"],
            "< 0.02",
            m["max_abs_error_over_A_plus"] < 0.02,
        ),
        check("fitted tau+ (ms)", tau_plus, f"{tp} ms within 5%", abs(tau_plus - tp) < 0.05 * tp),
        check("fitted tau- (ms)", tau_minus, f"{tm} ms within 5%", abs(tau_minus - tm) < 0.05 * tm),
    ]
    result = Result(
        model="stdp_window",
        params={
            "scale": scale,
            "seed": seed,
            "device": device,
            "rule": RULE.namespace,
            "w0": W0,
            "n_pairings": n_pairings,
            "pairing_period": PAIRING_PERIOD,
        },
        metrics=m,
        claims=claims,
        timing=data["timing"],
    )
    if out is not None:
        ax = window_axes(d_ms, dw, n_pairings)
        result.figures = [plotting.save_figure(ax, out, "stdp_window")]
        result.save(out)
    return result
