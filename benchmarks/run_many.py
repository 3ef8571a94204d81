"""Benchmark: what a spiking model's build costs on its first run, on a second run and for a new seed.

For every spiking model (or those named), in a fresh build cache of its own: ``spikelearn run NAME --seed 0``
(compiles the standalone project), the same again (nothing to compile), then ``--seed 1``; each a separate process,
as a user runs them. Prints, per model, build_s and the number of C++ files compiled (``timing`` in results.json) for
the three runs, and the ratio first / second. Goal: a second run's build under 2 s. ``build_s`` is everything before
the binary runs: building the network in Python, generating the code (Brian2), bringing it into the cached build,
``make``.

Usage: ``python benchmarks/run_many.py [--models stdp_window oja_pca ...] [--scale 0.05] [--out DIR]``
(burstprop_xor runs at scale 0.004, two epochs).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from spikelearn import models
from spikelearn.worker import run_arguments

SCALES = {"burstprop_xor": 0.004}  # its scale sets epochs of 8 s: 2 epochs here


def run(name: str, seed: int, scale: float, out: Path, cache: Path) -> dict:
    directory = out / f"{name}-seed{seed}"
    command = [
        sys.executable,
        "-m",
        "spikelearn.cli",
        *run_arguments(name, scale, seed),
        "--quiet",
        "--out",
        str(directory),
    ]
    subprocess.run(command, check=True, env=dict(os.environ, XDG_CACHE_HOME=str(cache)), stdout=subprocess.DEVNULL)
    return json.loads((directory / "results.json").read_text())["timing"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=list(models.SPIKING))
    parser.add_argument("--scale", type=float, default=0.05, help="small: the simulations are not the point")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="run_many-"))
    print(f"{'model':<24} {'first build_s':>13} {'second':>8} {'new seed':>9} {'first/second':>13}   files compiled")
    for name in args.models:
        cache = Path(tempfile.mkdtemp(prefix=f"cache-{name}-"))
        scale = SCALES.get(name, args.scale)
        first, second, seed = (run(name, s, scale, out, cache) for s in (0, 0, 1))
        print(
            f"{name:<24} {first['build_s']:>13.1f} {second['build_s']:>8.1f} {seed['build_s']:>9.1f} "
            f"{first['build_s'] / second['build_s']:>12.0f}x   {first['compiled']} / {second['compiled']} / "
            f"{seed['compiled']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
