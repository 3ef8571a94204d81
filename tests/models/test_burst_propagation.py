import numpy as np
import pytest

from spikelearn import stp
from spikelearn.checks import InputError
from spikelearn.models import burst_propagation as model


def synthetic_spikes(rng, n=500):
    """Pyr2 events at a rate that follows Pyr1's somatic input, Pyr1 bursts with a probability that follows Pyr2's
    dendritic input: the read-out must find both, and no cross-talk."""
    t = np.arange(0, 4, 1e-3)
    soma, dendrite = model.signal(model.SOMA_1, t), model.signal(model.DENDRITE_2, t)
    rate2 = 5 + 4 * soma / 200  # Hz per neuron, 1-9 Hz
    p1 = 0.2 + 0.15 * (dendrite - 100) / 100  # burst probability 0.05-0.35
    spikes = {}
    for name, rate, p_burst in (("pyr2", rate2, np.full_like(t, 0.2)), ("pyr1", np.full_like(t, 5.0), p1)):
        fired = rng.random((n, len(t))) < rate * 1e-3
        times = np.nonzero(fired)[1] * 1e-3
        bursts = (rng.random(len(times)) < p_burst[(times * 1000).astype(int)]).astype(float)
        spikes[name] = (times, np.ones(len(times)), bursts)
    spikes["interneuron_rate_hz"] = {"pv": 0.0, "som": 0.0}
    return spikes, {"pyr1": n, "pyr2": n}


def test_the_read_out_finds_each_signal_in_its_own_code(rng):
    measured = model.measure(*synthetic_spikes(rng))
    assert measured["forward"] > 0.9 and measured["feedback"] > 0.8
    assert abs(measured["cross_forward"]) < 0.3 and abs(measured["cross_feedback"]) < 0.3


def test_bad_options_are_one_line():
    with pytest.raises(InputError, match="driving_force must be one of 'V_s', 'V_d'; got 'V_x'"):
        model.check_options(driving_force="V_x")
    with pytest.raises(InputError, match="stp_update must be one of 'simulator', 'stated'; got 'f'"):
        model.check_options(stp_update="f")


def test_the_simulators_stp_update_steps_u_by_U():
    """The authors' simulation facilitates by u += U (1 - u); the stated model by f = 0.1."""
    for plasticity in (stp.FACILITATING, stp.DEPRESSING):
        assert model.stp_params(plasticity, "simulator").f == plasticity.U
        assert model.stp_params(plasticity, "stated") == plasticity


@pytest.mark.slow  # 15 runs of 2500 neurons for 4 s, one build (about 1.5 min)
def test_default_run(tmp_path):
    result = model.run(out=tmp_path)
    assert result.timing["compiled"] < 72 + 14 * 3  # one full build, then main.cpp / objects.cpp at most
    held = {c.claim.split(":")[0]: c.passed for c in result.claims}
    figure_links = [c for c in result.claims if c.claim.startswith("Fig. 3")]
    assert len(figure_links) == 4 and all(c.passed for c in figure_links)  # the links the paper's figure shows
    assert held["without SOM"] and held["without PV"]  # the interneurons' roles (docs/bursts.md)
    assert (tmp_path / "burst_propagation.png").stat().st_size > 10_000
