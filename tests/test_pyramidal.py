import numpy as np
import pytest
from brian2 import Hz, Network, PoissonInput, SpikeMonitor, ms, mV, pA, second

from spikelearn.devices import Simulation
from spikelearn.pyramidal import SIMPLIFIED, PyramidalParams, pyramidal_group


def test_somatic_input_makes_events_and_dendritic_input_makes_bursts():
    """Four blocks of 100 noisy neurons: (I_s, I_d) = (0, 0), (200, 0), (0, 300), (200, 300) pA, for 3 s."""
    n = 100
    with Simulation("cpp_standalone", seed=1) as sim:
        group = pyramidal_group(4 * n, name="pyr")
        group.I_s = np.tile(np.repeat([0, 200], n), 2) * pA
        group.I_d = np.repeat([0, 300], 2 * n) * pA
        noise = [
            PoissonInput(group, var, 1, 500 * Hz, weight=w)
            for var, w in (("g_es", 0.35), ("g_is", 0.35), ("g_ed", 0.05), ("g_id", 0.05))
        ]
        monitor = SpikeMonitor(group, variables=["is_event", "is_burst"])
        sim.run(Network(group, monitor, *noise), 3 * second)
        sim.execute()
        block = np.asarray(monitor.i) // n
        er = np.bincount(block, weights=np.asarray(monitor.is_event), minlength=4) / (n * 3)
        bp = np.bincount(block, weights=np.asarray(monitor.is_burst), minlength=4) / (n * 3) / er
    # measured: ER 5.6, 8.6, 5.2, 6.7 Hz; BP 0.15, 0.21, 0.59, 0.64
    assert er[1] > 1.3 * er[0] and er[3] > 1.2 * er[2]  # soma drives events
    assert bp[2] > 3 * bp[0] and bp[3] > 2.5 * bp[1]  # dendrite drives bursts
    assert abs(er[2] / er[0] - 1) < 0.2 and bp[1] - bp[0] < 0.1  # each signal mostly in its own channel


def test_bad_parameters():
    with pytest.raises(ValueError, match="PyramidalParams.tau_d must be > 0"):
        PyramidalParams(tau_d=-7 * ms)
    with pytest.raises(ValueError, match="params must be PyramidalParams"):
        pyramidal_group(3, params={"tau_s": 16})


def test_simplified_neuron_bursts_with_probability_sigmoid_of_the_dendrite():
    """Noise on the soma only, a constant dendritic current: with the dendritic adaptation a_w the passive dendrite
    settles at V_d = E_L + I_d (tau_d / C_d) / (1 - a_w tau_d / C_d), and every event is a two-spike burst with
    probability f(V_d) = 1 / (1 + exp(-(V_d - E_d) / D_d)), E_d = -57 mV."""
    from spikelearn.pyramidal import SIMPLIFIED

    n, duration = 200, 5
    currents = np.repeat([0, 200, 400], n) * pA
    gain = SIMPLIFIED.tau_d / SIMPLIFIED.C_d / (1 - SIMPLIFIED.a_w * SIMPLIFIED.tau_d / SIMPLIFIED.C_d)
    with Simulation("cpp_standalone", seed=2) as sim:
        group = pyramidal_group(3 * n, SIMPLIFIED, name="simple", simplified=True, kind="isi")
        group.I_d = currents
        group.V_d = SIMPLIFIED.E_L + currents * gain
        group.w_d = SIMPLIFIED.a_w * currents * gain
        noise = [PoissonInput(group, var, 1, 500 * Hz, weight=0.35) for var in ("g_es", "g_is")]
        monitor = SpikeMonitor(group, variables=["is_event", "is_burst"])
        sim.run(Network(group, monitor, *noise), duration * second)
        sim.execute()
        i, t = np.asarray(monitor.i), np.asarray(monitor.t / second)
        block = i // n
        events = np.bincount(block, weights=np.asarray(monitor.is_event), minlength=3)
        bursts = np.bincount(block, weights=np.asarray(monitor.is_burst), minlength=3)
    v_d = SIMPLIFIED.E_L + currents[::n] * gain
    expected = 1 / (1 + np.exp(-np.asarray((v_d - SIMPLIFIED.E_d) / SIMPLIFIED.D_d)))
    se = np.sqrt(expected * (1 - expected) / events)
    assert np.all(np.abs(bursts / events - expected) < 4 * se + 0.01)
    isi = np.diff(t[i == 0])
    assert isi.min() >= 0.005 - 1e-4  # second spikes 5-15 ms after the first, events > 20 ms apart


def test_dendritic_driving_force_can_follow_the_soma_as_in_auryn():
    for driving, expected in (("V_d", 50), ("V_s", 70)):  # E_e = 0 mV, V_d = -50 mV, V_s = -70 mV
        group = pyramidal_group(1, SIMPLIFIED, simplified=True, dendritic_driving_force=driving)
        group.V_s, group.V_d, group.g_ed = -70 * mV, -50 * mV, 1.0
        assert float(group.I_syn_d[0] / (SIMPLIFIED.C_d / SIMPLIFIED.tau_d * mV)) == pytest.approx(expected)
    with pytest.raises(ValueError, match="dendritic_driving_force"):
        pyramidal_group(1, dendritic_driving_force="V_x")
