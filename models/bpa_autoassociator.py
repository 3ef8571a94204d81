"""A Hebbian/anti-Hebbian autoassociator (BPA) against a backprop autoassociator, analysed by SVD.

The experiment of Shreya Gupta, "Analyzing Biologically Plausible Alternatives to Backpropagation" (Stanford).

Both networks reconstruct the 8 x 34 "plants and animals" items (:func:`spikelearn.datasets.semantic`)
through 8 linear hidden units from small random weights (sd 0.01), full batch, learning rate 0.05,
3000 epochs (:mod:`spikelearn.rate.autoassociator`). The input-output correlation of an autoassociator
is the features' second moment :math:`\\Sigma = X^T X / P`; its SVD gives the modes (the general
"living thing" mode first, then animal vs plant, bird/fish and tree/flower, then the items). We track
each mode's strength :math:`u_\\alpha^T W_2 W_1 v_\\alpha` over training (Saxe et al. 2013), the epoch at
which it reaches half of its final value, the principal angles between the hidden weights' row space
and the principal subspace, and the items' hidden-representation similarity. A second BPA run with 4
hidden units shows which subspace it keeps when it cannot keep all.
"""

from __future__ import annotations

import matplotlib
import numpy as np

from spikelearn import analysis, datasets, plotting
from spikelearn.rate.autoassociator import Autoassociator, train
from spikelearn.rate.harness import DEVICES, begin
from spikelearn.results import Result, check
from spikelearn.rules.hebbian import principal_angles_deg

DESCRIPTION = "Hebbian/anti-Hebbian vs backprop autoassociator on the 8-item semantic dataset: SVD mode learning"
DEFAULT_DEVICE = "numpy"

HIDDEN = 8
SMALL_HIDDEN = 4
EPOCHS = 3000
LR = 0.05
INIT_SCALE = 0.01


def order_violations(times, singular_values, tol=1e-9) -> int:
    """Pairs of modes with distinct singular values learned in the wrong order (the larger one later)."""
    n = 0
    for a in range(len(times)):
        for b in range(len(times)):
            if singular_values[a] > singular_values[b] * (1 + tol) + tol and not times[a] <= times[b]:
                n += 1
    return n


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False) -> Result:
    """``scale`` shrinks the number of epochs."""
    frame = begin(scale, seed, device, EPOCHS, DEVICES)
    epochs = frame.epochs
    data = datasets.semantic()
    X = data.X
    U, s, Vt = np.linalg.svd(X.T @ X / len(X))
    rank = int(np.sum(s > 1e-9 * s[0]))
    runs = {}
    for kind in ("BP", "BPA"):
        model = Autoassociator(X.shape[1], HIDDEN, kind, INIT_SCALE, seed)
        maps, losses = train(model, X, epochs, LR)
        strengths = analysis.mode_strengths(maps, U[:, :rank], Vt[:rank].T)
        runs[kind] = {
            "model": model,
            "strengths": strengths,
            "losses": losses,
            "times": analysis.learning_times(strengths, final=np.ones(rank)),
        }
    small = Autoassociator(X.shape[1], SMALL_HIDDEN, "BPA", INIT_SCALE, seed)
    train(small, X, epochs, LR)
    m = {"singular_values": s[:rank], "epochs": epochs}
    for kind, r in runs.items():
        m[kind] = {
            "final_mode_strengths": r["strengths"][-1],
            "half_learning_epoch": r["times"],
            "order_violations": order_violations(r["times"], s[:rank]),
            "reconstruction_error_initial": r["losses"][0],
            "reconstruction_error_final": r["losses"][-1],
            "hidden_principal_angles_deg": principal_angles_deg(r["model"].W1, Vt[:rank]),
        }
    m["BPA_4_hidden_principal_angles_to_top4_deg"] = principal_angles_deg(small.W1, Vt[:SMALL_HIDDEN])
    bp, bpa = m["BP"], m["BPA"]
    claims = [
        check(
            "BP: mode pairs learned out of singular-value order",
            bp["order_violations"],
            "== 0",
            bp["order_violations"] == 0,
        ),
        check(
            "BPA: mode pairs learned out of singular-value order",
            bpa["order_violations"],
            "== 0",
            bpa["order_violations"] == 0,
        ),
        check(
            "BPA: largest principal angle, hidden weights vs principal subspace (deg)",
            bpa["hidden_principal_angles_deg"].max(),
            "< 5",
            bpa["hidden_principal_angles_deg"].max() < 5,
        ),
        check(
            "BPA, 4 hidden units: largest principal angle to the top-4 subspace (deg)",
            m["BPA_4_hidden_principal_angles_to_top4_deg"].max(),
            "< 5",
            m["BPA_4_hidden_principal_angles_to_top4_deg"].max() < 5,
        ),
        check(
            "BP: final / initial reconstruction error",
            bp["reconstruction_error_final"] / bp["reconstruction_error_initial"],
            "< 0.01",
            bp["reconstruction_error_final"] < 0.01 * bp["reconstruction_error_initial"],
        ),
        check(
            "BPA: final / initial reconstruction error",
            bpa["reconstruction_error_final"] / bpa["reconstruction_error_initial"],
            "< 0.01",
            bpa["reconstruction_error_final"] < 0.01 * bpa["reconstruction_error_initial"],
        ),
    ]
    result = Result(
        "bpa_autoassociator",
        {
            "scale": scale,
            "seed": seed,
            "device": device,
            "hidden": HIDDEN,
            "epochs": epochs,
            "lr": LR,
            "init_scale": INIT_SCALE,
            "items": data.items,
            "features": data.features,
        },
        m,
        claims,
        frame.timing(),
    )
    if out is not None:
        result.figures = figures(data, U, s, Vt, rank, runs, out)
        result.save(out)
    return result


