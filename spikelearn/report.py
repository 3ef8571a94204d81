"""HTML pages to look at: ``report.html`` beside a run's ``results.json`` (claims, figures, parameters, metrics,
timing, versions and the command that reproduces the run) and ``index.html`` in a sweep's folder (the per-setting
summary and a link to every run's page).

A page is one self-contained file: styles inline, figures embedded as PNG data, no script, nothing fetched, so it
opens from the file system and can be mailed. Every text that comes from a run (option values, file names, claim
texts) is escaped.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from urllib.parse import quote

from .checks import InputError
from .results import atomic_write

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #176f2c; font-weight: bold; } .fail { color: #b3261e; font-weight: bold; }
pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
.muted { color: #666; }
"""

MOST_LISTED = 8  # longer lists of numbers are shown by their length, first values and range


def text(value) -> str:
    """``value`` as escaped HTML text; numbers to 4 significant digits."""
    if isinstance(value, bool) or value is None:
        return html.escape(str(value).lower())
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        if len(value) > MOST_LISTED and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            shown = ", ".join(text(v) for v in value[:3])
            return f"{len(value)} values: {shown}, ... (range {text(min(value))} to {text(max(value))})"
        return "[" + ", ".join(text(v) for v in value) + "]"
    return html.escape(str(value))


