import numpy as np
import pytest
from brian2 import Hz, Network, PoissonInput, SpikeMonitor, ms, pA, second

from spikelearn.devices import Simulation
from spikelearn.pyramidal import PyramidalParams, pyramidal_group


def test_somatic_input_makes_events_and_dendritic_input_makes_bursts():
    """Four blocks of 100 noisy neurons: (I_s, I_d) = (0, 0), (200, 0), (0, 300), (200, 300) pA, for 3 s."""
    n = 100
    with Simulation("cpp_standalone", seed=1) as sim:
        group = pyramidal_group(4 * n, name="pyr")
        group.I_s = np.tile(np.repeat([0, 200], n), 2) * pA
        group.I_d = np.repeat([0, 300], 2 * n) * pA
        noise = [PoissonInput(group, var, 1, 500 * Hz, weight=w)
                 for var, w in (("g_es", 0.35), ("g_is", 0.35), ("g_ed", 0.05), ("g_id", 0.05))]
        monitor = SpikeMonitor(group, variables=["is_event", "is_burst"])
        sim.run(Network(group, monitor, *noise), 3 * second)
        sim.execute()
        block = np.asarray(monitor.i) // n
        er = np.bincount(block, weights=np.asarray(monitor.is_event), minlength=4) / (n * 3)
        bp = np.bincount(block, weights=np.asarray(monitor.is_burst), minlength=4) / (n * 3) / er
    # measured: ER 5.6, 8.6, 5.2, 6.7 Hz; BP 0.15, 0.21, 0.59, 0.64
    assert er[1] > 1.3 * er[0] and er[3] > 1.2 * er[2]           # soma drives events
    assert bp[2] > 3 * bp[0] and bp[3] > 2.5 * bp[1]             # dendrite drives bursts
    assert abs(er[2] / er[0] - 1) < 0.2 and bp[1] - bp[0] < 0.1  # each signal mostly in its own channel


def test_bad_parameters():
    with pytest.raises(ValueError, match="PyramidalParams.tau_d must be > 0"):
        PyramidalParams(tau_d=-7 * ms)
    with pytest.raises(ValueError, match="params must be PyramidalParams"):
        pyramidal_group(3, params={"tau_s": 16})
