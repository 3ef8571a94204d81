"""Sweeps: one model over seeds x settings, each run a task on dask.distributed, on a local cluster of worker processes
or on an existing Dask scheduler whose workers may be on other machines::

    sweep("stdp_bridge", seeds=range(8), settings={}, scale=0.1, out="sweeps/bridge")          # local, all cores
    sweep("burstprop_xor", seeds=range(5), settings={"neurons": [100, 200]}, scheduler="tcp://host:8786", ...)

A run is ``spikelearn run`` in a child process of its worker (:mod:`spikelearn.worker`), into a temporary directory;
the worker sends back its files, and the sweep writes them to ``OUT/runs/KEY/`` (KEY e.g. ``neurons=100,seed=3``)
through :class:`spikelearn.results.Staged`:
a run directory holds a finished run or nothing, and no file system needs to be shared. Runs whose ``results.json``
exists are skipped, so the same sweep again resumes. After every finished run the sweep rewrites, each atomically,
``OUT/sweep.json`` (every run's state, error where it failed, and the summary), ``OUT/summary.csv`` (per setting: each
claim's pass count over seeds, each claim value's and each scalar metric's mean, sd, min and max) and
``OUT/sweep.png`` (each claim's value against the setting: mean +- sd, min and max, passes in k of n seeds) and
``OUT/index.html``, a page with the summary and a link to every run's ``report.html``.

Dask retries a run whose worker died. A worker process runs one simulation at a time (Brian2's device belongs to the
process); standalone builds are shared through each machine's build cache (:mod:`spikelearn.devices`), so a
machine compiles each circuit structure once, however many workers and seeds it runs.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import math
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import plotting
from .checks import InputError, check_count
from .report import write_sweep_page
from .results import Staged, atomic_write, output_directory
from .worker import run_on_worker, value_text


def parse_seeds(text: str) -> list:
    """``"0-9"``, ``"0,3,7"`` or ``"4"`` (ranges inclusive) as a list of distinct seeds >= 0."""
    seeds = []
    for part in str(text).split(","):
        first, dash, last = part.strip().partition("-")
        try:
            span = range(int(first), int(last) + 1) if dash else [int(first)]
        except ValueError:
            raise InputError(f"--seeds takes seeds and ranges like 0-9 or 0,3,7; got {text!r}") from None
        seeds.extend(span)
    if not seeds or len(set(seeds)) != len(seeds) or min(seeds) < 0:
        raise InputError(f"--seeds must name distinct seeds >= 0, got {text!r}")
    return seeds


def grid(settings: dict) -> list:
    """The cartesian product of ``settings`` ({option: [values]}) as a list of {option: value}."""
    names = list(settings)
    return [dict(zip(names, values)) for values in itertools.product(*(settings[n] for n in names))]


def run_key(setting: dict, seed: int) -> str:
    """The run's directory name: its options sorted by name, then its seed (``neurons=100,seed=3``)."""
    return ",".join([f"{k}={value_text(setting[k])}" for k in sorted(setting)] + [f"seed={seed}"])


def sweep(
    name: str,
    seeds,
    settings: dict | None = None,
    scale: float | None = None,
    device: str | None = None,
    out="sweeps",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
) -> dict:
    """Run model ``name`` for every seed x setting (module docstring); returns what ``OUT/sweep.json`` holds. Bad
    input raises :class:`InputError` before any run starts; a run that raises is recorded with its error."""
    from . import models

    model = models.get(name)
    device = device or model.DEFAULT_DEVICE
    scale = models.default_scale(model) if scale is None else scale
    seeds, settings = list(seeds), dict(settings or {})
    for option, values in settings.items():
        if not isinstance(values, (list, tuple)) or not values:
            raise InputError(f"setting {option!r} needs a list of values, got {values!r}")
    combinations = grid(settings)
    for setting in combinations:
        models.check_options(model, setting)
    if not seeds:
        raise InputError("a sweep needs at least one seed")
    for seed in seeds:
        models.check_args(model, scale, seed, device)
    if workers is not None:
        check_count("--workers", workers)
    runs = [
        {"key": run_key(setting, seed), "setting": setting, "seed": seed} for setting in combinations for seed in seeds
    ]
    if len({r["key"] for r in runs}) < len(runs):
        raise InputError(f"settings {settings} name some run twice")
    state = {"model": name, "scale": scale, "device": device, "seeds": seeds, "settings": settings, "runs": runs}
    out = output_directory(out)
    _check_same_sweep(out, state)
    todo = [r for r in runs if not (out / "runs" / r["key"] / "results.json").is_file()]
    for r in runs:
        r["status"] = "pending" if r in todo else "finished"
    if not todo:
        _write(out, state)
        return state
    with _client(workers, scheduler) as client:
        _write(out, state)
        _submit_and_collect(client, name, scale, device, todo, out, state, progress)
    return state


