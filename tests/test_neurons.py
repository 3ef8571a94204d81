import numpy as np
import pytest
from brian2 import Network, SpikeMonitor, ms, mV, nA, second

from spikelearn.neurons import ConductanceLIFParams, LIFParams, firing_period, lif_group


def test_lif_fires_at_the_analytic_period():
    params = LIFParams(t_ref=2 * ms)
    currents = np.array([0.1, 0.17, 0.2, 0.3, 0.5]) * nA  # 0.1 nA is below rheobase (16 mV / 100 Mohm)
    group = lif_group(len(currents), params)
    group.I_ext = currents
    spikes = SpikeMonitor(group)
    Network(group, spikes).run(1 * second)
    expected = firing_period(params, currents)
    trains = spikes.spike_trains()
    assert len(trains[0]) == 0 and not np.isfinite(expected[0])
    for k in range(1, len(currents)):
        measured = np.diff(trains[k] / ms)
        # the threshold is checked once per step: each interval is rounded up to the 0.1 ms grid
        assert np.all(np.abs(measured - expected[k] / ms) <= 0.1 + 1e-9)


def test_conductance_lif_relaxes_to_the_conductance_weighted_reversal():
    params = ConductanceLIFParams(tau_e=1e6 * second)  # g_e held constant over the run
    group = lif_group(1, params)
    group.g_e = 0.2
    Network(group).run(300 * ms)
    # tau_m dv/dt = E_L - v + g_e (E_e - v) = 0  =>  v = (E_L + g_e E_e) / (1 + g_e), below threshold here
    assert group.v[0] / mV == pytest.approx((-70 + 0.2 * 0) / 1.2, abs=0.01)


@pytest.mark.parametrize(
    "field, value, match",
    [
        ("tau_m", -5 * ms, "LIFParams.tau_m must be > 0"),
        ("tau_m", 5 * mV, "LIFParams.tau_m must be in units of"),
        ("t_ref", -1 * ms, "LIFParams.t_ref must be >= 0"),
        ("V_reset", -50 * mV, "V_reset .* must be below V_th"),
    ],
)
def test_bad_lif_parameters_name_the_field(field, value, match):
    with pytest.raises(ValueError, match=match):
        LIFParams(**{field: value})


def test_bad_group_arguments():
    with pytest.raises(ValueError, match="number of neurons"):
        lif_group(0)
    with pytest.raises(ValueError, match="params must be"):
        lif_group(1, params={"tau_m": 10 * ms})
    with pytest.raises(ValueError, match="ConductanceLIFParams.tau_e must be > 0"):
        ConductanceLIFParams(tau_e=0 * ms)
