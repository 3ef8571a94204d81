"""Stopping a run: SIGINT (Ctrl-C), SIGTERM and SIGHUP become an :class:`Interrupted` exception, and the child
processes a simulation starts (``make`` with its compilers) end with it.

Brian2 turns Ctrl-C during a runtime ``run()`` into a request to stop early, after which the run returns as if it
had finished; a standalone project is compiled by ``os.system``, which ignores Ctrl-C in the calling process and
defers every other signal until the compiler is done. Within :func:`signals_raise` none of that happens: the first
of these signals raises ``Interrupted`` at once (Python's handlers run in the main thread, between bytecodes and
when a wait for a child process is interrupted); later ones are ignored while the run cleans up, which ends in
bounded time. :func:`run_process` runs a command in a process group of its own, so that the whole group, not only
its leader, is ended when the wait for it is interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from contextlib import contextmanager

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_activity = ["starting"]
_state = {"depth": 0, "stopping": False}


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal; ``activity`` says what it was doing, ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int, activity: str):
        self.signum, self.activity = signum, activity
        self.exit_code = 128 + signum
        super().__init__(f"stopped by {signal.Signals(signum).name} while {activity}")


@contextmanager
def doing(activity: str):
    """Name what the run is doing (reported by :class:`Interrupted`) for the duration of the block."""
    _activity.append(activity)
    try:
        yield
    finally:
        _activity.pop()


def _raise(signum, frame):
    if _state["stopping"]:  # the run is being stopped: no second exception in the middle of its clean-up
        return
    _state["stopping"] = True
    raise Interrupted(signum, _activity[-1])


@contextmanager
def signals_raise():
    """Within the block, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (in the main thread; elsewhere, where
    Python cannot install handlers, the block runs with the process's handlers as they are)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise) for s in SIGNALS}
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        if _state["depth"] == 0:
            _state["stopping"] = False
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def deferred():
    """Hold SIGINT, SIGTERM and SIGHUP back for the block (e.g. while a finished run's files are renamed into place):
    one that arrives meanwhile is recorded and raised again when the block ends. (Handlers, not a signal mask: Python
    runs handlers in the main thread whichever thread the kernel delivers a signal to.) Outside the main thread, where
    no handler runs, the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def stop_with_parent(poll_s: float = 0.5):
    """SIGTERM this process when its parent is gone (it has been given to another), e.g. a sweep's run when its Dask
    worker was killed; a daemon thread that polls the parent's id."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_s)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


def run_process(command: list, cwd, log, keep_open=(), env=None, grace_s: float = 5.0) -> int:
    """Run ``command`` in ``cwd`` in a new session (its own process group), output to the open file ``log``, and
    return its exit code. If the wait is interrupted by any exception, the whole group gets SIGTERM, then SIGKILL
    after ``grace_s``, and the exception propagates once the leader has exited. ``keep_open``: file descriptors the
    group inherits, e.g. a lock that must stay held as long as any of its processes runs, even one orphaned by a
    SIGKILL of this process. ``env``: the environment (default: this process's)."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        pass_fds=tuple(keep_open),
        env=env,
    )
    try:
        return process.wait()
    except BaseException:
        _end_group(process, grace_s)
        raise


def _end_group(process: subprocess.Popen, grace_s: float):
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:  # the group is empty: nothing left to end
            break
        try:
            process.wait(wait_s)
        except subprocess.TimeoutExpired:
            continue
    process.wait()
    try:  # members that outlived the leader (a compiler make had started) end too
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
