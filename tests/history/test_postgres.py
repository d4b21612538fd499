"""The PostgreSQL history on a real server: one schema with SQLite's, concurrent reviewers, runs killed
midway, a SQLite history migrated across, and errors in one line that never show the password."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zipfile
from pathlib import Path
from urllib.parse import quote

from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.history import SCHEMA_VERSION, open_history
from mtreview.history.schema import ROWID_TABLES, TABLES
from mtreview.records import Decision, ReviewerFinding, SegmentEdit, Severity
from tests.support.history_runs import CORPUS, make_run, pairs, record_all
from tests.support.paths import REPO, XINHUA
from tests.support.postgres_server import PASSWORD, READER_PASSWORD, PostgresServer

SCHEMA3 = REPO / "tests" / "data" / "history-schema3.sqlite"


def password_forms(password: str = PASSWORD) -> list[str]:
    return [password, quote(password, safe="")]


def assert_no_password(text: str, password: str = PASSWORD) -> None:
    for form in password_forms(password):
        assert form not in text, f"the password ({form!r}) is shown: {text!r}"


def everything_written(folder: Path) -> str:
    """Every file under a folder as text, the members of zip files (xlsx) unpacked."""
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        else:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def cli(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env)


def pg_rows(url: str, query: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def test_one_schema_on_both_backends(postgres_url: str, tmp_path: Path):
    with open_history(postgres_url):
        pass
    with open_history(tmp_path / "history.sqlite"):
        pass
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        sqlite_columns = {table.name: [row[1] for row in db.execute(f"PRAGMA table_info({table.name})")]
                          for table in TABLES}
    for table in TABLES:
        pg = pg_rows(postgres_url, "SELECT column_name, data_type, collation_name FROM information_schema.columns"
                                   f" WHERE table_name = '{table.name}' ORDER BY ordinal_position")
        own = [name for name, _, _ in pg if name != "rowid"]
        expected = [table.serial] if table.serial and table.serial != "rowid" else []
        assert sorted(own) == sorted(sqlite_columns[table.name]) == sorted(expected + list(table.columns)), table
        assert ("rowid" in [name for name, _, _ in pg]) == (table.name in ROWID_TABLES)
        for name, data_type, collation in pg:
            assert data_type != "real", (table.name, name)  # 4-byte floats would round scores
            if data_type == "text":
                assert collation == "C", (table.name, name)  # compared byte by byte, as SQLite does
    assert pg_rows(postgres_url, "SELECT version FROM mtreview_schema") == [(SCHEMA_VERSION,)]


def test_ten_concurrent_reviews_of_the_bundled_case_all_land(postgres_url: str, tmp_path: Path):
    from mtreview.inputs import load_input
    from mtreview.publish import publish_review
    from mtreview.review import ReviewOptions, review_corpus

    out = tmp_path / "out"
    start = threading.Barrier(10)
    errors: list[BaseException] = []

    def reviewer(number: int) -> None:
        try:
            corpus = load_input([XINHUA])
            start.wait()  # the ten open the history (a fresh database: its schema too) and record together
            review = review_corpus(corpus, ReviewOptions(history_path=postgres_url, system=f"desk-{number}"))
            publish_review(review, out, postgres_url)
        except BaseException as error:  # noqa: BLE001  (reported below, with the thread's number)
            errors.append(error)

    threads = [threading.Thread(target=reviewer, args=(number,)) for number in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    with open_history(postgres_url, create=False) as store:
        runs = store.runs("xinhua-belarus")
        assert sorted(run.system for run in runs) == sorted(f"desk-{number}" for number in range(10))
        assert {run.pairs for run in runs} == {20} and {run.findings for run in runs} == {12}
        identity = store.identity
    folders = sorted(path.name for path in (out / "xinhua-belarus").iterdir())
    assert folders == sorted(run.run_id for run in runs)  # every folder recorded, none removed as an orphan
    for run in runs:
        scores = json.loads((out / "xinhua-belarus" / run.run_id / "scores.json").read_text(encoding="utf-8"))
        assert scores["history"] == identity
    assert pg_rows(postgres_url, "SELECT count(*) FROM pairs") == [(200,)]
    assert_no_password(everything_written(out))


def test_concurrent_first_opens_create_the_schema_once(postgres_url: str):
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            start.wait()
            with open_history(postgres_url) as store:
                store.runs()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert pg_rows(postgres_url, "SELECT version FROM mtreview_schema") == [(SCHEMA_VERSION,)]


def sqlite_history_with_everything(path: Path) -> dict:
    """A SQLite history of four runs with decisions, corrections and a reviewer's finding."""
    with open_history(path) as store:
        reviews = record_all(store)
        first = reviews["20240115T090000Z-desk01"]
        finding = first.findings[0]
        pair = next(p for p in first.pairs if p.id == finding.pair_id)
        store.record_decisions(
            [Decision(first.run_id, finding.fingerprint, "false positive", pair_id=pair.id, check=finding.check,
                      source=pair.source, target=pair.target, reviewer="lh", comment="fine here", sheet="a.xlsx",
                      sheet_row=2)],
            ingested="2024-01-20T00:00:00Z",
            edits=[SegmentEdit(pair.source, post_edit=pair.target + " Fixed.", run_id=first.run_id, reviewer="lh")],
            reviewer_findings=[ReviewerFinding(source=pair.source, target=pair.target, category="Style/Awkward",
                                               severity=Severity.MINOR, run_id=first.run_id, pair_id=pair.id)])
        store.record_decisions([Decision(first.run_id, finding.fingerprint, "confirmed", reviewer="mk")],
                               ingested="2024-01-21T00:00:00Z")
    return reviews


