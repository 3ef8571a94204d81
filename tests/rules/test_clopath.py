import numpy as np
import pytest
from brian2 import Hz, Network, ms, mV, second
from clopath_reference import simulate

from spikelearn.checks import InputError
from spikelearn.inputs import spike_pattern
from spikelearn.neurons import AdExClopathParams
from spikelearn.rules import clopath

DT = 0.1 * ms


def brian_run(params, pre_steps, kick_steps, n_steps, w0):
    """The Brian2 form on the protocol of :func:`clopath_reference.simulate`: final weights and post state."""
    post = clopath.post_group(params, 1, dt=DT, name="post")
    m = len(pre_steps)
    pre_i = np.concatenate([[k] * len(s) for k, s in enumerate(pre_steps)]).astype(int)
    pre = spike_pattern(m, pre_i, np.concatenate(pre_steps) * DT, name="pre", dt=DT)
    kicker = spike_pattern(1, np.zeros(len(kick_steps), int), np.asarray(kick_steps) * DT, name="kicker", dt=DT)
    kick = clopath.SynapseModel("", clopath.KICK, "", AdExClopathParams().namespace).synapses(kicker, post, dt=DT)
    kick.connect()
    syn = clopath.synapses(params, pre, post, name="plastic", dt=DT)
    syn.connect()
    syn.w = w0
    Network(post, pre, kicker, kick, syn).run(n_steps * DT)
    return np.asarray(syn.w[:]), tuple(float(getattr(post, k)[0] / mV) for k in ("v", "u_minus", "u_plus", "u_bar_bar"))


@pytest.mark.parametrize("homeostatic, w_max", ((True, 3.0), (False, 0.6)))
def test_brian_synapse_equals_the_time_stepped_reference(homeostatic, w_max, rng):
    """Every term (continuous LTP, LTD at presynaptic spikes, homeostatic factor, delayed filters; weight bounds with
    w_max = 0.6) on random pre trains and post spikes: the Brian2 form and the pure-Python reading of the paper agree
    step for step."""
    amplitudes = dict(A_LTP=5e-4, A_LTD=1e-3)  # larger than the paper's: large changes in a short run
    params = clopath.Clopath(delay=1 * ms, homeostatic=homeostatic, A_LTP=5e-4 / mV**2, A_LTD=1e-3 / mV, w_max=w_max)
    n_steps, m = 3000, 4
    pre_steps = [np.unique(rng.integers(0, n_steps - 1, size=12)) for _ in range(m)]
    kick_steps = np.unique(np.concatenate([rng.integers(0, n_steps - 1, size=10), pre_steps[0][:4] + 50]))
    w0 = 0.5
    w_brian, state_brian = brian_run(params, pre_steps, kick_steps, n_steps, w0)
    w_ref, state_ref = simulate(
        pre_steps, kick_steps, n_steps, delay=1.0, homeostatic=homeostatic, w0=w0, w_max=w_max, **amplitudes
    )
    assert np.abs(w_ref - w0).min() > 1e-3  # every synapse changed
    assert (w_ref.max() == w_max) == (w_max == 0.6)  # the bound is reached only where it is meant to be
    assert np.allclose(w_brian, w_ref, rtol=1e-9, atol=0), (w_brian, w_ref)
    assert np.allclose(state_brian, state_ref, rtol=1e-9, atol=0)


def test_spike_waveform_integrals():
    """S_+ is the spike's part above theta+ (V_spike - theta+ for t_spike: 78.3 mV x 2 ms). S_1 is the clamp's area
    (103.6 mV x 2 ms) plus the relaxation from V_reset and the response to z, which a passive membrane would make
    (V_reset - E_L) C / g_L + I_sp tau_z / g_L = 196.7 + 533.3 mV ms; the subthreshold adaptation (a) takes some."""
    wf = clopath.spike_waveform(clopath.Clopath())
    assert float(wf.S_plus / (mV * ms)) == pytest.approx(78.3 * 2, rel=1e-9)
    assert 207.2 + 500 < float(wf.S_1 / (mV * ms)) < 207.2 + 196.7 + 533.3


