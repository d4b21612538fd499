"""The desk report (`mtreview history report`), rendered by a real headless Chromium.

The history is built with the real pipeline on the bundled Xinhua case and variants of its English: a
news desk's two translators and an MT engine, seven dated runs over two months, a reviewer's sheet ingested
(two findings dismissed as false positives, one as won't fix, two sentences corrected, so that later runs
score HTER), and a second corpus for the whole-history view. Only the runs' ids and times are set by hand.
The page's numbers, read from the DOM Chromium renders, must equal `history trend --format json`'s.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.history import open_history
from mtreview.ingest import ingest_workbook
from mtreview.inputs import load_input
from mtreview.metrics.specs import metric_spec
from mtreview.publish import publish_review
from mtreview.review import ReviewOptions, review_corpus

REPO = Path(__file__).resolve().parents[2]
XINHUA = REPO / "corpora" / "xinhua-belarus"
ORIGINAL = (XINHUA / "target.en.txt").read_text(encoding="utf-8")

# The desk's later, cleaner English: the apostrophes, the official terms and the run-on caption fixed.
FIXED = (ORIGINAL.replace("China‘s", "China's").replace("new crown pneumonia", "COVID-19")
         .replace("House.Photo", "House. Photo").replace("global development initiative", "Global Development Initiative")
         .replace("global security initiative", "Global Security Initiative"))
# A hurried English: looser wording on referenced sentences, a doubled word, a space before a comma.
SLOPPY = (ORIGINAL.replace("decided to upgrade the bilateral relationship", "agreed on lifting the relationship")
          .replace("The two heads of state", "The the two heads of state")
          .replace("Lukashenko said that", "Lukashenko said ,")
          .replace("continuously improved and upgraded", "improved again and again")
          .replace("signed cooperation documents", "inked papers"))


@dataclass(frozen=True)
class Planned:
    run_id: str
    created: str
    system: str
    translator: str
    english: str
    corpus_folder: str = "xinhua"


PLAN = [
    Planned("20261005T090000Z-wang01", "2026-10-05T09:00:00Z", "news-desk", "Wang Fang", ORIGINAL),
    Planned("20261006T100000Z-mteng1", "2026-10-06T10:00:00Z", "mt-engine", "", SLOPPY),
    Planned("20261007T100000Z-cons01", "2026-10-07T10:00:00Z", "mt-engine", "", "", "consumption"),
    Planned("20261014T090000Z-hale01", "2026-10-14T09:00:00Z", "news-desk", "Tom Hale", FIXED),
    Planned("20261021T090000Z-mteng2", "2026-10-21T09:00:00Z", "mt-engine", "", ORIGINAL),
    Planned("20261103T090000Z-wang02", "2026-11-03T09:00:00Z", "news-desk", "Wang Fang", SLOPPY),
    Planned("20261104T090000Z-hale02", "2026-11-04T09:00:00Z", "news-desk", "Tom Hale", FIXED),
    Planned("20261110T100000Z-cons02", "2026-11-10T10:00:00Z", "mt-engine", "", "", "consumption"),
    Planned("20261117T090000Z-mteng3", "2026-11-17T09:00:00Z", "mt-engine", "", FIXED),
]
CONSUMPTION = ("国务院总理李强7月31日主持召开国务院常务会议，研究促进消费的政策措施。会议指出，消费是经济增长的主要动力。\n",
               "Premier Li Qiang presided over an State Council standing meeting on July 31 to study policies to boost "
               "consumption. The meeting noted that consumption is the main driver of economic growth.\n",
               "Premier Li Qiang presided over an executive meeting of the State Council on July 31 to study policies "
               "to boost consumption. The meeting noted that consumption is the main driver of economic growth.\n")
CORRECTIONS = {"zh11_en11": ("new crown pneumonia", "COVID-19"), "zh7_en7": ("China‘s", "China's")}


def _variant(root: Path, planned: Planned) -> list[Path]:
    """The input of a planned run: a copy of the Xinhua folder with its English, or the consumption article."""
    if planned.corpus_folder == "consumption":
        folder = root / "consumption"
        folder.mkdir(exist_ok=True)
        (folder / "source.zh.txt").write_text(CONSUMPTION[0], encoding="utf-8")
        english = CONSUMPTION[1] if planned.run_id.endswith("01") else CONSUMPTION[2]
        (folder / "target.en.txt").write_text(english, encoding="utf-8")
        return [folder / "source.zh.txt", folder / "target.en.txt"]
    folder = root / f"xinhua-{planned.run_id}"
    shutil.copytree(XINHUA, folder)
    (folder / "target.en.txt").write_text(planned.english, encoding="utf-8")
    return [folder]


def _review_as_a_reviewer(sheet: Path) -> None:
    """Fill the first run's sheet as a reviewer does in Excel: decisions on findings, two corrections."""
    book = load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    decision = {"term-capitalisation": "false positive", "names-run-together": "won't fix", "apostrophe": "confirmed"}
    for row in findings.iter_rows(min_row=2):
        check = row[header.index("Check")].value
        if check in decision:
            row[header.index("Decision")].value = decision[check]
            row[header.index("Reviewer")].value = "lh"
    segments = book["Segments"]
    segment_header = [cell.value for cell in segments[1]]
    for row in segments.iter_rows(min_row=2):
        if row[0].value in CORRECTIONS:
            wrong, right = CORRECTIONS[row[0].value]
            target = row[segment_header.index("Target")].value
            row[segment_header.index("Corrected translation")].value = target.replace(wrong, right)
    book.save(sheet)


