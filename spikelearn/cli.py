"""Command line: ``spikelearn list``, ``spikelearn run NAME [--scale S] [--seed N] [--device D] [--out DIR]`` and
``spikelearn sweep NAME --seeds 0-9 [--set KEY=V1,V2 ...] [--workers N | --scheduler ADDRESS] --out DIR`` and
``spikelearn report DIR ...`` (rebuilds the HTML pages of runs and sweeps).

``--set KEY=VALUE`` (repeatable) passes a model's own keyword option to its ``run``, e.g.
``spikelearn run burstprop_xor --set homeostasis=false``; values are read as true / false, integers or numbers.

Exit codes: 0 when the run worked (failed claims are reported, not hidden); 2 on bad input (one line, before any
work starts where it can be checked up front); 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM) when a
signal stopped the run: its one line says whether anything was written to ``--out`` (only a finished run's files,
all at once); 1, with a traceback, for anything else (a bug), and for a sweep in which a run failed (listed).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from .interrupts import Interrupted, signals_raise, stop_with_parent

# Brian2 and the library are imported by the functions that use them: a local Dask cluster's worker processes
# import this module again (as their __main__), and must not start Brian2 (which writes log files at import).


def _parser() -> argparse.ArgumentParser:
    from .devices import DEVICES

    parser = argparse.ArgumentParser(prog="spikelearn", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the models with a one-line description")
    run = commands.add_parser("run", help="run a model; writes DIR/results.json, DIR/report.html and PNG figures")
    run.add_argument("name", help="model name (see `spikelearn list`)")
    run.add_argument(
        "--scale",
        type=float,
        default=None,
        help="shrink time/size for quick runs (default: the model's own, 1 for most; at most 10, burstprop_xor 1)",
    )
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument(
        "--device",
        default=None,
        help=f"Brian2 device for spiking models ({', '.join(DEVICES)}), numpy for rate models "
        "(default: the model's own)",
    )
    run.add_argument("--out", default=None, help="output directory (default results/NAME)")
    run.add_argument("--quiet", action="store_true", help="no progress output, no Brian2 warnings")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a model's own option (see its run() signature), e.g. homeostasis=false",
    )
    sweep = commands.add_parser(
        "sweep",
        help="run a model over seeds x settings on Dask; writes DIR/sweep.json, "
        "DIR/summary.csv, DIR/sweep.png and DIR/runs/KEY/",
    )
    sweep.add_argument("name", help="model name (see `spikelearn list`)")
    sweep.add_argument("--seeds", required=True, help="seeds, e.g. 0-9 or 0,3,7")
    sweep.add_argument("--scale", type=float, default=None, help="as for run (default: the model's own)")
    sweep.add_argument("--device", default=None, help="as for run (default: the model's own)")
    sweep.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="a model's own option and the values to sweep (repeatable: all combinations)",
    )
    sweep.add_argument(
        "--workers", type=int, default=None, help="worker processes of the local cluster (default: the usable cores)"
    )
    sweep.add_argument("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786")
    sweep.add_argument("--out", required=True, help="output directory of the sweep")
    sweep.add_argument("--quiet", action="store_true", help="no progress lines")
    report = commands.add_parser("report", help="rebuild the report.html of run folders and the index.html of sweeps")
    report.add_argument("folders", nargs="+", metavar="DIR", help="a run's --out (results.json) or a sweep's --out")
    return parser


def value(text: str):
    """A ``--set`` value: ``true`` / ``false``, an integer, a number, or else the text itself (a name or a path;
    :func:`spikelearn.models.check_options` refuses text for an option whose default is a number or true / false)."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def settings(texts, several: bool = False) -> dict:
    """``--set KEY=VALUE`` texts as {key: value}, or with ``several`` ``KEY=V1,V2,...`` as {key: [values]}."""
    from .checks import InputError

    parsed = {}
    for text in texts:
        key, equals, values = text.partition("=")
        if not equals or not key:
            raise InputError(f"--set takes KEY=VALUE{',VALUE...' if several else ''}, got {text!r}")
        if key in parsed:
            raise InputError(f"--set {key} is given twice")
        parsed[key] = [value(v) for v in values.split(",")] if several else value(values)
    return parsed


