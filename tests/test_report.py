"""Run and sweep pages (spikelearn.report): written with every run, escaped, rebuilt by ``spikelearn report``."""

import json

import pytest

from spikelearn.cli import main
from spikelearn.plotting import axes, save_figure
from spikelearn.report import rebuild
from spikelearn.results import Result, check

HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 1">'


def hostile_run(folder):
    """A saved run whose texts (claim, target, parameter, metric, figure file name) are all markup."""
    ax = axes()
    ax.plot([0, 1], [0, 1])
    ax.set(xlabel="time (s)", ylabel="w")
    figure = save_figure(ax, folder, 'w <img src=x onerror="window.pwned = 1"> & co')
    result = Result(
        model=HOSTILE,
        params={"data": HOSTILE, "tau": 0.02, "rates": list(range(20))},
        metrics={"nested": {"name": HOSTILE, "r": 0.5}},
        claims=[check(HOSTILE, 1.0, HOSTILE, True), check("r >= 0.8", 0.5, ">= 0.8", False)],
        timing={"build_s": 1.5, "sim_s": 2.5},
        figures=[figure],
        command=f"spikelearn run x --set data='{HOSTILE}'",
    )
    result.save(folder)
    return result


def test_a_saved_run_has_a_page_with_every_text_escaped(tmp_path):
    hostile_run(tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert "<script>" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    escaped = "&lt;script&gt;window.pwned = 1&lt;/script&gt;"
    assert page.count(escaped) == 7  # title, heading, claim, target, parameter, metric, command
    versions = json.loads((tmp_path / "results.json").read_text())["versions"]
    assert page.count("<tr><td>") == 2 + 3 + 2 + 2 + len(versions)  # claims, parameters, metrics, timing, versions
    assert '<span class="fail">FAIL</span>' in page and "1 of 2 claims hold" in page
    assert "20 values: 0, 1, 2, ... (range 0 to 19)" in page
    assert (
        page.count("data:image/png;base64,") == 1
        and "w &lt;img src=x onerror=&quot;window.pwned = 1&quot;&gt; &amp; co.png" in page
    )


def test_a_missing_figure_is_named_on_the_page(tmp_path):
    hostile_run(tmp_path)
    (tmp_path / 'w <img src=x onerror="window.pwned = 1"> & co.png').unlink()
    rebuild(tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert "data:image/png" not in page and "is missing" in page


def test_spikelearn_report_rebuilds_a_page_and_refuses_a_folder_without_results(tmp_path, capsys):
    hostile_run(tmp_path)
    (tmp_path / "report.html").unlink()
    assert main(["report", str(tmp_path)]) == 0
    assert (tmp_path / "report.html").is_file() and str(tmp_path / "report.html") in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"spikelearn: error: {empty} holds neither a run (results.json) nor a sweep (sweep.json)"
    )
    (tmp_path / "results.json").write_text("{not json")
    assert main(["report", str(tmp_path)]) == 2
    assert "results.json cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["fashion_mnist", "/data/my mnist", "1.5", "true"])
def test_the_reproducing_command_gives_back_the_options(text):
    import shlex

    from spikelearn.cli import command_line, settings

    line = command_line("diehl_cook_2015", 0.5, 3, "cpp_standalone", settings([f"data={text}"]))
    words = shlex.split(line)
    assert words[:9] == [
        "spikelearn",
        "run",
        "diehl_cook_2015",
        "--scale",
        "0.5",
        "--seed",
        "3",
        "--device",
        "cpp_standalone",
    ]
    assert settings([words[9].removeprefix("--set=")]) == settings([f"data={text}"])
