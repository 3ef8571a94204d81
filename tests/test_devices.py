import os
from pathlib import Path

import numpy as np
import pytest
from brian2 import Network, NetworkOperation, NeuronGroup, SpikeMonitor, ms, stop

from spikelearn import devices
from spikelearn.devices import Simulation


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def spike_times(seed: int, cache=None) -> np.ndarray:
    with Simulation("cpp_standalone", seed=seed, cache=cache) as sim:
        group = NeuronGroup(20, "dv/dt = -v / (10 * ms) + xi / sqrt(10 * ms) : 1", threshold="v > 1", reset="v = 0",
                            method="euler", name="noisy")   # fixed names: the same code in every run
        spikes = SpikeMonitor(group, name="spikes")
        sim.run(Network(group, spikes), 200 * ms)
        sim.execute()
        return np.asarray(spikes.t / ms)


@pytest.mark.slow  # ~20 s: four standalone builds
def test_cached_project_is_rebuilt_incrementally_and_keeps_no_results(cache_home):
    first = spike_times(1, cache="noise")
    slot = Path(devices.cache_root()) / next(os.walk(devices.cache_root()))[1][0] / "0"
    objects = {p: p.stat().st_mtime_ns for p in slot.rglob("*.o")}
    assert len(objects) > 3 and not (slot / "results").exists()
    again, other = spike_times(1, cache="noise"), spike_times(2, cache="noise")
    # the same seed gives the same run, another seed another one; main.cpp (where the seed is set) and Brian2's
    # library files (copied anew) recompile, the model's code objects do not
    assert np.array_equal(again, first) and len(first) > 10 and not np.array_equal(other, first)
    rebuilt = {p.name for p, t in objects.items() if p.stat().st_mtime_ns != t}
    assert "main.o" in rebuilt and not any(name.endswith("codeobject.o") for name in rebuilt)
    assert any(p.name.endswith("codeobject.o") for p in objects)
    assert np.array_equal(spike_times(1), first)   # the uncached build agrees


@pytest.mark.slow  # ~15 s: one standalone build, one copy
def test_a_new_slot_starts_from_a_built_one(cache_home):
    first = spike_times(1, cache="noise")
    directory, lock, build = devices._locked_slot("noise")    # slot 0 busy (compiled: its build lock let go)
    build.close()
    second = spike_times(2, cache="noise")                     # runs in slot 1, copied from slot 0
    lock.close()
    slots = [Path(directory).parent / k for k in ("0", "1")]
    objects = [{p.name: p.stat().st_mtime_ns for p in slot.rglob("*codeobject.o")} for slot in slots]
    assert len(objects[0]) > 3 and objects[1] == objects[0]    # copied with their times, not recompiled
    assert np.array_equal(second, spike_times(2)) and not np.array_equal(second, first)


def test_parallel_runs_take_separate_slots_and_bad_names_are_refused(cache_home):
    directory, lock, build = devices._locked_slot("net")
    build.close()
    other, other_lock, other_build = devices._locked_slot("net")
    assert Path(directory).name == "0" and Path(other).name == "1"
    lock.close()
    again, again_lock, again_build = devices._locked_slot("net")   # slot 0 is free again
    assert again == directory
    for f in (again_lock, again_build, other_lock, other_build):
        f.close()
    with pytest.raises(ValueError, match="cache must be a name"):
        Simulation("cpp_standalone", cache="../elsewhere")


def test_a_runtime_run_that_stops_early_raises_instead_of_returning():
    with Simulation("runtime") as sim:
        group = NeuronGroup(1, "v : 1", name="g")
        halt = NetworkOperation(lambda t: stop() if t >= 5 * ms else None, dt=1 * ms)
        stopped = r"the simulation stopped at 5\.1 ms of 20\. ms: an incomplete run has no results"
        with pytest.raises(RuntimeError, match=stopped):
            sim.run(Network(group, halt), 20 * ms)
