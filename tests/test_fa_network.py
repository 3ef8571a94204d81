import io

import numpy as np
import pytest
from brian2 import Hz, ms

from spikelearn.checks import InputError
from spikelearn.circuits.fa_network import (
    LAYOUT,
    FAConfig,
    check_shapes,
    load_weights,
    run_fa_network,
    save_weights,
)


def _two_class(n_examples, rng):
    """Two 8-pixel patterns (left half on / right half on), labels 0 / 1."""
    labels = rng.integers(0, 2, n_examples)
    x = np.zeros((n_examples, 8))
    x[labels == 0, :4] = 1
    x[labels == 1, 4:] = 1
    return x, labels


def _correct(counts, y, rng):
    return (counts + rng.uniform(0, 1e-3, counts.shape)).argmax(axis=1) == y


def _tiny(rng):
    W_in = rng.uniform(-0.5, 0.5, (8, 20)).T  # (n_post, n_pre)
    W_out = rng.uniform(-0.1, 0.1, (20, 2)).T  # outputs start nearly silent and alike
    B = rng.uniform(-0.2, 0.2, (2, 20))
    return [W_in, W_out], [(B - B.mean(axis=0)).T]  # zero mean over the classes for each hidden unit


def test_tiny_network_learns_a_two_class_problem_and_its_saved_weights_test_the_same(tmp_path):
    rng = np.random.default_rng(0)
    x, y = _two_class(300, rng)
    learn = np.r_[np.zeros(60), np.ones(180), np.zeros(60)]  # test, train, test
    weights, feedback = _tiny(rng)
    run = run_fa_network(x, y, learn, weights, feedback, device="runtime")
    correct = _correct(run.counts, y, rng)
    before, after = correct[:60].mean(), correct[240:].mean()
    assert before < 0.75 and after > 0.95
    # the trained network, saved and reloaded, gives the same test counts as the one in memory (same seed)
    save_weights(tmp_path / "trained.npz", run.weights, feedback)
    reloaded, reloaded_feedback, mode = load_weights(tmp_path / "trained.npz")
    x_test, y_test = x[270:], y[270:]
    tests = [
        run_fa_network(x_test, y_test, np.zeros(30), w, b, FAConfig(mode=m), seed=7, device="runtime").counts
        for w, b, m in ((run.weights, feedback, "fa"), (reloaded, reloaded_feedback, mode))
    ]
    assert np.array_equal(tests[0], tests[1])
    assert _correct(tests[1], y_test, rng).mean() > 0.95


def test_error_neurons_push_the_output_towards_the_label_rate():
    """No hidden learning (B = 0), outputs start silent: the label's output unit must come to fire,
    the other stay silent."""
    rng = np.random.default_rng(1)
    x, y = _two_class(300, rng)
    W_in = rng.uniform(0, 0.5, (8, 20)).T
    run = run_fa_network(
        x,
        y,
        np.r_[np.ones(200), np.zeros(100)],
        [W_in, np.zeros((2, 20))],
        [np.zeros((20, 2))],
        device="runtime",
    )
    test = run.counts[200:]
    own = test[np.arange(100), y[200:]]
    other = test[np.arange(100), 1 - y[200:]]
    # measured: 3.8 vs 1.4 spikes per 100 ms after 200 examples (from 0 and 0)
    assert own.mean() > 2 and own.mean() > 2 * other.mean()
    assert np.all(run.weights[0] == W_in)  # B = 0: the hidden dendrites get no error, their inputs do not change


