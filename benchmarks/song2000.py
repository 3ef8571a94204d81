"""Benchmark: the Song, Miller & Abbott (2000) neuron through spikelearn vs as a plain Brian2 script.

One neuron, 1000 plastic excitatory inputs at 20 Hz, 200 inhibitory inputs, in one process:

1. spikelearn (``poisson_group`` + ``convergent_circuit`` + ``stdp.synapse_model``) vs the same
   network written by hand in plain Brian2, on the same device: the ratio of simulation times is
   the library's overhead (target <= 1.1);
2. the same, with the inputs as a plain ``PoissonGroup`` (what a Brian2 script usually does):
   what the interval-sampled sources of ``spikelearn.inputs`` save;
3. runtime vs cpp_standalone for the spikelearn network.

Usage: ``python benchmarks/song2000.py [--duration SECONDS] [--repeats N]``.
"""

import argparse
import time

import brian2
import numpy as np
from brian2 import Hz, Network, NeuronGroup, PoissonGroup, PoissonInput, SpikeMonitor, Synapses, mV, second

from spikelearn.circuits.convergent import Inhibition, convergent_circuit
from spikelearn.devices import Simulation
from spikelearn.inputs import poisson_group
from spikelearn.rules import stdp

G_MAX, N_E, RATE = 0.015, 1000, 20 * Hz


def spikelearn_network(w0):
    rule = stdp.PairSTDP(A_plus=0.005 * G_MAX, A_minus=0.00525 * G_MAX, w_max=G_MAX)
    circuit = convergent_circuit(
        poisson_group(N_E, RATE),
        N_E,
        w0,
        stdp.synapse_model(rule, "g_e_post += w"),
        inhibition=Inhibition(200, 10 * Hz, 0.05),
    )
    return circuit.network, circuit.spikes


def plain_network(w0, poisson: bool):
    """The Song neuron as one would write it directly in Brian2 (cf. brian2/examples/synapses/STDP.py)."""
    if poisson:
        inputs = PoissonGroup(N_E, RATE)
    else:
        inputs = NeuronGroup(
            N_E, "rate : Hz\nt_next : second", threshold="t >= t_next", reset="t_next = t - log(1 - rand()) / rate"
        )
        inputs.rate = RATE
        inputs.t_next = "-log(1 - rand()) / rate"
    neuron = NeuronGroup(
        1,
        """dv/dt = (-70*mV - v + g_e*(0*mV - v) + g_i*(-70*mV - v)) / (20*ms) : volt
                               dg_e/dt = -g_e / (5*ms) : 1
                               dg_i/dt = -g_i / (5*ms) : 1""",
        threshold="v > -54*mV",
        reset="v = -60*mV",
        method="exponential_euler",
    )
    neuron.v = -70 * mV
    synapses = Synapses(
        inputs,
        neuron,
        """w : 1
                                           dx/dt = -x / (20*ms) : 1 (event-driven)
                                           dy/dt = -y / (20*ms) : 1 (event-driven)""",
        on_pre="g_e_post += w\nx += 1\nw = clip(w - 0.00525*0.015*y, 0, 0.015)",
        on_post="y += 1\nw = clip(w + 0.005*0.015*x, 0, 0.015)",
    )
    synapses.connect()
    synapses.w = w0
    spikes = SpikeMonitor(neuron)
    return Network(inputs, neuron, synapses, PoissonInput(neuron, "g_i", 200, 10 * Hz, weight=0.05), spikes), spikes


def timed(build, device, duration, seed=0):
    """(simulation seconds, total seconds, output spikes) of one network on ``device``."""
    start = time.perf_counter()
    with Simulation(device, seed=seed) as sim:
        net, spikes = build()
        sim.run(net, duration)
        sim.execute()
        return sim.timing["sim_s"], time.perf_counter() - start, int(spikes.num_spikes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=200.0, help="biological time in s (default 200)")
    parser.add_argument("--repeats", type=int, default=3, help="take the best of N runs (default 3)")
    args = parser.parse_args()
    duration = args.duration * second
    w0 = np.random.default_rng(0).uniform(0, G_MAX, N_E)
    builds = {
        "spikelearn": lambda: spikelearn_network(w0),
        "plain Brian2 (same sources)": lambda: plain_network(w0, False),
        "plain Brian2 (PoissonGroup)": lambda: plain_network(w0, True),
    }
    best = {}
    for label, build in builds.items():
        runs = [timed(build, "cpp_standalone", duration, seed) for seed in range(args.repeats)]
        best[label] = min(r[0] for r in runs)
        print(
            f"cpp_standalone  {label:<28} simulate {best[label]:7.2f} s (best of {args.repeats}), "
            f"with build {min(r[1] for r in runs):6.1f} s, "
            f"output {np.mean([r[2] for r in runs]) / args.duration:.1f} Hz"
        )
    runtime_s = min(timed(builds["spikelearn"], "runtime", duration / 10, seed)[0] for seed in range(2)) * 10
    print(f"runtime         spikelearn (1/10 of the duration, x10)    simulate {runtime_s:7.2f} s")
    print()
    print(
        f"overhead: spikelearn / plain Brian2, same network        "
        f"{best['spikelearn'] / best['plain Brian2 (same sources)']:.2f}x"
        "  (target <= 1.1)"
    )
    print(
        f"speed-up: plain PoissonGroup / spikelearn sources          "
        f"{best['plain Brian2 (PoissonGroup)'] / best['spikelearn']:.2f}x"
    )
    print(f"speed-up: runtime / cpp_standalone (spikelearn)           {runtime_s / best['spikelearn']:.1f}x")
    print(f"(brian2 {brian2.__version__}, codegen target for runtime: {brian2.prefs.codegen.target})")


if __name__ == "__main__":
    main()
