"""Command line: ``spikelearn list`` and ``spikelearn run NAME [--scale S] [--seed N] [--device D] [--out DIR]``.

``--set KEY=VALUE`` (repeatable) passes a model's own keyword option to its ``run``, e.g.
``spikelearn run burstprop_xor --set homeostasis=false``; values are read as true / false, integers or numbers.

Exit codes: 0 when the run worked (failed claims are reported, not hidden); 2 on bad input (one line, before any
work starts where it can be checked up front); 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM) when a
signal stopped the run: then nothing was written to ``--out`` and what was there stays; 1, with a traceback, for
anything else (a bug).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

from brian2.utils.logger import BrianLogger

from .checks import InputError
from .devices import DEVICES
from .interrupts import Interrupted, signals_raise
from .results import Staged, output_directory


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spikelearn", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the models with a one-line description")
    run = commands.add_parser("run", help="run a model; writes DIR/results.json and PNG figures")
    run.add_argument("name", help="model name (see `spikelearn list`)")
    run.add_argument("--scale", type=float, default=1.0,
                     help="shrink time/size for quick runs (default 1; at most 10, burstprop_xor 1)")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("--device", default=None,
                     help=f"Brian2 device for spiking models ({', '.join(DEVICES)}), numpy for rate models "
                          "(default: the model's own)")
    run.add_argument("--out", default=None, help="output directory (default results/NAME)")
    run.add_argument("--quiet", action="store_true", help="no progress output, no Brian2 warnings")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="a model's own option (see its run() signature), e.g. homeostasis=false")
    return parser


COMMON = ("scale", "seed", "device", "out", "progress")


def _value(text: str):
    """``true`` / ``false``, an integer or a number."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    raise InputError(f"--set value {text!r} is not true / false or a number")


def options(model, settings) -> dict:
    """The ``--set KEY=VALUE`` settings as keyword arguments of ``model.run``, checked against its signature."""
    known = [p for p in inspect.signature(model.run).parameters if p not in COMMON]
    name = model.__name__.rsplit(".", 1)[-1]
    kwargs = {}
    for setting in settings:
        key, equals, text = setting.partition("=")
        if not equals:
            raise InputError(f"--set takes KEY=VALUE, got {setting!r}")
        if key not in known:
            raise InputError(f"{name} has no option {key!r}; its options: {', '.join(known) or 'none'}")
        kwargs[key] = _value(text)
    return kwargs


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    import models

    if args.command == "list":
        width = max(map(len, models.MODELS))
        for name, description in models.describe().items():
            print(f"{name:<{width}}  {description}")
        return 0
    out, existed, stage = None, True, None
    with signals_raise():
        try:
            model = models.get(args.name)
            device = args.device or model.DEFAULT_DEVICE
            kwargs = options(model, args.set)
            models.check_args(model, args.scale, args.seed, device)
            text = Path("results") / args.name if args.out is None else args.out
            existed = Path(text).expanduser().exists()
            out = output_directory(text)
            if args.quiet:
                BrianLogger.log_level_error()
            with Staged(out) as stage:
                result = model.run(scale=args.scale, seed=args.seed, device=device, out=stage.folder,
                                   progress=not args.quiet, **kwargs)
                result.figures = [out / Path(f).name for f in result.figures]
        except (InputError, Interrupted) as stop:
            if out is not None and not existed:
                _remove_if_empty(out)
            if isinstance(stop, InputError):
                print(f"spikelearn: error: {stop}", file=sys.stderr)
                return 2
            BrianLogger.suppress_name("unused_brian_object")   # objects of the stopped run: noise at exit
            written = "its results were written before" if stage is not None and stage.committed else "nothing written"
            print(f"spikelearn: {args.name} {stop}; {written} to {out or 'the output directory'}", file=sys.stderr)
            return stop.exit_code
    print(result.summary())
    print(f"results: {out / 'results.json'}; figures: {', '.join(Path(f).name for f in result.figures)}")
    return 0


def _remove_if_empty(directory: Path):
    try:
        directory.rmdir()
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
