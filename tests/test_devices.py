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


def spike_times(seed: int, cache=True, duration=200 * ms):
    """The spikes of a small noisy network and the run's timing."""
    with Simulation("cpp_standalone", seed=seed, cache=cache) as sim:
        group = NeuronGroup(
            20,
            "dv/dt = -v / (10 * ms) + xi / sqrt(10 * ms) : 1",
            threshold="v > 1",
            reset="v = 0",
            method="euler",
            name="noisy",
        )  # fixed names: the same code in every run
        group.v = np.random.default_rng(seed).uniform(0, 1, 20)  # data drawn in numpy: a static array
        spikes = SpikeMonitor(group, name="spikes")
        sim.run(Network(group, spikes), duration)
        sim.execute()
        return np.asarray(spikes.t / ms), sim.timing


def slots(root: Path) -> list:
    return sorted(p for key in root.iterdir() for p in key.iterdir())


def object_times(slot: Path) -> dict:
    return {p.relative_to(slot): p.stat().st_mtime_ns for p in slot.rglob("*.o")}


@pytest.mark.slow  # ~25 s: two standalone builds
def test_a_structure_compiles_once_for_every_seed_and_duration(cache_home):
    first, timing = spike_times(1)
    [slot] = slots(devices.cache_root())
    objects = object_times(slot)
    assert timing["compiled"] == len(objects) > 3 and not (slot / "results").exists()
    again, again_timing = spike_times(1)
    other, other_timing = spike_times(2)
    longer, longer_timing = spike_times(2, duration=300 * ms)
    # the same seed gives the same run, another seed another one, with nothing but main.cpp recompiled (Brian2
    # orders a few of its lines differently from one process to the next), nor a new slot made
    assert np.array_equal(again, first) and len(first) > 10 and not np.array_equal(other, first)
    assert longer[-1] > 200 and np.array_equal(longer[longer < 200], other)
    assert slots(devices.cache_root()) == [slot]
    rebuilt = {p.name for p, t in objects.items() if object_times(slot)[p] != t}
    assert rebuilt <= {"main.o", "objects.o"} and max(again_timing["compiled"], other_timing["compiled"]) <= 1
    assert np.array_equal(spike_times(1, cache=False)[0], first)  # the uncached build agrees


@pytest.mark.slow  # ~15 s: one standalone build, one copy
def test_a_new_slot_starts_from_a_built_one(cache_home):
    first, _ = spike_times(1)
    [slot] = slots(devices.cache_root())
    directory, lock, build = devices._locked_slot(slot.parent.name.split("-")[0])  # slot 0 busy, built
    build.close()
    second, timing = spike_times(2)  # runs in slot 1, copied from slot 0
    lock.close()
    copy = slot.parent / "1"
    assert Path(directory) == slot and timing["compiled"] <= 1  # main.cpp at most
    assert {p: t for p, t in object_times(copy).items() if p.name.endswith("codeobject.o")} == {
        p: t for p, t in object_times(slot).items() if p.name.endswith("codeobject.o")
    }
    assert np.array_equal(second, spike_times(2, cache=False)[0]) and not np.array_equal(second, first)


def test_parallel_runs_take_separate_slots_and_cache_is_a_flag(cache_home):
    directory, lock, build = devices._locked_slot("net")
    build.close()
    other, other_lock, other_build = devices._locked_slot("net")
    assert Path(directory).name == "0" and Path(other).name == "1"
    lock.close()
    again, again_lock, again_build = devices._locked_slot("net")  # slot 0 is free again
    assert again == directory
    for f in (again_lock, again_build, other_lock, other_build):
        f.close()
    with pytest.raises(ValueError, match="cache must be True or False"):
        Simulation("cpp_standalone", cache="../elsewhere")


def test_the_structure_key_ignores_data_files(tmp_path):
    for name, text in {
        "code_objects/a.cpp": "int a;",
        "main.cpp": "seed 1",
        "objects.cpp": "n = 7",
        "static_arrays/w": "0.5",
        "makefile": "all:",
    }.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    key = devices.structure_key(tmp_path)
    (tmp_path / "main.cpp").write_text("seed 2")
    (tmp_path / "objects.cpp").write_text("n = 9")
    (tmp_path / "static_arrays" / "w").write_text("0.7")
    (tmp_path / "code_objects" / "a.o").write_text("built")
    assert devices.structure_key(tmp_path) == key
    (tmp_path / "code_objects" / "a.cpp").write_text("int b;")
    assert devices.structure_key(tmp_path) != key


def test_a_runtime_run_that_stops_early_raises_instead_of_returning():
    with Simulation("runtime") as sim:
        group = NeuronGroup(1, "v : 1", name="g")
        halt = NetworkOperation(lambda t: stop() if t >= 5 * ms else None, dt=1 * ms)
        stopped = r"the simulation stopped at 5\.1 ms of 20\. ms: an incomplete run has no results"
        with pytest.raises(RuntimeError, match=stopped):
            sim.run(Network(group, halt), 20 * ms)
