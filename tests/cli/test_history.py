"""`mtreview history ...` and the quality gates, through the command line."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.history import open_history, shown_location
from tests.support.history_runs import RUNS, make_run, pairs
from tests.support.paths import REPO

runner = CliRunner()
DESK_1, MT_1, DESK_2, MT_2 = RUNS
SUBCOMMANDS = ["list", "show", "trend", "compare", "leaderboard"]


@pytest.fixture
def db(history_location, history_runs) -> str:
    """The four runs of history_runs on each backend: a SQLite file, or a PostgreSQL URL."""
    with open_history(history_location) as history:
        for review in history_runs.values():
            history.record(review)
    return str(history_location)


def run(db: str, *args: str):
    return runner.invoke(app, ["history", *args, "--history", db])


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_history_command_has_help_with_an_example_and_a_readme_entry(command):
    result = runner.invoke(app, ["history", command, "--help"])
    assert result.exit_code == 0
    assert f"Example: mtreview history {command}" in " ".join(result.output.split())
    assert re.search(rf"mtreview history {command}(?![\w-])", (REPO / "README.md").read_text(encoding="utf-8"))


def test_list_filters_by_system_and_dates(db):
    result = run(db, "list")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert listed == [MT_2, DESK_2, MT_1, DESK_1]
    assert "chrf 94.43" in result.stdout
    mt = run(db, "list", "--system", "mt")
    assert [line.split()[0] for line in mt.stdout.splitlines()[1:]] == [MT_2, MT_1]
    february = run(db, "list", "--since", "2024-02-01", "--until", "2024-02-15")  # --until takes the whole day
    assert [line.split()[0] for line in february.stdout.splitlines()[1:]] == [DESK_2]


def test_list_with_a_bad_date_is_a_usage_error(db):
    result = run(db, "list", "--since", "last week")
    assert result.exit_code == 2 and "'last week' is not a date" in result.output


def test_show_prints_the_run(db):
    result = run(db, "show", "desk02")
    assert result.exit_code == 0
    assert f"Run {DESK_2}" in result.stdout and "document  brief-1" in result.stdout
    assert "doubled-word" in result.stdout and "nrefs:1|case:mixed|eff:yes" in result.stdout


def test_trend_prints_a_table_and_draws_html(db, tmp_path):
    plot = tmp_path / "trend.html"
    result = run(db, "trend", "--metric", "chrF", "--plot", str(plot))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("2024-")]
    assert [row.split()[1] for row in rows] == [DESK_1, MT_1, DESK_2, MT_2]
    assert rows[2].split()[-1] == "+0.21"  # the desk's change from January to February
    assert f"Plot: {plot} (2 lines)" in result.stdout and plot.read_text(encoding="utf-8").count("<polyline") == 2


def test_trend_png(db, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")
    plot = tmp_path / "trend.png"
    result = run(db, "trend", "--metric", "bleu", "--system", "mt", "--plot", str(plot))
    assert result.exit_code == 0 and "(1 line)" in result.stdout
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_compare_gate_exit_codes(db):
    worse = run(db, "compare", DESK_1, MT_1, "--fail-if-worse", "chrF")
    assert worse.exit_code == 1
    assert "Gate: chrf is significantly worse" in worse.stderr
    assert run(db, "compare", MT_1, DESK_1, "--fail-if-worse", "chrf").exit_code == 0  # an improvement passes
    small = run(db, "compare", DESK_1, DESK_2, "--fail-if-worse", "chrf,bleu")
    assert small.exit_code == 0 and "Fixed (in A, gone from B" in small.stdout and "doubled-word" in small.stdout
    missing = run(db, "compare", DESK_1, DESK_2, "--fail-if-worse", "ter")
    assert missing.exit_code == 2 and "have no ter score" in missing.stderr


def test_compare_gate_refuses_scores_with_different_signatures(db):
    review = make_run("20240301T090000Z-newtok", "2024-03-01T09:00:00Z", "desk", pairs("loose"))
    review.scores = [replace(s, signature=s.signature.replace("tok:13a", "tok:intl")) for s in review.scores]
    with open_history(db) as history:
        history.record(review)
    result = run(db, "compare", DESK_1, "newtok", "--fail-if-worse", "bleu")
    assert result.exit_code == 2
    assert "cannot gate on bleu: signatures differ (tok:13a→intl)" in result.stderr
    assert "signatures differ" in result.stdout  # said in the table too


def test_compare_json(db):
    result = run(db, "compare", DESK_1, DESK_2, "--format", "json")
    data = json.loads(result.stdout)
    assert data["a"] == DESK_1 and data["scores"]["chrf"]["shared_segments"] == 43
    assert 0 < data["scores"]["chrf"]["p_value"] <= 1
    assert sorted(f["check_id"] for f in data["fixed"]) == ["apostrophe", "term-forbidden"]


def test_leaderboard(db):
    result = run(db, "leaderboard", "--corpus", "delegations", "--metric", "chrF")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert [(row[0], row[1], row[2]) for row in rows] == [("1", "1", "desk"), ("2", "2", "mt")]
    assert rows[0][-1] == DESK_2 and rows[1][-1] == MT_2


def test_errors_name_the_history_and_exit_2(db):
    unknown = run(db, "show", "nope")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == f"mtreview: error: {shown_location(db)}: no run nope in the history"
    assert run(db, "leaderboard", "--corpus", "nothing").exit_code == 2


def test_reading_a_missing_history_file_is_an_error_and_creates_nothing(tmp_path):
    missing = tmp_path / "elsewhere.sqlite"  # SQLite only: a file path that names nothing yet
    result = runner.invoke(app, ["history", "list", "--history", str(missing)])
    assert result.exit_code == 2 and str(missing) in result.stderr and not missing.exists()


def test_history_path_from_the_environment(db):
    result = runner.invoke(app, ["history", "list"], env={"MTREVIEW_HISTORY": str(db)})
    assert result.exit_code == 0 and DESK_1 in result.stdout


def test_review_records_system_and_document_then_compare_finds_the_fix(tmp_path, history_location):
    """End to end: two reviews of one document by the CLI, the second after an edit, then the comparison."""
    table = tmp_path / "brief.tsv"
    header = "id\tsource\ttarget\treference\n"
    row = "p1\t这是中国的核心利益。\tThis is China{q}s core interest.\tThis is a core interest of China.\n"
    history = history_location
    args = ["review", str(table), "--out", str(tmp_path / "reports"), "--history", str(history),
            "--system", "desk A", "--document", "issue-7"]
    table.write_text(header + row.format(q="‘"), encoding="utf-8")
    assert runner.invoke(app, args).exit_code == 0
    table.write_text(header + row.format(q="'"), encoding="utf-8")
    assert runner.invoke(app, args + ["--fail-on", "minor"]).exit_code == 0  # fixed: nothing left to fail on
    with open_history(history) as store:
        first, second = reversed(store.runs())
    assert (first["system"], first["document"]) == ("desk A", "issue-7")
    result = runner.invoke(app, ["history", "compare", first["run_id"], second["run_id"], "--history", str(history)])
    assert result.exit_code == 0
    assert re.search(r"Fluency/Punctuation\s+1\s+0\s+0\s+1\s+0", result.stdout)