def test_feedback_shapes_follow_the_mode():
    weights = [np.zeros((20, 8)), np.zeros((15, 20)), np.zeros((2, 15))]  # (n_post, n_pre)
    check_shapes(weights, [np.zeros((20, 15)), np.zeros((15, 2))], "fa")  # B_2 in place of W_2^T
    check_shapes(weights, [np.zeros((20, 2)), np.zeros((15, 2))], "dfa")  # from the errors to every layer
    with pytest.raises(ValueError, match=r"feedback should be \[\(20, 15\), \(15, 2\)\]"):
        check_shapes(weights, [np.zeros((20, 2)), np.zeros((15, 2))], "fa")
    with pytest.raises(ValueError, match="feedback mode"):
        check_shapes(weights, [np.zeros((20, 2)), np.zeros((15, 2))], "bp")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(labels=np.array([0, 5])), "labels must be 2 integers in"),
        (dict(weights=[np.zeros((20, 8)), np.zeros((2, 7))]), "do not chain"),
        (dict(x=np.zeros((2, 9))), r"x must have shape \(n_examples, 8\)"),
        (dict(weights=[np.zeros((20, 8)), np.zeros(20)]), "need at least two 2-D layers"),
        (dict(labels=np.array([0.0, 1.0])), "labels must be 2 integers in .* dtype float64"),
        (dict(x=np.zeros((0, 8)), labels=np.array([], dtype=int), learn=np.ones(0)), r"n_examples >= 1, got \(0, 8\)"),
        (dict(x=np.full((2, 8), 1.5)), r"x must be pixel values in \[0, 1\] .* got 16 outside, e.g. 1.5"),
        (dict(x=np.full((2, 8), -0.1)), r"x must be pixel values in \[0, 1\]"),
        (dict(x=np.full((2, 8), np.nan)), "x must be finite, got 16 NaN"),
        (dict(x=[["a"] * 8] * 2), "x must be an array of numbers"),
        (dict(learn=np.ones(3)), r"learn must have one entry per example, shape \(2,\), got \(3,\)"),
        (dict(learn=np.array([0.5, 1])), "learn must be 0 or 1 .* got 0.5"),
        (dict(learn=np.array([np.nan, 1])), "learn must be 0 or 1 .* got nan"),
        (dict(T=10), "T must be in units of second, got 10"),
        (dict(T=-10 * ms), "T must be > 0"),
        (dict(T=[10, 20] * ms), "T must be a scalar"),
        (dict(dt=10 * ms), "dt must be shorter than the presentation time T = 10. ms, got 10. ms"),
        (dict(dt=np.inf * ms), "dt must be finite"),
        (dict(max_rate=200), "max_rate must be in units of hertz"),
        (dict(label_rate=-5 * Hz), "label_rate must be > 0"),
        (dict(params=None), "params must be a SpikingFA, got None"),
        (dict(snapshot_every=0), "snapshot_every must be an integer >= 1, got 0"),
        (dict(snapshot_every=1.5), "snapshot_every must be an integer >= 1, got 1.5"),
        (dict(weights=[np.full((20, 8), np.nan), np.zeros((2, 20))]), "weights W1 must be finite, got 160 NaN"),
        (dict(feedback=[np.full((20, 2), np.inf)]), "feedback B1 must be finite, got 40 NaN or infinite"),
    ],
)
def test_bad_inputs(kwargs, match):
    args = dict(
        x=np.zeros((2, 8)),
        labels=np.array([0, 1]),
        learn=np.ones(2),
        weights=[np.zeros((20, 8)), np.zeros((2, 20))],
        feedback=[np.zeros((20, 2))],
        device="runtime",
    )
    config = dict(T=10 * ms)
    for key, value in kwargs.items():
        (config if key in FAConfig.__dataclass_fields__ else args)[key] = value
    with pytest.raises(InputError, match=match) as error:
        run_fa_network(**args, config=FAConfig(**config))
    assert "\n" not in str(error.value)


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _saved(**arrays) -> bytes:
    """An archive as save_weights writes it (with its layout) holding ``arrays``."""
    return _npz(layout=LAYOUT, **arrays)


def _flipped(data: bytes) -> bytes:
    """``data`` with 16 bytes in the middle (inside W1's values) inverted."""
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 16]) + data[middle + 16 :]


W, B = [np.ones((20, 8)), np.ones((2, 20))], [np.ones((20, 2))]


