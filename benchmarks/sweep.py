"""Benchmark: seeds of a spiking model through ``spikelearn sweep`` vs one ``spikelearn run`` process after another
as before the build cache (each with an empty cache, so each compiles), in one script on this machine.

Prints both wall times, their ratio and the number of compilations (runs whose ``timing.compiled`` shows a full
build). Goal: >= 3x on 2 cores for 8 seeds, 1 compilation vs 8. Both sides run the same model, scale and seeds; the
sweep uses a local cluster of ``--workers`` processes and an empty build cache of its own.

Usage: ``python benchmarks/sweep.py [--model stdp_bridge] [--scale 0.05] [--seeds 8] [--workers 2]``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def full_builds(timings: list) -> int:
    """Runs that compiled the whole project (more than main.cpp and objects.cpp)."""
    return sum(t["compiled"] > 2 for t in timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="stdp_bridge")
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sweep-benchmark-"))
    common = [args.model, "--scale", str(args.scale)]

    start = time.perf_counter()
    sequential = []
    for seed in range(args.seeds):
        out, cache = work / "sequential" / f"seed={seed}", tempfile.mkdtemp(dir=work)
        subprocess.run(
            [sys.executable, "-m", "spikelearn.cli", "run", *common, "--quiet", "--seed", str(seed), "--out", str(out)],
            check=True,
            env=dict(os.environ, XDG_CACHE_HOME=cache),
            stdout=subprocess.DEVNULL,
        )
        sequential.append(json.loads((out / "results.json").read_text())["timing"])
    sequential_s = time.perf_counter() - start

    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spikelearn.cli",
            "sweep",
            *common,
            "--quiet",
            "--seeds",
            f"0-{args.seeds - 1}",
            "--workers",
            str(args.workers),
            "--out",
            str(work / "sweep"),
        ],
        check=True,
        env=dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(dir=work)),
        stdout=subprocess.DEVNULL,
    )
    sweep_s = time.perf_counter() - start
    swept = [json.loads(p.read_text())["timing"] for p in (work / "sweep" / "runs").glob("*/results.json")]

    print(f"{args.model} --scale {args.scale}, {args.seeds} seeds")
    print(f"  sequential runs, each compiling: {sequential_s:7.1f} s, {full_builds(sequential)} compilations")
    print(f"  spikelearn sweep, {args.workers} workers: {sweep_s:7.1f} s, {full_builds(swept)} compilation(s)")
    print(f"  ratio: {sequential_s / sweep_s:.1f}x (goal >= 3x)")


if __name__ == "__main__":
    main()
