"""The pages of a real run and a real sweep, and a page full of markup, opened in a real headless browser (the
system's chromium, driven by Playwright): no console errors, every image decoded, one table row per claim, no
injected script ran. Screenshots are kept in ``test-artifacts/`` (or ``$SPIKELEARN_ARTIFACTS``)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import brian2
import pytest

from tests.test_report import hostile_run

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium)")
ARTIFACTS = Path(os.environ.get("SPIKELEARN_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """A real two-seed sweep of the quickest model (each run's page and the index). It compiles with the session's
    flags (a ``brian_preferences`` file in its working directory) into the session's build cache, so it reuses the
    build of oja_pca's own test where that ran first."""
    place = tmp_path_factory.mktemp("pages")
    flags = brian2.prefs.codegen.cpp.extra_compile_args_gcc
    (place / "brian_preferences").write_text(f"codegen.cpp.extra_compile_args_gcc = {flags!r}\n")
    out = place / "sweep"
    done = subprocess.run(
        [sys.executable, "-m", "spikelearn.cli", "sweep", "oja_pca", "--scale", "0.05", "--seeds", "0-1"]
        + ["--workers", "1", "--quiet", "--out", str(out)],
        cwd=place,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def open_page(browser, path: Path, screenshot: str):
    """``path`` loaded from the file system; returns the page and the console errors and page errors it had."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith(("file:", "data:")) else route.continue_(),
    )
    page.goto(path.as_uri(), wait_until="load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    return page, errors


def images(page) -> list:
    return page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")


def test_a_run_page_shows_its_claims_and_figures(browser, sweep):
    folder = sweep / "runs" / "seed=0"
    result = json.loads((folder / "results.json").read_text())
    page, errors = open_page(browser, folder / "report.html", "run.png")
    assert errors == []
    found = images(page)
    assert len(found) == len(result["figures"]) >= 1 and all(complete and width > 0 for complete, width in found)
    claims = page.locator("h2:text('Claims') + table tr:has(td)")
    assert claims.count() == len(result["claims"]) >= 1
    assert page.locator("pre").inner_text().startswith("spikelearn run oja_pca --scale 0.05 --seed 0")


def test_a_sweep_index_links_every_run(browser, sweep):
    page, errors = open_page(browser, sweep / "index.html", "sweep.png")
    assert errors == []
    assert all(complete and width > 0 for complete, width in images(page)) and len(images(page)) == 1
    links = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    assert [Path(unquote(link.removeprefix("file://"))).parent.name for link in links] == ["seed=0", "seed=1"]
    held = page.eval_on_selector_all(
        "h2:text('Runs') + table tr:has(td)", "rows => rows.map(r => r.cells[2].innerText)"
    )
    results = [json.loads((sweep / "runs" / k / "results.json").read_text()) for k in ("seed=0", "seed=1")]
    assert held == [f"{sum(c['passed'] for c in r['claims'])} of {len(r['claims'])}" for r in results]
    page.click("text=seed=1")
    assert page.title().startswith("oja_pca:")


def test_markup_in_a_run_is_shown_as_text_and_never_runs(browser, tmp_path):
    result = hostile_run(tmp_path)
    page, errors = open_page(browser, tmp_path / "report.html", "escaped.png")
    assert errors == [] and page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text() == result.model
    assert all(complete and width > 0 for complete, width in images(page)) and len(images(page)) == 1
    assert page.locator("h2:text('Claims') + table tr:has(td)").count() == 2
