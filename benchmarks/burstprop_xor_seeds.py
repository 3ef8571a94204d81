"""Benchmark: spiking XOR (``burstprop_xor``) learned by several seeds, how long that takes, and what the noise costs.

1. Runs ``spikelearn run burstprop_xor`` for each seed (``--workers`` at a time, each a separate process with its
   own cached standalone build, see :mod:`spikelearn.devices`; 3 processes on the 2 cores, so that the fifth seed
   does not run alone) with the reduced-scale recipe of the README (350 epochs of 4 s, 100 neurons, no
   homeostasis) and prints, per seed, the output event rates of the final test pass, whether all four cases are on
   the right side of 6 Hz, and the build and simulation times; then the wall-clock total against the goal
   (5 seeds in 20 minutes on 2 cores).
2. ``--noise``: the circuit's five populations for ``--noise-duration`` with their background noise as four
   :class:`brian2.PoissonInput` per population vs :func:`spikelearn.inputs.poisson_inputs` (one random number
   per neuron and step), on cpp_standalone: the ratio of simulation times.

Measured here (seeds 0-4): all 5 learned; 19.4 min with an empty build cache (one compilation, copied by the other
runs), 17.9 min with the builds cached (the same rates); the noise alone (60 s) 8.9 s as
PoissonInputs vs 3.3 s (2.68x).

Usage: ``python benchmarks/burstprop_xor_seeds.py [--seeds 0 1 2 3 4] [--workers 3] [--scale 0.7]
[--example-s 4] [--out DIR] [--noise]``.
"""

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from brian2 import Network, PoissonInput, TimedArray, pA, second

from spikelearn.devices import Simulation
from spikelearn.models import burstprop_xor as xor

GOAL_S = 20 * 60


def run_seed(seed: int, args) -> dict:
    """One seed through the command line, as a user runs it; returns its results.json."""
    out = Path(args.out) / f"seed_{seed}"
    command = [
        sys.executable,
        "-m",
        "spikelearn.cli",
        "run",
        "burstprop_xor",
        "--quiet",
        "--scale",
        str(args.scale),
        "--seed",
        str(seed),
        "--out",
        str(out),
        "--set",
        "neurons=100",
        "--set",
        "homeostasis=false",
        "--set",
        f"example_s={args.example_s}",
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return json.loads((out / "results.json").read_text())


def seeds(args):
    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        results = dict(zip(args.seeds, pool.map(lambda s: run_seed(s, args), args.seeds)))
    wall = time.perf_counter() - start
    print(f"{'seed':>4}  {'00':>5} {'10':>5} {'01':>5} {'11':>5} (Hz)  learned  build (s)  sim (s)")
    for seed, r in results.items():
        rates = r["metrics"]["output_event_rate_after"]
        print(
            f"{seed:>4}  " + " ".join(f"{v:5.2f}" for v in rates) + f"       {str(r['claims'][0]['passed']):>5}"
            f"  {r['timing']['build_s']:9.0f}  {r['timing']['sim_s']:7.0f}"
        )
    learned = sum(r["claims"][0]["passed"] for r in results.values())
    print(
        f"learned: {learned} of {len(results)} seeds; wall clock {wall / 60:.1f} min with {args.workers} workers "
        f"({wall / GOAL_S:.2f} x the goal of 20 min for 5 seeds)"
    )


def noise_cost(duration, poisson_input: bool) -> float:
    """Simulation seconds of the five populations (N = 100 each) with their noise, one way or the other."""
    with Simulation("cpp_standalone", seed=0) as sim:
        groups, objects = xor.populations(
            dict.fromkeys(("in1", "in2", "h1", "h2", "out"), 100),
            duration,
            namespace={"I_in1": TimedArray([0.0] * pA, dt=duration), "I_in2": TimedArray([0.0] * pA, dt=duration)},
        )
        if poisson_input:  # replace each group's poisson_inputs by four PoissonInputs
            objects = [o for o in objects if not o.name.endswith("_noise")]
            for name, g in groups.items():
                rate, w_e, w_i = xor.SOMA_NOISE[name]
                d_rate, d_e, d_i = xor.DENDRITE_NOISE
                objects += [
                    PoissonInput(g, var, 1, r, weight=w)
                    for var, r, w in (
                        ("g_es", rate, w_e),
                        ("g_is", rate, w_i),
                        ("g_ed", d_rate, d_e),
                        ("g_id", d_rate, d_i),
                    )
                ]
        sim.run(Network(*objects), duration)
        sim.execute()
    return sim.sim_s


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.7)
    parser.add_argument("--example-s", type=float, default=4.0)
    parser.add_argument("--out", default="results/burstprop_xor_seeds")
    parser.add_argument("--noise", action="store_true", help="only compare the two ways of drawing the noise")
    parser.add_argument("--noise-duration", type=float, default=60.0, help="seconds simulated per noise run")
    args = parser.parse_args()
    if args.noise:
        duration = args.noise_duration * second
        separate, shared = noise_cost(duration, True), noise_cost(duration, False)
        print(
            f"noise of 5 x 100 neurons for {duration}: 4 PoissonInputs per group {separate:.1f} s, "
            f"poisson_inputs {shared:.1f} s (ratio {separate / shared:.2f})"
        )
    else:
        seeds(args)


if __name__ == "__main__":
    main()