def figures(data, U, s, Vt, rank, runs, out) -> list:
    fig, axs = plotting.subplots(1, 3, figsize=(11, 3.6), gridspec_kw={"width_ratios": [1.2, 0.5, 1.2]})
    axs[0].imshow(U[:, :rank], cmap="RdBu_r", vmin=-0.6, vmax=0.6, aspect="auto")
    axs[0].set(title="U (features x modes)", xlabel="mode", ylabel="feature")
    axs[0].set_yticks(range(len(data.features)), data.features, fontsize=5)
    axs[1].bar(np.arange(rank), s[:rank], color="0.4")
    axs[1].set(title="singular values", xlabel="mode")
    axs[2].imshow(Vt[:rank], cmap="RdBu_r", vmin=-0.6, vmax=0.6, aspect="auto")
    axs[2].set(title="V^T (modes x features)", xlabel="feature", ylabel="mode")
    paths = [plotting.save_figure(axs[0], out, "data_svd")]
    fig, axs = plotting.subplots(1, 2, figsize=(9, 3.4), sharey=True)
    for ax, (kind, r) in zip(axs, runs.items()):
        epochs = np.arange(1, len(r["strengths"]) + 1)
        for a in range(rank):
            ax.plot(
                epochs,
                r["strengths"][:, a],
                color=matplotlib.colormaps["viridis"](a / rank),
                label=f"mode {a + 1} (s = {s[a]:.2f})",
            )
        ax.set(xscale="log", xlabel="epoch", title=f"{kind} autoassociator")
    axs[0].set_ylabel("mode strength u^T W2 W1 v")
    axs[1].legend(fontsize=7)
    paths.append(plotting.save_figure(axs[0], out, "mode_strengths"))
    fig, axs = plotting.subplots(1, 3, figsize=(10, 3.4))
    for ax, (title, rep) in zip(
        axs,
        [("items (features)", data.X)] + [(f"{k} hidden layer", r["model"].hidden(data.X)) for k, r in runs.items()],
    ):
        ax.imshow(np.corrcoef(rep), cmap="RdBu_r", vmin=-1, vmax=1)
        ax.set_xticks(range(len(data.items)), data.items, rotation=90, fontsize=7)
        ax.set_yticks(range(len(data.items)), data.items, fontsize=7)
        ax.set_title(f"similarity: {title}")
    paths.append(plotting.save_figure(axs[0], out, "hidden_similarity"))
    return paths
