"""Benchmark: training images per second of ``diehl_cook_2015`` (the whole schedule inside one cpp_standalone run
per chunk) vs the loop of Brian2's own example (examples/frompapers/Diehl_Cook_2015.py: runtime mode, a ``run()``
of 350 ms and one of 150 ms per image, the weights normalised and the intensity rule applied in Python between
them), with the same N_e, the same parameters and initial weights, on the same Fashion-MNIST training images, in
one script on this machine.

The example's loop is timed per image after its network is built (its build, Cython compilation included, is
printed apart); ours includes code generation and compilation of every chunk. Goal: >= 50x; one epoch of 60,000
with 100 neurons in under 20 minutes on 2 cores (that figure comes from the full run, ``spikelearn run
diehl_cook_2015 --set dataset=fashion_mnist``, and its timing in results.json).

Usage: ``python benchmarks/diehl_cook.py [--neurons 100] [--baseline-images 20] [--images 2000]
[--target cython]``.
"""

import argparse
import time

import numpy as np
from brian2 import Hz, Network, PoissonGroup, SpikeMonitor, ms, prefs, second

from spikelearn import datasets
from spikelearn.circuits import diehl_cook as dc
from spikelearn.rules import triplet


def example_loop(params: dc.DiehlCook, images: np.ndarray, state: dc.State):
    """Brian2's example's training loop on ``images``: returns (build seconds, training seconds, cycles)."""
    start = time.perf_counter()
    inp = PoissonGroup(dc.N_INPUT, 0 * Hz, dt=params.dt)
    exc, inh, e_to_i, i_to_e = dc.layers(params, state, learn=True)
    syn = triplet.synapse_model(params.stdp, transmit="g_e_post += w").synapses(inp, exc, dt=params.dt)
    syn.connect()
    syn.w, syn.delay = state.weights.T.ravel(), state.delays.T.ravel() * second
    spikes = SpikeMonitor(exc)
    net = Network(inp, exc, inh, syn, e_to_i, i_to_e, spikes)
    net.run(0 * ms)
    build_s = time.perf_counter() - start
    start, cycles = time.perf_counter(), 0
    for image in images:
        intensity = params.intensity_0
        while True:
            weights = np.asarray(syn.w[:]).reshape(dc.N_INPUT, params.n_e)  # (n_pre, n_post): the synapses' order
            syn.w = (weights * params.w_total / weights.sum(axis=0)).ravel()
            before = spikes.num_spikes
            inp.rates = image * intensity * params.rate_per_intensity
            net.run(params.t_present)
            count = spikes.num_spikes - before
            inp.rates = 0 * Hz
            net.run(params.t_rest)
            cycles += 1
            if count >= params.min_spikes:
                break
            intensity += 1
    return build_s, time.perf_counter() - start, cycles


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=100)
    parser.add_argument("--baseline-images", type=int, default=20)
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--target", default="cython", choices=("cython", "numpy"))
    args = parser.parse_args()
    data = datasets.load("fashion_mnist")
    params = dc.DiehlCook(n_e=args.neurons)
    state = dc.initial_state(params, np.random.default_rng(0))
    images = data.x_train[: max(args.images, args.baseline_images)].astype(float)

    start = time.perf_counter()
    shown, _ = dc.present(params, images[: args.images], state, True, seed=0, device="cpp_standalone")
    ours_s = time.perf_counter() - start
    prefs.codegen.target = args.target
    build_s, loop_s, cycles = example_loop(params, images[: args.baseline_images], state)

    ours = args.images / ours_s
    theirs = args.baseline_images / loop_s
    print(f"Diehl & Cook, {args.neurons} excitatory neurons, Fashion-MNIST training images")
    print(
        f"  Brian2 example's loop ({args.target}): build {build_s:.1f} s, then {args.baseline_images} images "
        f"({cycles} cycles) in {loop_s:.1f} s: {theirs:.2f} images/s"
    )
    print(
        f"  diehl_cook_2015 (cpp_standalone): {args.images} images ({len(shown.rows)} cycles) in {ours_s:.1f} s "
        f"(build {shown.timing['build_s']:.1f} s, simulate {shown.timing['sim_s']:.1f} s): {ours:.1f} images/s"
    )
    per_cycle = (len(shown.rows) / ours_s) / (cycles / loop_s)
    print(
        f"  ratio: {ours / theirs:.0f}x in images/s, {per_cycle:.0f}x in cycles/s (goal >= 50x); "
        "one epoch of 60,000 at this rate: "
        f"{60_000 / ours / 60:.0f} min (ours), {60_000 / theirs / 3600:.1f} h (the example's loop)"
    )


if __name__ == "__main__":
    main()