def table_rows_sqlite(path: Path, table) -> list[tuple]:
    columns = ", ".join(table.all_columns)
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT {columns} FROM {table.name} ORDER BY {', '.join(table.key)}").fetchall()


def table_rows_pg(url: str, table) -> list[tuple]:
    columns = ", ".join(table.all_columns)
    return pg_rows(url, f"SELECT {columns} FROM {table.name} ORDER BY {', '.join(table.key)}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrate_copies_a_sqlite_history_whole_and_twice_is_harmless(postgres_url: str, tmp_path: Path):
    source = tmp_path / "history.sqlite"
    sqlite_history_with_everything(source)
    before = digest(source)
    result = cli("history", "migrate", "--history", source, "--to", postgres_url)
    assert result.exit_code == 0, result.output
    assert "4 run(s)" in result.stdout and "2 decision(s)" in result.stdout and "1 reviewer finding(s)" in result.stdout
    assert_no_password(result.output)
    for table in TABLES:
        assert table_rows_pg(postgres_url, table) == table_rows_sqlite(source, table), table.name
    for command in (["history", "list"], ["history", "show", "desk01"], ["checks", "--stats"],
                    ["history", "trend", "--metric", "chrf"]):
        on_sqlite, on_pg = cli(*command, "--history", source), cli(*command, "--history", postgres_url)
        assert on_pg.exit_code == 0 and on_pg.stdout == on_sqlite.stdout.replace(str(source), _shown(postgres_url))
    again = cli("history", "migrate", "--history", source, "--to", postgres_url)
    assert again.exit_code == 0 and "holds this history already" in again.stdout and "nothing copied" in again.stdout
    assert digest(source) == before  # the source is read, never written
    # the copy goes on where the source stopped: a run of the same second lists after, a decision wins
    with open_history(postgres_url) as store:
        store.record(make_run("later", "2024-02-16T09:00:00Z", "mt", pairs("loose")))
        assert [run.run_id for run in store.runs()][:2] == ["later", "20240216T090000Z-mt0002"]
        fingerprint = store.decision_log(corpus=CORPUS)[0]["fingerprint"]
        store.record_decisions([Decision("20240115T090000Z-desk01", fingerprint, "fixed")],
                               ingested="2024-01-19T00:00:00Z")
        assert store.decisions(CORPUS, "brief-1")[fingerprint].decision == "fixed"
    refused = cli("history", "migrate", "--history", source, "--to", postgres_url)
    assert refused.exit_code == 2 and "holds another history (5 runs, 3 decisions)" in refused.stderr
    assert refused.stderr.count("\n") == 1


def _shown(url: str) -> str:
    from mtreview.history import shown_location

    return shown_location(url)


def test_migrate_a_schema_3_history(postgres_url: str, tmp_path: Path):
    source = tmp_path / "old.sqlite"
    source.write_bytes(SCHEMA3.read_bytes())
    result = cli("history", "migrate", "--history", source, "--to", postgres_url)
    assert result.exit_code == 0, result.output
    assert "(schema 3, upgraded to 4 in the copy)" in result.stdout
    assert source.read_bytes() == SCHEMA3.read_bytes()
    upgraded = tmp_path / "upgraded.sqlite"
    upgraded.write_bytes(SCHEMA3.read_bytes())
    with open_history(upgraded) as sqlite_store, open_history(postgres_url, create=False) as pg_store:
        (run,) = pg_store.runs()
        assert run == sqlite_store.runs()[0] and run.document.startswith("zh-")
        assert pg_store.decisions(run.corpus, run.document) == sqlite_store.decisions(run.corpus, run.document)
        assert len(pg_store.decisions(run.corpus, run.document)) == 2
        assert pg_store.post_edits(run.corpus) == sqlite_store.post_edits(run.corpus) != {}


def test_migrate_refuses_a_target_holding_another_history(postgres_url: str, tmp_path: Path):
    with open_history(postgres_url) as store:
        store.record(make_run("theirs", "2024-03-01T00:00:00Z", "desk", pairs("close")))
    source = tmp_path / "old.sqlite"
    source.write_bytes(SCHEMA3.read_bytes())
    result = cli("history", "migrate", "--history", source, "--to", postgres_url)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "holds another history (1 runs, 0 decisions); migrate into an empty database" in result.stderr
    assert_no_password(result.output)
    assert pg_rows(postgres_url, "SELECT run_id FROM runs") == [("theirs",)]
    not_sqlite = cli("history", "migrate", "--history", postgres_url, "--to", postgres_url)
    assert not_sqlite.exit_code == 2 and "copies a SQLite history" in not_sqlite.stderr
    assert_no_password(not_sqlite.output)


def test_the_review_loop_on_postgres_never_shows_the_password(postgres_url: str, tmp_path: Path, monkeypatch):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    reviewed = cli("review", XINHUA, "--out", out, "--history", postgres_url)
    assert reviewed.exit_code == 0, reviewed.output
    assert f"in {_shown(postgres_url)}" in reviewed.stdout
    sheet = next(out.rglob("review.xlsx"))
    first = json.loads((sheet.parent / "scores.json").read_text(encoding="utf-8"))
    identity = first["history"]
    assert identity.startswith("postgresql://desk@127.0.0.1:")
    summary = list(load_workbook(sheet)["Summary"].iter_rows(values_only=True))
    assert ("Run", "History", identity) in [row[:3] for row in summary]
    # the reviewer dismisses the quotation-mark findings and adds a comment
    book = load_workbook(sheet)
    findings = book["Findings"]
    header = [cell.value for cell in findings[1]]
    dismissed = 0
    for row in findings.iter_rows(min_row=2):
        if row[header.index("Check")].value == "apostrophe":
            row[header.index("Decision")].value = "false positive"
            row[header.index("Reviewer")].value = "lh"
            dismissed += 1
    book.save(sheet)
    # ingest finds the history the sheet names; the password comes from the environment, as libpq reads it
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    ingested = cli("ingest", sheet)
    assert ingested.exit_code == 0, ingested.output
    assert f"{dismissed} false positive" in ingested.stdout
    monkeypatch.delenv("PGPASSWORD")
    again = cli("review", XINHUA, "--out", out, env={"MTREVIEW_HISTORY": postgres_url})
    assert again.exit_code == 0, again.output
    assert f"Findings: {12 - dismissed}" in again.stdout
    outputs = [reviewed.output, ingested.output, again.output]
    for command in (["history", "list"], ["history", "show", first["run_id"]], ["checks", "--stats"],
                    ["history", "trend", "--metric", "bleu"]):
        result = cli(*command, env={"MTREVIEW_HISTORY": postgres_url})
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert "xinhua-belarus" in outputs[3]
    assert_no_password("\n".join(outputs) + everything_written(out))


def test_bad_url_down_server_bad_password_and_missing_database_are_one_line(postgres_server: PostgresServer,
                                                                            postgres_url: str, tmp_path: Path):
    odd = "Zq9%zz-not-encoded"
    with open_history(postgres_url) as store:
        store.record(make_run("r1", "2024-01-01T00:00:00Z", "desk", pairs("close")))
    database = postgres_url.rsplit("/", 1)[1]
    down = postgres_server.url(database).replace(f":{postgres_server.port}/", f":{_closed_port()}/")
    cases = [
        (f"postgresql://desk:{odd}@127.0.0.1:{postgres_server.port}/{database}", "not a usable PostgreSQL URL", odd),
        (down, "cannot connect (connection to server at \"127.0.0.1\"", PASSWORD),
        (postgres_server.url(database, password="wrong-one"), 'password authentication failed for user "desk"',
         "wrong-one"),
        (postgres_server.url("no_such_database"), 'database "no_such_database" does not exist', PASSWORD),
    ]
    for url, problem, password in cases:
        for command in (["review", XINHUA, "--out", tmp_path / "out"], ["history", "list"],
                        ["ingest", tmp_path / "missing.xlsx"]):
            result = cli(*command, "--history", url)
            if command[0] == "ingest":  # the sheet is checked first: no history is opened for a missing file
                assert result.exit_code == 2
                continue
            assert result.exit_code == 2, (url, result.output)
            assert result.stderr.count("\n") == 1 and problem in result.stderr, result.stderr
            assert_no_password(result.output, password)
            assert not (tmp_path / "out").exists()  # nothing is written before the history opens


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again at once: nothing listens there


def test_a_role_without_rights_is_told_before_any_work(postgres_server: PostgresServer, postgres_url: str,
                                                       tmp_path: Path):
    database = postgres_url.rsplit("/", 1)[1]
    reader = postgres_server.url(database, user="reader", password=READER_PASSWORD)
    # no history yet, and no CREATE on the schema
    result = cli("review", XINHUA, "--out", tmp_path / "out", "--history", reader)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "the role may not create the history's tables" in result.stderr
    assert "permission denied for schema public" in result.stderr
    assert_no_password(result.output, READER_PASSWORD)
    assert not (tmp_path / "out").exists()
    assert pg_rows(postgres_url, "SELECT to_regclass('mtreview_schema') IS NULL") == [(True,)]
    # a history the desk made: the reader may list it once granted SELECT, never record into it
    with open_history(postgres_url) as store:
        store.record(make_run("r1", "2024-01-01T00:00:00Z", "desk", pairs("close")))
    denied = cli("history", "list", "--history", reader)
    assert denied.exit_code == 2 and "cannot read the history's schema version (permission denied for table" in denied.stderr
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as owner:
        owner.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    listed = cli("history", "list", "--history", reader)
    assert listed.exit_code == 0 and "r1" in listed.stdout
    refused = cli("review", XINHUA, "--out", tmp_path / "out", "--history", reader)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "the role may read this history but not write it (no INSERT on runs" in refused.stderr
    assert not (tmp_path / "out").exists()
    assert_no_password(refused.output + listed.output + denied.output, READER_PASSWORD)


def test_a_database_of_another_application_is_not_written_into(postgres_url: str, tmp_path: Path):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE runs (job text)")
    result = cli("review", XINHUA, "--out", tmp_path / "out", "--history", postgres_url)
    assert result.exit_code == 2 and "not an mtreview history (tables of another application: runs)" in result.stderr
    assert pg_rows(postgres_url, "SELECT to_regclass('mtreview_schema') IS NULL") == [(True,)]


def test_reading_an_empty_database_creates_nothing(postgres_url: str):
    result = cli("history", "list", "--history", postgres_url)
    assert result.exit_code == 2 and "no mtreview history in this database" in result.stderr
    assert pg_rows(postgres_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
