import numpy as np
import pytest

from spikelearn.models import bcm_selectivity as model


def test_rate_and_spiking_bcm_become_selective(tmp_path):
    result = model.run(seed=0, out=tmp_path)  # full scale: 1200 s of presentations, ~20 s wall
    m = result.metrics
    for form in ("rate", "spiking"):
        responses = np.array(m["responses_hz"][form])
        preferred = responses.argmax()
        # one pattern drives the neuron, the others stay near the 2-5 Hz the background gives
        assert responses[preferred] > 15
        assert np.delete(responses, preferred).max() < responses[preferred] / 3
        assert m["selectivity"][form] >= 0.8
        assert abs(m["theta_mean_hz"][form] / m["theta_predicted_hz"][form] - 1) <= 0.1
    assert result.passed
    assert (tmp_path / "bcm_selectivity.png").exists() and (tmp_path / "results.json").exists()


@pytest.mark.slow  # a control for the test above (18 s)
def test_short_run_is_not_yet_selective():
    """The claim can fail: after 60 s (120 presentations) the rate neuron is not yet selective."""
    result = model.run(scale=0.05, device="runtime")
    assert result.metrics["selectivity"]["rate"] < 0.8
    assert not result.passed


def test_figure_of_a_short_run_means_over_the_presentations_it_has(tmp_path, monkeypatch):
    """20 presentations (the fewest a run makes): some pattern is shown fewer than 10 times, one not at all."""
    order = np.array([0, 1, 2, 3] * 4 + [0, 1, 2, 0])  # pattern 3 four times, pattern 4 never
    drawn = []
    monkeypatch.setattr(model.plotting, "save_figure", lambda ax, out, name: drawn.append(ax) or tmp_path / name)
    y = np.arange(len(order), dtype=float)
    model.figures(tmp_path, order, y, y, np.ones(50), np.ones(30), np.ones(100), np.ones(100))
    (ax,) = drawn
    assert ax.get_title() == "rate form: responses (4-presentation mean)"
    assert len([line for line in ax.get_lines() if line.get_label().startswith("pattern")]) == 4
