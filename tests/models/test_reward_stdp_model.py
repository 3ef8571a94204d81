"""reward_stdp: a short conditioning run and a short bridge (fast), the default run's claims (slow)."""

import numpy as np
import pytest
from brian2 import second

from spikelearn.models import reward_stdp


def test_short_conditioning_singles_out_the_rewarded_synapse():
    """600 s of one seed (the default runs 2000 s): the rewarded synapse has grown well above its start and above
    the other synapses' mean, which stays low."""
    run = reward_stdp.condition(600 * second, seed=2, device="cpp_standalone")
    assert run["rewarded"][-1] > 0.2
    assert run["rewarded"][-1] > 5 * run["others"][-1]
    assert run["others"].max() < 0.05
    assert np.all(np.diff(run["t"]) > 0) and run["rewarded"].shape == run["others"].shape


def test_short_bridge_agrees_with_the_rate_form():
    """40 s of the bridge (25 s after the warm-up): every condition within 3 s.e.m. of the prediction, and the
    conditions differ as predicted (at 10 Hz the depression of <c><d> dominates, at 2 -> 4 Hz and 0.5 s the
    reward-triggered potentiation)."""
    gaps, timing = reward_stdp.bridge(40 * second, seed=0, device="cpp_standalone")
    assert set(gaps) == set(reward_stdp.BRIDGE_DELAYS) and timing["sim_s"] > 0
    for gs in gaps.values():
        for g in gs:
            assert abs(g.difference) <= 3 * g.gap_sem, g
    assert gaps[0.5][0].rate > 0 > gaps[0.5][2].rate
    assert gaps[0.5][2].spiking < 0


@pytest.mark.slow
def test_default_run_passes_its_claims(tmp_path):
    result = reward_stdp.run(out=tmp_path)
    failed = [c for c in result.claims if not c.passed]
    assert not failed, failed
    assert (tmp_path / "reward_stdp.png").exists() and (tmp_path / "results.json").exists()


def test_reduced_run_writes_results_and_the_figure(tmp_path):
    """scale 0.1 (200 s of conditioning per seed, 20 s of bridge): the structures the tests above compiled, so mostly
    code generation; the conditioning claim is not expected to hold this early."""
    result = reward_stdp.run(scale=0.1, out=tmp_path)
    assert len(result.claims) == 3 and result.params["conditioning_duration"] == 200 * second
    assert len(result.metrics["rewarded_final_w_over_wmax"]) == reward_stdp.N_SEEDS
    assert {len(rows) for rows in result.metrics["bridge"].values()} == {len(reward_stdp.BRIDGE_RATES)}
    assert (tmp_path / "reward_stdp.png").stat().st_size > 10_000 and (tmp_path / "results.json").exists()