def _check_same_sweep(out: Path, state: dict):
    """Resuming: the runs in ``out`` must be of the same model, scale and device, else :class:`InputError`."""
    try:
        earlier = json.loads((out / "sweep.json").read_text())
    except FileNotFoundError:
        if any((out / "runs").glob("*/results.json")):
            raise InputError(f"{out} holds runs but no sweep.json: use another --out") from None
        return
    except (OSError, ValueError) as e:
        raise InputError(f"{out / 'sweep.json'} cannot be read ({e}): use another --out") from None
    if any(earlier.get(k) != state[k] for k in ("model", "scale", "device")):
        raise InputError(
            f"{out} holds a sweep of {earlier.get('model')} at scale {earlier.get('scale')} on "
            f"{earlier.get('device')}: resume it with the same model, --scale and --device, or use "
            "another --out"
        )


def _reachable(address: str):
    """Fail at once where nothing listens at a tcp:// scheduler address (Dask would retry until its timeout)."""
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    if address.startswith("tcp://") and port.isdigit():
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()


class _client:
    """A dask.distributed client: of a local cluster of ``workers`` processes (default: the usable cores) with one
    thread each, or of the scheduler at ``scheduler``, reached within 10 s or :class:`InputError`."""

    def __init__(self, workers, scheduler):
        self.workers, self.scheduler, self.cluster, self.client = workers, scheduler, None, None

    def __enter__(self):
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                _reachable(self.scheduler)
                self.client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as e:
                raise InputError(
                    f"cannot reach the Dask scheduler at {self.scheduler} within 10 s "
                    f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no answer'})"
                ) from None
        else:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
            self.scratch = tempfile.mkdtemp(prefix="spikelearn-dask-")  # the workers' files, removed at the end
            dask.config.set({"temporary-directory": self.scratch})
            self.cluster = LocalCluster(
                n_workers=self.workers or cores,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                local_directory=self.scratch,
            )
            self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
        return False


def _submit_and_collect(client, name, scale, device, todo, out, state, progress):
    from distributed import as_completed

    start = time.perf_counter()
    futures = {
        client.submit(
            run_on_worker, name, scale, r["seed"], device, r["setting"], key=f"{name}:{r['key']}", pure=False
        ): r
        for r in todo
    }
    for r in todo:
        r["status"] = "running"
    _write(out, state)
    done = 0
    try:
        for future in as_completed(futures):
            r, done = futures[future], done + 1
            error = future.exception()
            if error is None:
                try:
                    _store(out / "runs" / r["key"], future.result())
                except (OSError, InputError) as e:  # e.g. the run's directory cannot be written
                    error = e
            if error is None:
                r["status"] = "finished"
            else:
                r.update(status="failed", error=f"{type(error).__name__}: {error}")
            future.release()
            _write(out, state)
            if progress:
                print(
                    f"[{done}/{len(todo)}] {r['key']}: {r['status']} ({time.perf_counter() - start:.0f} s)",
                    file=sys.stderr,
                )
    except BaseException:
        for future, r in futures.items():
            if r["status"] == "running":
                future.cancel()
                r["status"] = "pending"
        _write(out, state)
        raise


def _store(directory: Path, files: dict):
    """A run's files into ``directory``, all or none (results.json last)."""
    directory = output_directory(directory)
    with Staged(directory) as stage:
        for file_name, content in files.items():
            (stage.folder / file_name).write_bytes(content)


def _write(out: Path, state: dict):
    """sweep.json, summary.csv, sweep.png and index.html (:mod:`spikelearn.report`) from the runs finished so far."""
    state["summary"] = summarise(out, state)
    atomic_write(out / "sweep.json", json.dumps(state, indent=2, default=_json) + "\n")
    atomic_write(out / "summary.csv", _csv(state["summary"]))
    if any(s["n"] for s in state["summary"]):
        _figure(out, state["summary"])
    write_sweep_page(out)


