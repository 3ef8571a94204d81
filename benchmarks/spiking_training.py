"""Benchmark: training throughput of the spiking FA network, one ``run()`` per schedule vs one per example.

The network of ``spiking_fa_digits`` (64-100-10) trains on N digits (100 ms each). Three ways, in one process:

- runtime mode, a ``run()`` per example (the naive loop: Brian2's fixed cost per run, ~0.1 s, each time);
- runtime mode, one ``run()`` for all N examples (the schedule in TimedArrays);
- cpp_standalone, one ``run()`` (the models' default; its compilation is reported separately).

The same network and schedule in all three (the stimulus TimedArrays are indexed by absolute time, so the
per-example loop presents the same images). Prints examples per second and the ratios (target: the models'
way, one cpp_standalone run, >= 20x the naive per-example loop). Measured here (100 examples): per-example
runtime 1.1 examples/s, one runtime run 6.6/s (5.9x), one cpp_standalone run 2200/s (~2000x, + 20 s compile).
Usage: ``python benchmarks/spiking_training.py [--examples N]``.
"""

import argparse
import time

import numpy as np

from spikelearn import datasets
from spikelearn.circuits.fa_network import FAConfig, build_fa_network, run_fa_network
from spikelearn.devices import Simulation
from spikelearn.models.spiking_fa_digits import PARAMS, SIZES, T, initial_weights


def runtime(x, y, weights, per_example: bool) -> float:
    """Seconds to simulate the schedule in runtime mode (after building), one run or one per example."""
    with Simulation("runtime", seed=0):
        circuit = build_fa_network(x, y, np.ones(len(x)), *weights, FAConfig(PARAMS, T=T))
        start = time.perf_counter()
        if per_example:
            for _ in range(len(x)):
                circuit.network.run(T)
        else:
            circuit.network.run(len(x) * T)
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    args = parser.parse_args()
    data = datasets.load("digits")
    x, y = data.x_train[: args.examples], data.y_train[: args.examples]
    weights = initial_weights(SIZES, np.random.default_rng(0))
    runtime(x[:5], y[:5], weights, per_example=False)  # compile the Cython code objects once, untimed
    per_example = runtime(x, y, weights, per_example=True)
    one_run = runtime(x, y, weights, per_example=False)
    standalone = run_fa_network(x, y, np.ones(len(x)), *weights, FAConfig(PARAMS, T=T)).timing
    n = args.examples
    print(f"runtime, run() per example   {n / per_example:8.1f} examples/s")
    print(f"runtime, one run()           {n / one_run:8.1f} examples/s")
    print(
        f"cpp_standalone, one run()    {n / standalone['sim_s']:8.1f} examples/s "
        f"(+ {standalone['build_s']:.0f} s to generate and compile)"
    )
    print(
        f"one run() in cpp_standalone (the models' way) / run() per example in runtime = "
        f"{per_example / standalone['sim_s']:.0f}x (target >= 20)"
    )
    print(f"within runtime mode: one run() / run() per example = {per_example / one_run:.1f}x")
    print(f"cpp_standalone / runtime, one run() = {one_run / standalone['sim_s']:.0f}x")


if __name__ == "__main__":
    main()