def test_rate_form_is_bcm_with_the_paper_threshold():
    """theta- = E_L: the drift is nu_pre nu_post S_1 (A_LTP S_+ nu_post - A_LTD): zero at nu_theta, LTD below,
    LTP above, linear in the presynaptic rate; the homeostatic factor moves the threshold with u_bar_bar^2."""
    params = clopath.Clopath()
    wf = clopath.spike_waveform(params)
    theta = clopath.bcm_threshold(params, wf)
    assert float(theta / Hz) == pytest.approx(14e-5 / (8e-5 * 0.1566), rel=1e-9)
    rates = np.array([0.5, 0.9, 1.1, 2.0]) * float(theta / Hz)
    drift = clopath.expected_drift(params, 10 * Hz, rates * Hz, wf)
    assert np.all(np.sign(drift) == [-1, -1, 1, 1])
    assert np.allclose(clopath.expected_drift(params, 20 * Hz, rates * Hz, wf), 2 * drift, rtol=1e-12)
    s1 = float(wf.S_1 / (mV * second))
    assert drift[-1] == pytest.approx(10 * rates[-1] * s1 * (8e-5 * 0.1566 * rates[-1] - 14e-5), rel=1e-9)
    homeostatic = clopath.Clopath(homeostatic=True)
    doubled = clopath.bcm_threshold(homeostatic, wf, u_bar_bar=2 * np.sqrt(60) * mV)
    assert float(doubled / theta) == pytest.approx(4, rel=1e-9)
    dw = clopath.rate_update(params, [10, 20] * Hz, rates[:1] * Hz, np.zeros((1, 2)), wf, 2 * second)
    assert dw.shape == (1, 2) and np.allclose(dw, 2 * clopath.expected_drift(params, [10, 20] * Hz, rates[0] * Hz, wf))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(A_LTD=14e-5), "Clopath.A_LTD must be in units of"),
        (dict(A_LTP=-1 / mV**2), "Clopath.A_LTP must be >= 0"),
        (dict(tau_x=0 * ms), "Clopath.tau_x must be > 0"),
        (dict(theta_plus=-45.3), "Clopath.theta_plus must be in units of"),
        (dict(w_min=1.0, w_max=1.0), "w_min (1.0) must be below w_max"),
        (dict(homeostatic="yes"), "homeostatic must be True or False"),
    ],
)
def test_bad_parameters_give_one_clear_line(kwargs, message):
    with pytest.raises(InputError) as error:
        clopath.Clopath(**kwargs)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_bad_neuron_and_rate_arguments():
    with pytest.raises(InputError, match="need V_reset < V_T_max"):
        AdExClopathParams(V_reset=-20 * mV)
    wf = clopath.spike_waveform(clopath.Clopath())
    with pytest.raises(InputError, match="rate_post must be >= 0"):
        clopath.expected_drift(clopath.Clopath(), 10 * Hz, -1 * Hz, wf)
    with pytest.raises(InputError, match="needs the mean depolarisation"):
        clopath.expected_drift(clopath.Clopath(homeostatic=True), 10 * Hz, 1 * Hz, wf)
    with pytest.raises(InputError, match="waveform must be a SpikeWaveform"):
        clopath.expected_drift(clopath.Clopath(), 10 * Hz, 1 * Hz, None)


def test_renewal_form_cuts_the_waveform_and_keeps_the_threshold():
    """S_1(nu) is the Laplace transform of the waveform: S_1 at nu = 0, smaller at higher rates; for theta- = E_L it
    is a common factor of both terms, so the zero crossing does not move."""
    params = clopath.Clopath()
    wf = clopath.spike_waveform(params)
    areas = wf.area([0, 5, 20] * Hz)
    assert areas[0] == pytest.approx(float(wf.S_1 / (mV * second)), rel=1e-12)
    assert areas[0] > areas[1] > areas[2] > 0
    theta = clopath.bcm_threshold(params, wf)
    for rate in (0.999, 1.001):
        drift = clopath.expected_drift(params, 10 * Hz, rate * theta, wf, renewal=True)
        assert np.sign(drift) == np.sign(rate - 1)