def flat(tree: dict, prefix: str = ""):
    """(dotted name, value) for every leaf of a nested dict."""
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            yield from flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def table(rows, header=None, numbers=()) -> str:
    """An HTML table of already escaped cells; the columns in ``numbers`` right-aligned."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>" if header else ""
    body = "".join(
        "<tr>"
        + "".join(f'<td class="number">{c}</td>' if i in numbers else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def verdict(passed: bool) -> str:
    return '<span class="pass">PASS</span>' if passed else '<span class="fail">FAIL</span>'


def image(path: Path, caption: str) -> str:
    """A figure with the PNG at ``path`` embedded, or a line saying that it is missing."""
    if not path.is_file():
        return f'<p class="fail">figure {html.escape(path.name)} is missing</p>'
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption, quote=True)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )


def run_html(result: dict, folder: Path, description: str = "") -> str:
    """The page of one run: ``result`` as in results.json, its figures read from ``folder``."""
    claims = result.get("claims", [])
    passed = sum(c["passed"] for c in claims)
    timing = result.get("timing", {})
    parts = [
        f"<h1>{html.escape(result['model'])}</h1>",
        f"<p>{html.escape(description)}</p>" if description else "",
        f"<p>{passed} of {len(claims)} claims hold. "
        + ", ".join(
            f"{html.escape(k.removesuffix('_s'))} {v:.3g} s"
            for k, v in timing.items()
            if k.endswith("_s") and isinstance(v, (int, float))
        )
        + "</p>",
        "<h2>Reproduce</h2>",
        f"<pre>{html.escape(result['command'])}</pre>"
        if result.get("command")
        else '<p class="muted">Run from Python; the parameters are listed below.</p>',
        "<h2>Claims</h2>",
        table(
            [
                (html.escape(c["claim"]), text(c["value"]), html.escape(c["target"]), verdict(c["passed"]))
                for c in claims
            ],
            header=("claim", "value", "target", "result"),
            numbers=(1,),
        )
        if claims
        else '<p class="muted">This model makes no claims.</p>',
        "<h2>Figures</h2>",
        "".join(image(folder / name, name) for name in result.get("figures", [])) or '<p class="muted">No figures.</p>',
    ]
    for heading, key in (
        ("Parameters", "params"),
        ("Metrics", "metrics"),
        ("Timing", "timing"),
        ("Versions", "versions"),
    ):
        rows = [(html.escape(k), text(v)) for k, v in flat(result.get(key) or {})]
        parts += [f"<h2>{heading}</h2>", table(rows, numbers=(1,)) if rows else '<p class="muted">None.</p>']
    return page(f"{result['model']}: {passed}/{len(claims)} claims hold", "\n".join(parts))


def sweep_html(state: dict, folder: Path) -> str:
    """The index page of a sweep: ``state`` as in sweep.json, its figure and runs read from ``folder``."""
    parts = [
        f"<h1>Sweep of {html.escape(state['model'])}</h1>",
        "<p>"
        + html.escape(
            f"scale {state['scale']}, device {state['device'] or 'the model default'}, seeds "
            f"{', '.join(map(str, state['seeds']))}; settings: "
            + (", ".join(f"{k} = {', '.join(map(str, v))}" for k, v in state["settings"].items()) or "none")
        )
        + "</p>",
        "<h2>Summary per setting</h2>",
    ]
    for s in state.get("summary", []):
        label = ", ".join(f"{k}={v}" for k, v in s["setting"].items()) or "all seeds"
        parts.append(f"<h3>{html.escape(label)} ({s['n']} runs finished)</h3>")
        parts.append(
            table(
                [
                    (html.escape(c["claim"]), html.escape(c["target"]), html.escape(c["text"]))
                    + tuple(text(c[k]) for k in ("mean", "sd", "min", "max"))
                    for c in s["claims"]
                ],
                header=("claim", "target", "passes", "mean", "sd", "min", "max"),
                numbers=(3, 4, 5, 6),
            )
            if s["claims"]
            else '<p class="muted">No finished runs.</p>'
        )
    if (folder / "sweep.png").is_file():
        parts += ["<h2>Claims against the settings</h2>", image(folder / "sweep.png", "sweep.png")]
    rows = []
    for r in state["runs"]:
        run = folder / "runs" / r["key"]
        finished = r["status"] == "finished" and (run / "results.json").is_file()
        link = (
            f'<a href="runs/{quote(r["key"], safe="=,")}/report.html">{html.escape(r["key"])}</a>'
            if finished and (run / "report.html").is_file()
            else html.escape(r["key"])
        )
        claims = read_json(run / "results.json").get("claims", []) if finished else []
        held = f"{sum(c['passed'] for c in claims)} of {len(claims)}" if finished else ""
        rows.append((link, html.escape(r["status"]), held, html.escape(str(r.get("error") or ""))))
    parts += ["<h2>Runs</h2>", table(rows, header=("run", "status", "claims held", "error"))]
    return page(f"sweep of {state['model']}", "\n".join(parts))


def description(model: str) -> str:
    """The registry's one-line description of ``model``, or nothing for a name it does not know."""
    from . import models

    return models.get(model).DESCRIPTION if model in models.MODELS else ""


def write_run_page(folder) -> Path:
    """(Re)write ``folder/report.html`` from ``folder/results.json`` and the figures beside it."""
    folder = Path(folder)
    result = read_json(folder / "results.json")
    return atomic_write(folder / "report.html", run_html(result, folder, description(result["model"])))


def write_sweep_page(folder) -> Path:
    """(Re)write ``folder/index.html`` from ``folder/sweep.json``."""
    folder = Path(folder)
    return atomic_write(folder / "index.html", sweep_html(read_json(folder / "sweep.json"), folder))


def rebuild(folder) -> list:
    """``spikelearn report DIR``: the pages of a run folder (results.json) or of a sweep folder (sweep.json: every
    finished run's page and the index); returns the paths written. :class:`InputError` for a folder that is neither."""
    folder = Path(folder).expanduser()
    if (folder / "sweep.json").is_file():
        runs = [write_run_page(d) for d in sorted((folder / "runs").glob("*")) if (d / "results.json").is_file()]
        return [*runs, write_sweep_page(folder)]
    if (folder / "results.json").is_file():
        return [write_run_page(folder)]
    raise InputError(f"{folder} holds neither a run (results.json) nor a sweep (sweep.json)")


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise InputError(f"{path} cannot be read ({e})") from None