# history location (as the fixtures give it) -> the reports folder its runs were published in
REPORTS: dict[str, Path] = {}


def _record_the_plan(root: Path, database: str | Path) -> None:
    """The history of the plan, reviewed in order, the first sheet ingested after the first run."""
    REPORTS[str(database)] = root / "reports"
    for planned in PLAN:
        corpus = load_input(_variant(root, planned))
        review = review_corpus(corpus, ReviewOptions(system=planned.system, translator=planned.translator,
                                                     history_path=database, metrics="bleu,chrf"))
        run_dir = publish_review(replace(review, run_id=planned.run_id, created=planned.created), root / "reports",
                                 database)
        if planned is PLAN[0]:
            _review_as_a_reviewer(run_dir / "review.xlsx")
            ingest_workbook(run_dir / "review.xlsx", database)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path_factory) -> str | Path:
    """The plan's history on each backend (a SQLite file, or a PostgreSQL URL): the page's numbers are read
    from the store, so they must come out the same from both."""
    root = tmp_path_factory.mktemp("desk")
    if request.param == "sqlite":
        database: str | Path = root / "reports" / "history.sqlite"
    else:
        server = request.getfixturevalue("postgres_server")
        database = server.url(server.new_database())
    _record_the_plan(root, database)
    return database


@pytest.fixture(scope="module")
def sqlite_desk(tmp_path_factory) -> Path:
    """The plan's history in SQLite only, for the tests of the page itself (what it loads, how it looks)."""
    root = tmp_path_factory.mktemp("desk")
    database = root / "reports" / "history.sqlite"
    _record_the_plan(root, database)
    return database


