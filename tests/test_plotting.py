"""spikelearn.plotting makes figures without pyplot: the user's backend and pyplot's open figures stay as they are."""

import subprocess
import sys
import threading

from spikelearn import plotting

# a fresh interpreter with a backend of the user's (svg, not the Agg that spikelearn renders its PNGs with)
USER_SESSION = """
import sys
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
before = matplotlib.get_backend()
from spikelearn import plotting
ax = plotting.axes()
ax.plot([0, 1], [0, 1])
plotting.save_figure(ax, sys.argv[1], "line")
fig, axs = plotting.subplots(1, 2, figsize=(6, 2), layout="constrained", sharey=True)
plotting.save_figure(axs[1], sys.argv[1], "pair")
assert matplotlib.get_backend() == before == "svg", (before, matplotlib.get_backend())
assert plt.get_fignums() == [], plt.get_fignums()
print("ok")
"""


def test_importing_and_saving_leave_the_backend_and_pyplot_alone(tmp_path):
    done = subprocess.run([sys.executable, "-c", USER_SESSION, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    for name in ("line", "pair"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_subplots_passes_figure_and_grid_keywords_and_keeps_the_style(tmp_path):
    fig, axs = plotting.subplots(2, 1, figsize=(3, 4), sharex=True, squeeze=False)
    assert axs.shape == (2, 1) and tuple(fig.get_size_inches()) == (3, 4)
    assert axs[1, 0].get_shared_x_axes().joined(axs[0, 0], axs[1, 0])
    assert not axs[0, 0].spines["top"].get_visible()  # style.mplstyle: no top/right spines
    assert not plotting.axes().spines["right"].get_visible()


def test_figures_are_saved_from_worker_threads(tmp_path):
    saved = []

    def draw(k):
        ax = plotting.axes()
        ax.plot(range(10), [k] * 10)
        saved.append(plotting.save_figure(ax, tmp_path, f"thread{k}"))

    threads = [threading.Thread(target=draw, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in saved) == [f"thread{k}.png" for k in range(4)]


def test_bcm_curve_draws_the_rate_forms_and_the_spiking_points():
    import numpy as np

    from spikelearn.bridge import compare
    from spikelearn.plotting import plot_bcm_curve

    gaps = [compare(np.array([-1.0, -1.2, -0.8]), -1.0), compare(np.array([2.0, 2.2, 1.8]), 2.1)]
    ax = plot_bcm_curve([5, 20], gaps, {"rate form": ([0, 10, 30], [0, -1, 3])}, 12.0, "title")
    assert [line.get_label() for line in ax.get_lines()][:1] == ["rate form"]
    assert ax.get_xlabel() == "postsynaptic rate (Hz)" and ax.get_title() == "title"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rate form", "spiking synapses (± 3 s.e.m.)"]