def options(model, texts) -> dict:
    """The ``--set KEY=VALUE`` settings as keyword arguments of ``model.run``, checked by the model registry."""
    from . import models

    kwargs = settings(texts)
    models.check_options(model, kwargs)
    return kwargs


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from brian2.utils.logger import BrianLogger

    from . import models
    from .checks import InputError

    if os.environ.get("SPIKELEARN_STOP_WITH_PARENT"):  # a sweep's run: it ends with its worker
        stop_with_parent()
    if args.command == "list":
        width = max(map(len, models.MODELS))
        for name, description in models.describe().items():
            print(f"{name:<{width}}  {description}")
        return 0
    with signals_raise():
        try:
            return {"sweep": _sweep, "run": _run, "report": _report}[args.command](args)
        except InputError as error:
            print(f"spikelearn: error: {error}", file=sys.stderr)
            return 2
        except Interrupted as stop:
            BrianLogger.suppress_name("unused_brian_object")  # objects of the stopped run: noise at exit
            print(
                f"spikelearn: {getattr(args, 'name', 'report')} {stop}; {getattr(stop, 'written', 'nothing written')}",
                file=sys.stderr,
            )
            return stop.exit_code


def _run(args) -> int:
    from brian2.utils.logger import BrianLogger

    from . import models
    from .checks import InputError
    from .results import Staged, output_directory

    model = models.get(args.name)
    device = args.device or model.DEFAULT_DEVICE
    kwargs = options(model, args.set)
    scale = models.default_scale(model) if args.scale is None else args.scale
    models.check_args(model, scale, args.seed, device)
    text = Path("results") / args.name if args.out is None else args.out
    existed = Path(text).expanduser().exists()
    out = output_directory(text)
    if args.quiet:
        BrianLogger.log_level_error()
    stage = Staged(out)
    try:
        with stage:
            result = model.run(
                scale=scale, seed=args.seed, device=device, out=stage.folder, progress=not args.quiet, **kwargs
            )
            result.command = command_line(args.name, scale, args.seed, device, kwargs)
            result.save(stage.folder)
        print(result.summary())
        figures = ", ".join(Path(f).name for f in result.figures)
        print(f"results: {out / 'results.json'}, page: {out / 'report.html'}; figures: {figures}")
    except (InputError, Interrupted) as stop:
        if not existed:
            _remove_if_empty(out)
        stop.written = f"its results were written to {out} before" if stage.committed else f"nothing written to {out}"
        raise
    return 0


def command_line(name: str, scale: float, seed: int, device: str, options: dict) -> str:
    """The ``spikelearn run`` command of a run (shell-quoted), as its report shows it."""
    from .worker import run_arguments

    return shlex.join(["spikelearn", *run_arguments(name, scale, seed, device, options)])


def _report(args) -> int:
    from .report import rebuild

    for folder in args.folders:
        for path in rebuild(folder):
            print(f"report: {path}")
    return 0


def _sweep(args) -> int:
    from .sweep import parse_seeds, sweep

    try:
        state = sweep(
            args.name,
            parse_seeds(args.seeds),
            settings(args.set, several=True),
            args.scale,
            args.device,
            args.out,
            args.workers,
            args.scheduler,
            progress=not args.quiet,
        )
    except Interrupted as stop:
        stop.written = f"the finished runs are kept in {args.out}; the same command resumes"
        raise
    for s in state["summary"]:
        label = ", ".join(f"{k}={v}" for k, v in s["setting"].items()) or "all seeds"
        print(f"{label} ({s['n']} runs finished)")
        for c in s["claims"]:
            print(
                f"  {c['text']}: {c['claim']} (mean {c['mean']:.4g}, target {c['target']})"
                if c["mean"] is not None
                else f"  {c['text']}: {c['claim']}"
            )
    failed = [r for r in state["runs"] if r["status"] == "failed"]
    for r in failed:
        print(f"spikelearn: run {r['key']} failed: {r['error']}", file=sys.stderr)
    out = Path(args.out)
    print(f"sweep: {out / 'sweep.json'}, {out / 'summary.csv'}, {out / 'sweep.png'}, runs in {out / 'runs'}")
    return 1 if failed else 0


def _remove_if_empty(directory: Path):
    try:
        directory.rmdir()
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