@pytest.fixture(scope="module")
def browser() -> str:
    """Chromium, the real browser the page must render in. CI installs it and sets MTREVIEW_REQUIRE_CHROMIUM=1,
    so there a missing Chromium fails these tests instead of skipping."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("MTREVIEW_REQUIRE_CHROMIUM") == "1":
            pytest.fail("Chromium is required here (MTREVIEW_REQUIRE_CHROMIUM=1) but not installed")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return found


def _chromium(browser: str, page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *action,
         page.as_uri()], capture_output=True, text=True, timeout=180, check=False)


def mtreview(*args: object) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result.stdout


class _Dom(HTMLParser):
    """The rendered page's elements with their attributes and text: enough to read every number back."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, **{name: value or "" for name, value in attrs}, "text": ""}
        self.elements.append(element)
        if tag not in ("meta", "link", "br", "img", "input", "circle", "line", "rect", "polyline"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data

    def cells(self, **wanted: str) -> list[dict]:
        return [e for e in self.elements if all(e.get(key) == value for key, value in wanted.items())]


def _rendered(browser: str, page: Path, tmp_path: Path) -> _Dom:
    result = _chromium(browser, page, tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0 and "</html>" in result.stdout, result.stderr[-2000:]
    dom = _Dom()
    dom.feed(result.stdout)
    return dom


def _trend(database: str | Path, metric: str, by: str, period: str, corpus: str | None = None) -> dict:
    where = ["--corpus", corpus] if corpus else []
    return json.loads(mtreview("history", "trend", "--metric", metric, "--by", by, "--period", period,
                               "--format", "json", "--history", database, *where))


def _value(cell: dict) -> float | None:
    return float(cell["data-value"]) if cell["data-value"] else None


def _assert_equals_trend(dom: _Dom, database: str | Path, by: str, period: str, corpus: str | None,
                         metrics: tuple[str, ...]) -> None:
    for metric in metrics:
        expected = _trend(database, metric, by, period, corpus)
        spec = metric_spec(metric)
        # per period: the same series, periods, run counts and values, shown at the metric's precision
        cells = {(c["data-series"], c["data-period"]): c for c in dom.cells(tag="td", **{"data-metric": metric})
                 if "data-runs" in c}
        assert set(cells) == {(row["series"], row["period"]) for row in expected["periods"]}, metric
        for row in expected["periods"]:
            cell = cells[row["series"], row["period"]]
            assert _value(cell) == row["score"] and int(cell["data-runs"]) == row["runs"]
            assert cell["text"].split()[0] == spec.format(row["score"])
        # per run: the trend's rows themselves
        runs = {r["data-run"]: r for r in dom.cells(tag="tr", **{"data-metric": metric})}
        assert list(runs) == [row["run_id"] for row in expected["runs"]]
        for row in expected["runs"]:
            index = dom.elements.index(runs[row["run_id"]])
            score, change = [e for e in dom.elements[index:index + 16] if e["tag"] == "td" and "data-value" in e][:2]
            assert _value(score) == row["score"] and score["text"] == spec.format(row["score"])
            assert _value(change) == row["delta"]
        # the runs that regressed: worse than the previous run of their corpus and system by the metric's
        # direction, visibly at its precision, whatever the page is grouped by
        by_system = expected if by == "system" else _trend(database, metric, "system", period, corpus)
        previous: dict[str, dict] = {}
        regressed = set()
        for row in by_system["runs"]:
            before = previous.get(row["series"])
            if before and row["improved"] is False and round(abs(row["delta"]), spec.decimals) > 0:
                regressed.add((row["run_id"], before["run_id"]))
                assert row["delta"] == pytest.approx(row["score"] - before["score"])
            previous[row["series"]] = row
        shown = {(r["data-run"], r["data-previous"]) for r in dom.cells(tag="tr", **{"data-regression": metric})}
        assert shown == regressed, metric


def test_the_page_renders_in_chromium_and_its_numbers_are_history_trends(desk: str | Path, browser: str, tmp_path: Path):
    page = tmp_path / "desk.html"
    printed = mtreview("history", "report", "--history", desk, "--corpus", "xinhua-belarus", "--out", page)
    assert printed.startswith(f"Desk report: {page} (7 runs, 7 weeks")
    dom = _rendered(browser, page, tmp_path)
    _assert_equals_trend(dom, desk, "system", "week", "xinhua-belarus", ("mqm", "hter", "bleu", "chrf"))
    series = {c["data-series"] for c in dom.cells(tag="td", **{"data-metric": "chrf"})}
    assert series == {"news-desk", "mt-engine"}
    # the engineered regressions are there: the desk's hurried November run after its clean October one
    regressed = {(r["data-regression"], r["data-run"]) for r in dom.cells(tag="tr") if "data-regression" in r}
    assert {("chrf", "20261103T090000Z-wang02"), ("mqm", "20261103T090000Z-wang02")} <= regressed
    # HTER only from the runs after the sheet with the corrections came back
    hter_runs = [r["data-run"] for r in dom.cells(tag="tr", **{"data-metric": "hter"})]
    assert hter_runs == [p.run_id for p in PLAN[1:] if p.corpus_folder == "xinhua"]
    # a week with two runs shows their mean
    [week] = [c for c in dom.cells(tag="td", **{"data-metric": "chrf", "data-series": "news-desk"})
              if c.get("data-period") == "2026-W45" and "data-runs" in c]
    with open_history(desk, create=False) as store:
        both = [s["score"] for s in store.scores("chrf") if s["run_id"] in (PLAN[5].run_id, PLAN[6].run_id)]
    assert week["data-runs"] == "2" and _value(week) == sum(both) / 2


def test_findings_per_thousand_words_by_category_and_the_dismissed_checks(desk: str | Path, browser: str, tmp_path: Path):
    page = tmp_path / "desk.html"
    mtreview("history", "report", "--history", desk, "--corpus", "xinhua-belarus", "--by", "translator",
             "--period", "month", "--out", page)
    dom = _rendered(browser, page, tmp_path)
    # the oracle: each run folder's findings.jsonl, counted by category, over the words the history holds
    with open_history(desk, create=False) as store:
        runs = [run for run in reversed(store.runs("xinhua-belarus"))]
        stats, _ = store.check_stats("xinhua-belarus")
    expected: dict[tuple[str, str, str], int] = {}
    words: dict[tuple[str, str], int] = {}
    for run in runs:
        group = (run.config.get("translator") or "(no translator)", run.created[:7])
        words[group] = words.get(group, 0) + run.target_words
        lines = (REPORTS[str(desk)] / "xinhua-belarus" / run.run_id / "findings.jsonl").read_text(encoding="utf-8")
        for finding in map(json.loads, lines.splitlines()):
            key = (*group, finding["category"])
            expected[key] = expected.get(key, 0) + 1
    cells = {(c["data-group"], c["data-period"], c["data-category"]): c
             for c in dom.cells(tag="td", **{"data-measure": "findings"}) if "data-category" in c}
    for (group, month, category), count in expected.items():
        cell = cells[group, month, category]
        assert int(cell["data-findings"]) == count and int(cell["data-words"]) == words[group, month]
        assert _value(cell) == pytest.approx(count / words[group, month] * 1000, abs=1e-12)
        assert cell["text"] == f"{count / words[group, month] * 1000:.1f}"
    for group, month in words:
        all_findings = sum(n for (g, m, _), n in expected.items() if (g, m) == (group, month))
        assert int(cells[group, month, "all categories"]["data-findings"]) == all_findings
    assert {group for group, _, _ in cells} == {"Wang Fang", "Tom Hale", "(no translator)"}
    _assert_equals_trend(dom, desk, "translator", "month", "xinhua-belarus", ("mqm", "chrf"))

    # the checks reviewers dismissed, with the counts the decision log gives `mtreview checks --stats`
    rows = [r for r in dom.cells(tag="tr") if "data-check" in r]
    assert [r["data-check"] for r in rows] == ["term-capitalisation", "names-run-together"]
    by_check = {s.check: s for s in stats}
    for row in rows:
        numbers = [e["text"] for e in dom.elements[dom.elements.index(row):] if e["tag"] == "td"][1:6]
        stat = by_check[row["data-check"]]
        assert numbers[:4] == [str(stat.shown), str(stat.shown - stat.decisions["open"]),
                               str(stat.decisions["false positive"]), str(stat.decisions["won't fix"])]
    assert by_check["term-capitalisation"].decisions["false positive"] == 2
    assert by_check["names-run-together"].decisions["won't fix"] == 1


def test_the_whole_history_keeps_corpora_apart(desk: str | Path, browser: str, tmp_path: Path):
    page = tmp_path / "whole.html"
    printed = CliRunner().invoke(app, ["history", "report", "--history", str(desk), "--out", str(page)])
    assert printed.exit_code == 0 and "9 runs" in printed.stdout
    assert "scores of different corpora are not comparable" in printed.stderr
    dom = _rendered(browser, page, tmp_path)
    _assert_equals_trend(dom, desk, "system", "week", None, ("mqm", "bleu"))
    assert {c["data-series"] for c in dom.cells(tag="td", **{"data-metric": "mqm"})} == {
        "news-desk · xinhua-belarus", "mt-engine · xinhua-belarus", "mt-engine · consumption"}


def _urls(dom: _Dom) -> list[str]:
    """Everything in the page that could make a browser load something."""
    found = []
    for element in dom.elements:
        for name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data", "background"):
            if element.get(name):
                found.append(element[name])
        if "url(" in element.get("style", ""):
            found.append(element["style"])
    return found


def test_the_page_loads_nothing(sqlite_desk: Path, browser: str, tmp_path: Path):
    desk = sqlite_desk
    page = tmp_path / "desk.html"
    mtreview("history", "report", "--history", desk, "--out", page)
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "<script" not in text and "url(" not in text
    dom = _rendered(browser, page, tmp_path)
    assert all(url.startswith("#") for url in _urls(dom)), _urls(dom)  # in-page links only
    [policy] = [e for e in dom.elements if e.get("http-equiv") == "Content-Security-Policy"]
    assert policy["content"].startswith("default-src 'none'")
    # Chromium's own network log of the visit: no request went out
    log = tmp_path / "net.json"
    _chromium(browser, page, tmp_path / "profile-net", f"--log-net-log={log}", "--dump-dom")
    assert not _requested(log)
    # ... which is a log that would show one: the same visit to a page that loads an image
    bait = tmp_path / "bait.html"
    bait.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>',
                    encoding="utf-8")
    _chromium(browser, bait, tmp_path / "profile-bait", f"--log-net-log={tmp_path / 'bait.json'}", "--dump-dom")
    assert "http://127.0.0.1:9/x.png" in _requested(tmp_path / "bait.json")


def _requested(log: Path) -> list[str]:
    """The URLs a Chromium net log (--log-net-log) records the page asking for: requests made for a file://
    page (its network isolation key), not the browser's own (update and time checks despite the flags)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    try:
        events = json.loads(text)["events"]
    except (ValueError, KeyError):  # a log cut short when the browser quit: read it up to its last event
        events = json.loads(text[:text.rfind("},") + 1] + "]}")["events"]
    return [event["params"]["url"] for event in events
            if "url" in event.get("params", {}) and "file://" in event["params"].get("network_isolation_key", "")]


def test_a_screenshot_shows_a_page(sqlite_desk: Path, browser: str, tmp_path: Path):
    desk = sqlite_desk
    page = tmp_path / "desk.html"
    mtreview("history", "report", "--history", desk, "--corpus", "xinhua-belarus", "--out", page)
    shot = tmp_path / "desk.png"
    result = _chromium(browser, page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2400",
                       "--hide-scrollbars")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2400)
    assert len(data) > 60_000  # tables, charts and text: a blank or error page compresses to a few KB


def test_bad_history_or_location_is_one_line_and_nothing_written(desk: str | Path, tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(app, ["history", "report", "--history", str(tmp_path / "none.sqlite"),
                                  "--out", str(tmp_path / "a.html")])
    assert missing.exit_code == 2 and "none.sqlite: no history database" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and not (tmp_path / "a.html").exists()
    assert not (tmp_path / "none.sqlite").exists()
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    blocked = runner.invoke(app, ["history", "report", "--history", str(desk), "--out", str(tmp_path / "file" / "d.html")])
    assert blocked.exit_code == 2 and len(blocked.stderr.strip().splitlines()) == 1 and "d.html" in blocked.stderr
    unknown = runner.invoke(app, ["history", "report", "--history", str(desk), "--corpus", "nope",
                                  "--out", str(tmp_path / "b.html")])
    assert unknown.exit_code == 2 and "no runs of corpus nope" in unknown.stderr
    wrong = runner.invoke(app, ["history", "report", "--history", str(desk), "--out", str(tmp_path / "desk.pdf")])
    assert wrong.exit_code == 2 and "desk.pdf: the desk report is an .html page" in wrong.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no page, no temporary file


def test_review_records_the_translator_and_trend_groups_by_it(tmp_path: Path, history_location):
    database = history_location
    mtreview("review", XINHUA, "--out", tmp_path / "reports", "--history", database, "--translator", "Li Lei")
    mtreview("review", XINHUA, "--out", tmp_path / "reports", "--history", database)
    with open_history(database, create=False) as store:
        configs = [run.config for run in store.runs()]
    assert [config.get("translator") for config in configs] == [None, "Li Lei"]  # newest first
    by_translator = json.loads(mtreview("history", "trend", "--metric", "mqm", "--by", "translator", "--format",
                                        "json", "--history", database))
    assert [row["series"] for row in by_translator["runs"]] == ["Li Lei", "(no translator)"]
    assert [row["translator"] for row in by_translator["runs"]] == ["Li Lei", ""]
    by_month = mtreview("history", "trend", "--metric", "chrf", "--period", "month", "--history", database)
    assert "mean chrf" in by_month and "news-desk" in by_month


def test_names_are_text_on_the_page(tmp_path: Path, history_location):
    hostile = '<script>alert(1)</script> & "desk"'
    database = history_location
    review = review_corpus(load_input([XINHUA]), ReviewOptions(system=hostile, translator="<b>Li</b>"))
    with open_history(database) as store:
        store.record(review)
    page = tmp_path / "desk.html"
    mtreview("history", "report", "--history", database, "--by", "translator", "--out", page)
    mtreview("history", "report", "--history", database, "--out", page)
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;desk&quot;" in text
    dom = _Dom()
    dom.feed(text)
    assert {c["data-series"] for c in dom.cells(tag="td") if "data-series" in c} == {hostile}
