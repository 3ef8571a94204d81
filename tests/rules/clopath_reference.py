"""A time-stepped pure-Python implementation of voltage-based STDP (Clopath et al. 2010, Methods, Table 1) with the
AdEx neuron, written from the paper and independent of the Brian2 equation strings: one postsynaptic neuron, m
plastic synapses, forward Euler, SI-free units (mV, ms, pA, nS, pF). The schedule of a step is Brian2's (the order
the spiking form runs in): the synapses' continuous LTP and trace (Euler, on the state at the start of the step),
the neuron (Euler; the refractory flag first), the threshold, the presynaptic LTD and the post kicks, the reset, then
the end of the step (weight bounds, the delay line of u)."""

from __future__ import annotations

import numpy as np

NEURON = dict(
    C=281.0, g_L=30.0, E_L=-70.6, Delta_T=2.0, V_T_rest=-50.4, V_T_max=-30.4, tau_VT=50.0, tau_w=144.0, a=4.0,
    b=0.0805, I_sp=400.0, tau_z=40.0, V_reset=-49.6, V_peak=33.0, V_spike=33.0, t_spike=2.0,
)  # fmt: skip
RULE = dict(
    A_LTD=14e-5, A_LTP=8e-5, theta_minus=-70.6, theta_plus=-45.3, tau_minus=10.0, tau_plus=7.0, tau_x=15.0,
    u_ref_squared=60.0, tau_homeo=1000.0,
)  # fmt: skip


def simulate(pre_steps, kick_steps, n_steps, dt=0.1, delay=1.0, homeostatic=True, w0=0.5, w_min=0.0, w_max=1.0, **rule):
    """Weights (m,) and the neuron's final (v, u_minus, u_plus, u_bar_bar) after ``n_steps`` of ``dt`` ms.

    ``pre_steps[k]``: the steps at which presynaptic neuron k spikes; ``kick_steps``: the steps at which the post
    neuron is kicked to V_T + 10 Delta_T (it then fires within a step), unless it is in a spike; ``rule`` overrides
    entries of :data:`RULE`."""
    p, r = NEURON, {**RULE, **rule}
    m = len(pre_steps)
    w, x = np.full(m, w0), np.zeros(m)
    v, w_ad, z, V_T = p["E_L"], 0.0, 0.0, p["V_T_rest"]
    u_minus, u_plus, u_bar_bar = p["E_L"], p["E_L"], np.sqrt(r["u_ref_squared"])
    k_delay, clamp = int(round(delay / dt)), int(round(p["t_spike"] / dt))
    lag = [p["E_L"]] * k_delay
    last, not_ref = None, True
    pre = [set(s) for s in pre_steps]
    kicks = set(kick_steps)

    def membrane():  # u: the spike drawn over v while the neuron is refractory
        return v if not_ref else p["V_spike"]

    for n in range(n_steps):
        # synapses: continuous potentiation and the presynaptic trace (state at the start of the step)
        ltp = r["A_LTP"] * x * max(membrane() - r["theta_plus"], 0.0) * max(u_plus - r["theta_minus"], 0.0)
        w, x = w + dt * ltp, x - dt * x / r["tau_x"]
        # neuron
        not_ref = last is None or n - last >= clamp
        u = membrane()
        source = lag[-1] if k_delay else u
        gate = 1.0 if not_ref else 0.0
        dv = (-p["g_L"] * (v - p["E_L"]) + p["g_L"] * p["Delta_T"] * np.exp((v - V_T) / p["Delta_T"]) - w_ad + z) / p[
            "C"
        ]
        dw_ad = (p["a"] * (v - p["E_L"]) - w_ad) / p["tau_w"]
        v, w_ad, z, V_T, u_minus, u_plus, u_bar_bar = (
            v + dt * gate * dv,
            w_ad + dt * gate * dw_ad,
            z - dt * z / p["tau_z"],
            V_T - dt * (V_T - p["V_T_rest"]) / p["tau_VT"],
            u_minus + dt * (source - u_minus) / r["tau_minus"],
            u_plus + dt * (source - u_plus) / r["tau_plus"],
            u_bar_bar + dt * (u - p["E_L"] - u_bar_bar) / r["tau_homeo"],
        )
        # threshold
        spiked = not_ref and v > p["V_peak"]
        if spiked:
            last, not_ref = n, False
        # presynaptic spikes: depression, trace; post kicks
        h = u_bar_bar**2 / r["u_ref_squared"] if homeostatic else 1.0
        for k in range(m):
            if n in pre[k]:
                w[k] = np.clip(w[k] - r["A_LTD"] * h * max(u_minus - r["theta_minus"], 0.0), w_min, w_max)
                x[k] += 1 / r["tau_x"]
        if n in kicks and not_ref:
            v = V_T + 10 * p["Delta_T"]
        # reset
        if spiked:
            v, w_ad, z, V_T = p["V_reset"], w_ad + p["b"], p["I_sp"], p["V_T_max"]
        # end of the step
        w = np.clip(w, w_min, w_max)
        if k_delay:
            lag = [membrane()] + lag[:-1]
    return w, (v, u_minus, u_plus, u_bar_bar)