@pytest.mark.parametrize(
    "content, match",
    [
        (lambda good: good[: len(good) // 2], "damaged: File is not a zip file"),
        (_flipped, "damaged: Bad CRC-32 for file 'W1.npy'"),
        (lambda good: np.random.default_rng(0).bytes(len(good)), r"not an \.npz archive\)$"),
        (lambda good: _npy(W[0]), r"a single \.npy array"),
        (lambda good: _npz(mode="fa", W1=W[0], W2=W[1], B1=B[0]), r"layout of spikelearn 0\.1, \(n_pre, n_post\)"),
        (
            lambda good: _saved(mode="fa", W1=W[0], W3=W[1], B1=B[0]),
            r"\(missing W2, B2\)",
        ),  # W3 would fit W1
        (lambda good: _saved(mode="fa", W1=W[0], W2=W[1]), r"\(missing B1\)"),
        (lambda good: _saved(mode="fa", W1=W[0], W2=W[1], B1=B[0], B2=B[0]), r"\(unexpected B2\)"),
        (
            lambda good: _saved(mode="bp", W1=W[0], W2=W[1], B1=B[0]),
            "bad.npz: feedback mode must be one of",
        ),
        (
            lambda good: _saved(mode="fa", W1=W[0] * np.nan, W2=W[1], B1=B[0]),
            "bad.npz: weights W1 must be finite",
        ),
        (
            lambda good: _saved(mode="fa", W1=W[0], W2=W[1], B1=B[0] * np.inf),
            "bad.npz: feedback B1 must be finite",
        ),
        (
            lambda good: _saved(mode="fa", W1=W[0], W2=W[1][:, :5], B1=B[0]),
            "bad.npz: shapes: .* do not chain",
        ),
    ],
)
def test_damaged_or_foreign_weight_files_are_refused_in_one_line(tmp_path, content, match):
    good = save_weights(tmp_path / "good.npz", W, B).read_bytes()
    (tmp_path / "bad.npz").write_bytes(content(good))
    with pytest.raises(InputError, match=match) as error:
        load_weights(tmp_path / "bad.npz")
    message = str(error.value)
    assert message.startswith(str(tmp_path / "bad.npz")) and "\n" not in message and "allow_pickle" not in message


def test_saved_weights_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved weights at"):
        load_weights(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_text("not an npz")
    with pytest.raises(ValueError, match="is not a weights file"):
        load_weights(tmp_path / "junk.npz")
    with pytest.raises(ValueError, match="do not chain"):  # nothing is written for a bad network
        save_weights(tmp_path / "bad.npz", [np.zeros((20, 8)), np.zeros((2, 7))], [np.zeros((20, 2))])
    assert not (tmp_path / "bad.npz").exists()


def test_two_hidden_layers_learn_with_relayed_fa_feedback():
    """FA through two hidden layers: the lower layer's dendrite reads the gated error of the upper one through B_2."""
    rng = np.random.default_rng(2)
    x, y = _two_class(240, rng)
    weights = [rng.uniform(-0.5, 0.5, (8, 20)).T, rng.uniform(-0.5, 0.5, (20, 20)).T, rng.uniform(-0.1, 0.1, (20, 2)).T]
    B_top = rng.uniform(-0.2, 0.2, (2, 20))
    feedback = [(rng.uniform(-1, 1, (20, 20)) * np.sqrt(6 / 20)).T, (B_top - B_top.mean(axis=0)).T]
    run = run_fa_network(
        x, y, np.r_[np.ones(180), np.zeros(60)], weights, feedback, FAConfig(mode="fa"), device="runtime"
    )
    assert _correct(run.counts[180:], y[180:], rng).mean() > 0.95
    assert not np.array_equal(run.weights[0], weights[0])  # the lowest layer learned from relayed error


def test_weights_are_n_post_by_n_pre():
    """W1[3, 0] alone connects input pixel 0 to hidden unit 3: only that unit fires, and the weights come back as
    they went in (learning off)."""
    W_in = np.zeros((20, 8))
    W_in[3, 0] = 1.0
    x = np.zeros((5, 8))
    x[:, 0] = 1
    config = FAConfig(record_spikes=True)
    run = run_fa_network(
        x, np.zeros(5, int), np.zeros(5), [W_in, np.zeros((2, 20))], [np.zeros((20, 2))], config, device="runtime"
    )
    hidden, _ = run.spikes["hid1"]
    assert len(hidden) > 10 and set(hidden.tolist()) == {3}
    assert np.array_equal(run.weights[0], W_in) and run.weights[1].shape == (2, 20)