def _json(value):
    return value.item() if isinstance(value, np.generic) else str(value)


def summarise(out: Path, state: dict) -> list:
    """Per setting: each claim's pass count ("passes in k of n seeds") and value statistics, and each scalar metric's
    statistics, over the seeds whose run finished."""
    summary = []
    for setting in grid(state["settings"]):
        results = [
            json.loads((out / "runs" / r["key"] / "results.json").read_text())
            for r in state["runs"]
            if r["setting"] == setting and r["status"] == "finished"
        ]
        claims = {}
        for result in results:
            for c in result["claims"]:
                claims.setdefault((c["claim"], c["target"]), []).append((c["passed"], c["value"]))
        metrics = {}
        for result in results:
            for key, v in _scalars(result["metrics"]):
                metrics.setdefault(key, []).append(v)
        summary.append(
            {
                "setting": setting,
                "n": len(results),
                "claims": [
                    {
                        "claim": claim,
                        "target": target,
                        "passed": sum(p for p, _ in found),
                        "n": len(found),
                        "text": f"passes in {sum(p for p, _ in found)} of {len(found)} seeds",
                        **_statistics([v for _, v in found]),
                    }
                    for (claim, target), found in claims.items()
                ],
                "metrics": {key: _statistics(values) for key, values in metrics.items()},
            }
        )
    return summary


def _scalars(metrics: dict, prefix: str = ""):
    """(dotted name, value) for every number in a nested dict of metrics (lists are left out)."""
    for key, value in metrics.items():
        if isinstance(value, dict):
            yield from _scalars(value, f"{prefix}{key}.")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield f"{prefix}{key}", float(value)


STATISTICS = ("mean", "sd", "min", "max")


def _statistics(values: list) -> dict:
    values = [v for v in values if v is not None and math.isfinite(v)]
    if not values:
        return dict.fromkeys(STATISTICS)
    return {
        "mean": float(np.mean(values)),
        "sd": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
        "min": float(np.min(values)),
        "max": float(np.max(values)),
    }


def _csv(summary: list) -> str:
    options = sorted({k for s in summary for k in s["setting"]})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*options, "kind", "name", "n", "passed", *STATISTICS])
    for s in summary:
        setting = [value_text(s["setting"][k]) for k in options]
        for c in s["claims"]:
            writer.writerow([*setting, "claim", c["claim"], c["n"], c["passed"], *(c[k] for k in STATISTICS)])
        for key, m in s["metrics"].items():
            writer.writerow([*setting, "metric", key, s["n"], "", *(m[k] for k in STATISTICS)])
    return buffer.getvalue()


def _figure(out: Path, summary: list, most: int = 6):
    """Each claim's value (mean +- sd over seeds, and each seed's) against the setting; up to ``most`` claims."""
    claims = list(dict.fromkeys(c["claim"] for s in summary for c in s["claims"]))[:most]
    labels = [",".join(f"{k}={value_text(v)}" for k, v in s["setting"].items()) or "all seeds" for s in summary]
    fig, axes = plotting.subplots(
        len(claims),
        1,
        figsize=(max(4.5, 1.2 * len(summary) + 2), 2.4 * len(claims)),
        squeeze=False,
        layout="constrained",
    )
    for ax, claim in zip(axes[:, 0], claims):
        for x, s in enumerate(summary):
            for c in (c for c in s["claims"] if c["claim"] == claim and c["mean"] is not None):
                ax.errorbar(x, c["mean"], yerr=c["sd"], fmt="o", color="C0", capsize=4)
                ax.plot([x, x], [c["min"], c["max"]], "_", color="C0", ms=10)
                ax.annotate(
                    f"{c['passed']}/{c['n']}", (x, c["max"]), textcoords="offset points", xytext=(6, 0), fontsize=8
                )
        ax.set_xticks(range(len(summary)), labels, rotation=20, ha="right")
        ax.set(ylabel="claim value", title=claim if len(claim) < 70 else claim[:67] + "...", xlabel="setting")
    axes[0, 0].figure.suptitle("mean +- sd over seeds (bar: min..max; k/n: seeds whose claim passed)", fontsize=9)
    plotting.save_figure(axes[0, 0], out, "sweep")
